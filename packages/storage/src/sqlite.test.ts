import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { runDocumentStoreTests } from './acceptance.ts';
import { SqliteDocumentStore } from './sqlite.ts';

function tempFile(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-storage-'));
  return { dir, file: path.join(dir, 'kring.db') };
}

/**
 * A store on a file of its own with its tables made, and a second connection to the file, as the app's account
 * tables have; both closed and the file removed when the test ends.
 */
async function storeSharedWithApp(): Promise<{ store: SqliteDocumentStore; app: Database.Database; file: string }> {
  const { dir, file } = tempFile();
  const store = new SqliteDocumentStore(file);
  await store.logLength('noord/page/a');
  const app = new Database(file);
  onTestFinished(async () => {
    await store.close();
    app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { store, app, file };
}

runDocumentStoreTests('SQLite file', async () => {
  const { dir, file } = tempFile();
  let store = new SqliteDocumentStore(file);
  return {
    store,
    reopen: async () => (store = new SqliteDocumentStore(file)),
    teardown: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteDocumentStore', () => {
  it('opens its own file in WAL mode and closes it', async () => {
    const { dir, file } = tempFile();
    const store = new SqliteDocumentStore(file);
    await store.append('noord/page/a', update(), 'anna');
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    await store.close();
    // The last connection to close checkpoints and removes the WAL.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejects an append whose commit failed, stores nothing of its group, and keeps what it said was stored', async () => {
    const { store, app } = await storeSharedWithApp();
    app.exec(`CREATE TRIGGER refuse BEFORE INSERT ON doc_updates WHEN NEW.doc = 'noord/page/kapot'
             BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const names = ['noord/page/a', 'noord/page/kapot', 'noord/page/b'];
    const results = await Promise.allSettled(names.map((name) => store.append(name, update(), 'anna')));
    expect(results[1]!.status).toBe('rejected');
    // Appends committed in the same group as the failed one are rejected too; whichever resolved is there.
    for (const [i, result] of results.entries()) expect(await store.load(names[i]!), names[i]).toEqual(result.status === 'fulfilled' ? expect.any(Uint8Array) : null);
    const stored = results.filter((result) => result.status === 'fulfilled').length;
    expect((await store.changesSince(0)).changes).toHaveLength(stored);

    // The next group commits normally.
    expect(await store.append('noord/page/a', update(), 'anna')).toBeGreaterThan(0);
  });

  it('shares the file with the app: waits for a transaction the app has open, then commits, without holding up this thread', async () => {
    const { store, app } = await storeSharedWithApp();
    app.exec('CREATE TABLE accounts (email TEXT)');
    app.exec('BEGIN IMMEDIATE');
    app.exec("INSERT INTO accounts VALUES ('anna@kring.test')");
    let settled = false;
    const pending = store.append('noord/page/a', update(), 'anna').finally(() => (settled = true));
    // The app holds the write lock: the append waits for it (in the worker: this thread's timers still run,
    // which they could not if the wait were here), and it does not fail.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    app.exec('ROLLBACK');
    expect(await pending).toBeGreaterThan(0);
    expect(await store.load('noord/page/a')).not.toBeNull();
    expect(app.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
  });
});

function update(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, 'hallo');
  return Y.encodeStateAsUpdate(doc);
}

describe('SQLite erasure', () => {
  it('leaves no readable copy of erased content in the database file or its write-ahead log', async () => {
    const { store, file } = await storeSharedWithApp();
    const docName = 'noord/feed/2026-11';
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getMap('posts').set('p1', 'BSN 123456782');
    await store.append(docName, updates[0], 'anna');
    doc.getMap('posts').delete('p1');
    await store.appendErasing(docName, updates[1], 'anna', Y.encodeStateAsUpdate(doc));
    for (const part of [file, `${file}-wal`]) {
      if (fs.existsSync(part)) expect(fs.readFileSync(part).includes('123456782'), part).toBe(false);
    }
  });
});
