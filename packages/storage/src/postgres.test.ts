import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { startPostgres, type TestPostgres } from '../../../test/support/postgres.ts';
import { runDocumentStoreTests } from './acceptance.ts';
import { expectAcknowledgedToSurviveKill } from './crash.ts';
import { PostgresDocumentStore } from './postgres.ts';

// One real Postgres for this file, a fresh database for every test.
let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server?.stop());

runDocumentStoreTests('Postgres', async () => {
  const url = await server.createDatabase();
  let store = new PostgresDocumentStore(url);
  return {
    store,
    reopen: async () => (store = new PostgresDocumentStore(url)),
    teardown: () => store.close(),
  };
});

/** A store on a fresh database, and a plain connection to it, both closed when the test ends. */
async function storeWithConnection(): Promise<{ store: PostgresDocumentStore; sql: pg.Client; url: string }> {
  const url = await server.createDatabase();
  const store = new PostgresDocumentStore(url);
  await store.ready();
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  onTestFinished(async () => {
    await store.close();
    await sql.end();
  });
  return { store, sql, url };
}

function update(key = 'k', value: string | number = 'hallo'): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('map').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

describe('PostgresDocumentStore', () => {
  it('shares one database between processes: sequence numbers increase in commit order across both, and each sees the other’s appends', async () => {
    const { store: first, url } = await storeWithConnection();
    const second = new PostgresDocumentStore(url);
    onTestFinished(() => second.close());
    const seqs: number[] = [];
    // Interleaved, each store's appends awaited in turn, so commit order is known.
    for (let i = 0; i < 10; i++) {
      seqs.push(await (i % 2 === 0 ? first : second).append('noord/page/gedeeld', update(`k${i}`, i), 'anna'));
    }
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await first.load('noord/page/gedeeld'))!);
    expect(Object.keys(doc.getMap('map').toJSON())).toHaveLength(10);
    expect((await second.changesSince(0)).changes).toEqual([{ docName: 'noord/page/gedeeld', seq: seqs[9] }]);
  });

  it('creates its tables once when several stores start together on an empty database', async () => {
    const url = await server.createDatabase();
    const stores = Array.from({ length: 4 }, () => new PostgresDocumentStore(url));
    onTestFinished(async () => {
      for (const store of stores) await store.close();
    });
    await Promise.all(stores.map((store) => store.ready()));
    expect(await Promise.all(stores.map((store, i) => store.append('noord/page/a', update(`k${i}`), 'anna')))).toHaveLength(4);
  });

  it('rejects an append whose commit failed, stores nothing of its group, and keeps what it said was stored', async () => {
    const { store, sql } = await storeWithConnection();
    await sql.query(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.doc = 'noord/page/kapot' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await sql.query('CREATE TRIGGER refuse BEFORE INSERT ON doc_updates FOR EACH ROW EXECUTE FUNCTION refuse()');
    const names = ['noord/page/a', 'noord/page/kapot', 'noord/page/b'];
    const results = await Promise.allSettled(names.map((name) => store.append(name, update(), 'anna')));
    expect(results[1]!.status).toBe('rejected');
    for (const [i, result] of results.entries()) expect(await store.load(names[i]!), names[i]).toEqual(result.status === 'fulfilled' ? expect.any(Uint8Array) : null);
    const stored = results.filter((result) => result.status === 'fulfilled').length;
    expect((await store.changesSince(0)).changes).toHaveLength(stored);
    expect(await store.append('noord/page/a', update(), 'anna')).toBeGreaterThan(0);
  });

  it('rejects calls, rather than hanging, when the database cannot be reached', async () => {
    const store = new PostgresDocumentStore({ connectionString: `postgres://postgres@127.0.0.1:${server.port}/bestaat_niet`, connectionTimeoutMillis: 2000 });
    onTestFinished(() => store.close());
    await expect(store.ready()).rejects.toThrow();
    await expect(store.append('noord/page/a', update(), 'anna')).rejects.toThrow();
    await expect(store.load('noord/page/a')).rejects.toThrow();
  });

  it('gives null, not an error, for a version id no version can have', async () => {
    const { store } = await storeWithConnection();
    expect(await store.loadVersion('noord/page/a', 1.5)).toBeNull();
    expect(await store.loadVersion('noord/page/a', 2 ** 80)).toBeNull();
  });

  it('keeps erased content out of the tables: no live row or version holds it, and VACUUM has freed the old rows', async () => {
    const { store, sql } = await storeWithConnection();
    const docName = 'noord/feed/2026-11';
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getMap('posts').set('p1', 'BSN 123456782');
    await store.append(docName, updates[0]!, 'anna');
    await store.saveVersion(docName, 'voor', 'eva');
    doc.getMap('posts').delete('p1');
    await store.appendErasing(docName, updates[1]!, 'anna', Y.encodeStateAsUpdate(doc));
    const { rows } = await sql.query<{ hits: string }>(
      `SELECT (SELECT count(*) FROM doc_updates WHERE position('123456782'::bytea IN data) > 0)
            + (SELECT count(*) FROM doc_snapshots WHERE position('123456782'::bytea IN data) > 0)
            + (SELECT count(*) FROM doc_versions WHERE position('123456782'::bytea IN data) > 0) AS hits`,
    );
    expect(Number(rows[0]!.hits)).toBe(0);
    const dead = await sql.query<{ relname: string; n_dead_tup: string }>(
      "SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE relname IN ('doc_updates', 'doc_snapshots', 'doc_versions')",
    );
    for (const table of dead.rows) expect(Number(table.n_dead_tup), table.relname).toBe(0);
  });
});

describe('Postgres crashes', () => {
  it('keeps every append that resolved before the writing process was killed with SIGKILL', async () => {
    const url = await server.createDatabase();
    await expectAcknowledgedToSurviveKill(url, async () => new PostgresDocumentStore(url));
  }, 20_000);

  it('keeps every append that resolved before the Postgres server itself was killed with SIGKILL', async () => {
    const url = await server.createDatabase();
    await expectAcknowledgedToSurviveKill(url, async () => new PostgresDocumentStore(url), {
      kill: () => server.kill9(),
      restart: () => server.start(),
    });
  }, 30_000);
});
