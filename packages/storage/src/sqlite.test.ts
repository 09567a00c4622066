import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runDocumentStoreTests } from './acceptance.ts';
import { SqliteDocumentStore } from './sqlite.ts';

function tempFile(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-storage-'));
  return { dir, file: path.join(dir, 'kring.db') };
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

// The app hands the store the connection its account tables use.
runDocumentStoreTests('SQLite shared connection', async () => {
  const { dir, file } = tempFile();
  let db = new Database(file);
  let store = new SqliteDocumentStore(db);
  return {
    store,
    reopen: async () => {
      db.close();
      db = new Database(file);
      return (store = new SqliteDocumentStore(db));
    },
    teardown: async () => {
      await store.close();
      db.close();
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

  it('leaves a connection it was given open', async () => {
    const db = new Database(':memory:');
    const store = new SqliteDocumentStore(db);
    await store.append('noord/page/a', update(), 'anna');
    await store.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT count(*) FROM doc_updates').pluck().get()).toBe(1);
    db.close();
  });

  it('rejects every append of a group whose commit failed and stores none of them', async () => {
    const db = new Database(':memory:');
    const store = new SqliteDocumentStore(db);
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON doc_updates WHEN NEW.doc = 'noord/page/kapot'
             BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const results = await Promise.allSettled([
      store.append('noord/page/a', update(), 'anna'),
      store.append('noord/page/kapot', update(), 'anna'),
      store.append('noord/page/b', update(), 'anna'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await store.load('noord/page/a')).toBeNull();
    expect(await store.changesSince(0)).toEqual({ changes: [], cursor: 0 });

    // The next group commits normally.
    expect(await store.append('noord/page/a', update(), 'anna')).toBeGreaterThan(0);
    await store.close();
    db.close();
  });

  it('does not commit an append inside a transaction the app has open on the shared connection', async () => {
    const db = new Database(':memory:');
    const store = new SqliteDocumentStore(db);
    db.exec('CREATE TABLE accounts (email TEXT)');
    db.exec('BEGIN');
    db.exec("INSERT INTO accounts VALUES ('anna@kring.test')");
    const pending = store.append('noord/page/a', update(), 'anna');
    // Let the store try to commit while the app's transaction is open, then the app rolls back.
    await new Promise((resolve) => setTimeout(resolve, 20));
    db.exec('ROLLBACK');
    await pending;
    expect(await store.load('noord/page/a')).not.toBeNull();
    await store.close();
    db.close();
  });
});

function update(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('text').insert(0, 'hallo');
  return Y.encodeStateAsUpdate(doc);
}
