import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { startPostgres, type TestPostgres } from '../../../test/support/postgres.ts';
import { runDocumentStoreTests } from './acceptance.ts';
import { expectAcknowledgedToSurviveKill } from './crash.ts';
import { PostgresDocumentStore } from './postgres.ts';

// One real Postgres for this file. The acceptance suite gives every test a schema of its own in one database
// (a CREATE DATABASE copies and fsyncs a whole template, seconds on a busy machine); the tests below that need a
// database of their own make one. On a shared, busy machine fsynced commits take seconds, not the usual five.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });
let server: TestPostgres;
let suiteUrl: string;
let admin: pg.Client;
let schemas = 0;
beforeAll(async () => {
  server = await startPostgres();
  suiteUrl = await server.createDatabase();
  admin = new pg.Client({ connectionString: suiteUrl });
  await admin.connect();
}, 60_000);
afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

runDocumentStoreTests('Postgres', async () => {
  const schema = `test_${schemas++}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const open = () => new PostgresDocumentStore({ connectionString: suiteUrl, options: `-c search_path=${schema}` });
  let store = open();
  return {
    store,
    reopen: async () => (store = open()),
    teardown: async () => {
      await store.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    },
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

  it('answers a load while appends keep arriving, without waiting for those made after it', async () => {
    const { store } = await storeWithConnection();
    // A stream of appends for three seconds, 20 in flight at any time.
    const until = Date.now() + 3000;
    let appended = 0;
    const writer = (async () => {
      const inFlight: Promise<number>[] = [];
      for (let i = 0; Date.now() < until; i++) {
        inFlight.push(store.append('noord/chat/druk', update(`k${i}`, i), 'anna').then((seq) => (appended++, seq)));
        if (inFlight.length >= 20) await inFlight.shift();
      }
      await Promise.all(inFlight);
    })();
    onTestFinished(() => writer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = appended;
    const loaded = await store.load('noord/chat/druk');
    expect(Date.now(), 'the load waited for the stream to end').toBeLessThan(until);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, loaded!);
    expect(Object.keys(doc.getMap('map').toJSON()).length).toBeGreaterThanOrEqual(before);
    await writer;
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

  it('keeps erased content out of the tables’ rows and off their pages: VACUUM removed the old rows', async () => {
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
    // Every page of the three tables and their TOAST tables, as Postgres will write it to its files (read from its
    // buffers: a CHECKPOINT would have to write every other test's database first). Without the VACUUM the dead
    // rows would still be on them.
    await sql.query('CREATE EXTENSION pageinspect');
    const pages = await sql.query<{ relname: string; pages: number; hits: number }>(
      `SELECT c.relname, count(*)::int AS pages,
              count(*) FILTER (WHERE position('123456782'::bytea IN get_raw_page(c.oid::regclass::text, block::int)) > 0)::int AS hits
       FROM pg_class c, generate_series(0, pg_relation_size(c.oid) / current_setting('block_size')::int - 1) AS block
       WHERE c.relname IN ('doc_updates', 'doc_snapshots', 'doc_versions')
          OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relname IN ('doc_updates', 'doc_snapshots', 'doc_versions'))
       GROUP BY c.relname`,
    );
    expect(pages.rows.map((row) => row.relname)).toEqual(expect.arrayContaining(['doc_updates', 'doc_snapshots', 'doc_versions']));
    for (const row of pages.rows) expect(row.hits, row.relname).toBe(0);
  });
});

describe('Postgres crashes', () => {
  it('keeps every append that resolved before the writing process was killed with SIGKILL', async () => {
    const url = await server.createDatabase();
    await expectAcknowledgedToSurviveKill(url, async () => new PostgresDocumentStore(url));
  }, 30_000);

  it('keeps every append that resolved before the Postgres server itself was killed with SIGKILL', async () => {
    // A server of its own: after the kill Postgres replays its write-ahead log, which on the shared server holds
    // every other test's CREATE DATABASE.
    const own = await startPostgres();
    try {
      const url = await own.createDatabase();
      await expectAcknowledgedToSurviveKill(url, async () => new PostgresDocumentStore(url), {
        kill: () => own.kill9(),
        restart: () => own.start(),
      });
    } finally {
      await own.stop();
    }
  }, 60_000);
});
