/**
 * With DATABASE_URL the documents live in Postgres: what the server said was saved is in Postgres (not in the
 * SQLite file beside the accounts), survives kill -9 of the server, and is there when it restarts. A Postgres the
 * server cannot reach stops the start with the reason.
 */
import type { WebsocketProvider } from 'y-websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDocumentStore } from '@kring/storage';
import { PostgresDocumentStore } from '@kring/storage/postgres';
import * as Y from 'yjs';
import { join } from 'node:path';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { createDataDir, login, removeDataDir, startKring, type KringServer } from '../support/server.ts';

describe('documents in Postgres (DATABASE_URL)', () => {
  let postgres: TestPostgres;
  let databaseUrl: string;
  let dataDir: string;
  let kring: KringServer | undefined;
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    databaseUrl = await postgres.createDatabase();
    dataDir = await createDataDir();
  });
  afterAll(async () => {
    for (const provider of providers.splice(0)) provider.destroy();
    await kring?.stop();
    await removeDataDir(dataDir);
    await postgres?.stop();
  });

  async function restart(): Promise<{ url: string; anna: string }> {
    kring = await startKring({ dataDir, env: { DATABASE_URL: databaseUrl } });
    return { url: kring.url, anna: await login(kring.url, 'anna@kring.test') };
  }

  async function crash(): Promise<void> {
    await kring?.kill9();
    kring = undefined;
    for (const provider of providers.splice(0)) provider.destroy();
  }

  it('keeps saved edits in Postgres through kill -9 of the server, and none in the SQLite file', async () => {
    const docName = 'noord/page/postgres-overdracht';
    const { url, anna } = await restart();
    const client = await openSynced(url, docName, anna);
    providers.push(client);
    const text = client.doc.getText('body');
    for (let i = 0; i < 200; i++) {
      text.insert(text.length, `e${i};`);
      if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitForSaved(client);
    const saved = text.toString();
    await crash();

    // Read straight from each database while no server runs.
    const inPostgres = new PostgresDocumentStore(databaseUrl);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await inPostgres.load(docName))!);
    expect(doc.getText('body').toString()).toBe(saved);
    // The demo's seeded documents went there too.
    expect((await inPostgres.changesSince(0)).changes.length).toBeGreaterThan(1);
    await inPostgres.close();
    const inSqlite = new SqliteDocumentStore(join(dataDir, 'kring.sqlite'));
    expect(await inSqlite.load(docName)).toBeNull();
    expect((await inSqlite.changesSince(0)).changes).toEqual([]);
    await inSqlite.close();

    const restarted = await restart();
    const fresh = await openSynced(restarted.url, docName, restarted.anna);
    providers.push(fresh);
    expect(fresh.doc.getText('body').toString()).toBe(saved);
  });

  it('does not start on a DATABASE_URL it cannot reach, and says why', async () => {
    await crash();
    const unreachable = `postgres://postgres@127.0.0.1:${postgres.port}/bestaat_niet`;
    const failed = await startKring({ env: { DATABASE_URL: unreachable } }).then(
      (server) => server.stop().then(() => null),
      (error: unknown) => String(error),
    );
    expect(failed).toMatch(/DATABASE_URL/);
    expect(failed).toMatch(/bestaat_niet/);
  });
});
