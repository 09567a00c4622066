import pg from 'pg';
import * as Y from 'yjs';
import { StoreClosedError } from './errors.ts';
import type { DocumentChange, DocumentStore, HistoryEntry, StoredBytes, VersionInfo } from './types.ts';
import { assertLimit } from './util/assertLimit.ts';
import { withoutDeleted } from './util/erase.ts';

/**
 * The same tables as the SQLite adapter (sqlite-worker.ts explains them). Sequence numbers come from one
 * sequence, taken under `WRITE_LOCK` in the transaction that inserts them, so transactions commit in the order
 * of their numbers, also between processes: `changesSince` can never skip an update that commits late with a
 * lower number. Yjs client ids are unsigned 32-bit, hence BIGINT.
 */
const SCHEMA = `
  CREATE SEQUENCE IF NOT EXISTS doc_seq;
  CREATE TABLE IF NOT EXISTS doc_updates (
    seq BIGINT PRIMARY KEY,
    doc TEXT NOT NULL,
    author TEXT,
    at BIGINT NOT NULL,
    size INTEGER NOT NULL,
    data BYTEA
  );
  CREATE INDEX IF NOT EXISTS doc_updates_by_doc ON doc_updates (doc, seq);
  CREATE INDEX IF NOT EXISTS doc_updates_log ON doc_updates (doc, seq) WHERE data IS NOT NULL;
  CREATE TABLE IF NOT EXISTS doc_snapshots (
    doc TEXT PRIMARY KEY,
    data BYTEA NOT NULL
  );
  CREATE TABLE IF NOT EXISTS doc_heads (
    doc TEXT PRIMARY KEY,
    seq BIGINT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS doc_heads_by_seq ON doc_heads (seq);
  CREATE TABLE IF NOT EXISTS doc_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    doc TEXT NOT NULL,
    label TEXT NOT NULL,
    author TEXT,
    at BIGINT NOT NULL,
    data BYTEA NOT NULL
  );
  CREATE INDEX IF NOT EXISTS doc_versions_by_doc ON doc_versions (doc, id);
  CREATE TABLE IF NOT EXISTS doc_writers (
    doc TEXT NOT NULL,
    client BIGINT NOT NULL,
    author TEXT,
    PRIMARY KEY (doc, client)
  );
`;

/** Advisory lock keys (arbitrary, Kring's own): every transaction that takes sequence numbers holds WRITE_LOCK. */
const WRITE_LOCK = 0x6b72696e;
/** With hashtext(doc): one document's compaction, erasure and version saving wait for each other. */
const DOC_LOCK = 0x646f63;
const SCHEMA_LOCK = 0x736368;

// The state from the snapshot (ordered first) and the log, in one statement, so both come from the same moment.
const LOAD = `SELECT data FROM (
    SELECT 0::bigint AS seq, data FROM doc_snapshots WHERE doc = $1
    UNION ALL SELECT seq, data FROM doc_updates WHERE doc = $1 AND data IS NOT NULL
  ) parts ORDER BY seq`;

interface QueuedAppend {
  docName: string;
  data: Uint8Array;
  author: string | null;
  at: number;
  claims: readonly number[];
  /** An erasure's state (appendErasing): committed alone, in its place among the appends. */
  erasing?: Buffer;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/** An append as a row to insert. */
function toRow({ docName, data, author, at, claims }: QueuedAppend) {
  return { docName, data, size: data.byteLength, author, at, claims };
}

/** BIGINT (counts, sums, sequence numbers, times) as a number: all stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Keeps documents in Postgres (`DATABASE_URL`). Appends that arrive while a commit is under way are committed
 * together in the next transaction (group commit), and each resolves only after its COMMIT returned, with
 * synchronous_commit forced on for these connections: durable on the server's disk, whatever the server's
 * default. Every other call first waits for the appends made before it, so it sees them. Several processes
 * may share one database.
 */
export class PostgresDocumentStore implements DocumentStore {
  readonly #pool: pg.Pool;
  /** The appends' own connection: a batch never waits for a pool busy with loads and compactions. */
  readonly #writes: pg.Pool;
  readonly #ready: Promise<void>;
  #queue: QueuedAppend[] = [];
  #draining: Promise<void> | null = null;
  /** Settles once the last append called so far has (batches commit in order, so every earlier one has too). */
  #lastAppend: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | null = null;

  /** @param connection a postgres:// URL, or the pool's settings */
  constructor(connection: string | pg.PoolConfig) {
    const config = typeof connection === 'string' ? { connectionString: connection } : connection;
    // Settings of the caller's (a search_path, say) stay; durable commits are not the server's choice to make.
    const options = [config.options, '-c synchronous_commit=on'].filter(Boolean).join(' ');
    this.#pool = new pg.Pool({ max: 8, ...config, types, options });
    this.#writes = new pg.Pool({ ...config, max: 1, types, options });
    // A connection that breaks while idle (the server restarted) is dropped; the next call opens a new one.
    this.#pool.on('error', () => undefined);
    this.#writes.on('error', () => undefined);
    this.#ready = this.#transaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query(SCHEMA);
    });
    // Seen by the first call (and `ready`); unhandled until then would end the process.
    this.#ready.catch(() => undefined);
  }

  /** Resolves once the tables exist; rejects if the database cannot be reached. */
  ready(): Promise<void> {
    return this.#ready;
  }

  append(docName: string, update: Uint8Array, author: string | null, claims: readonly number[] = []): Promise<number> {
    return this.#enqueue(docName, update, author, claims);
  }

  async appendErasing(docName: string, update: Uint8Array, author: string | null, state: Uint8Array, claims: readonly number[] = []): Promise<number> {
    // In the appends' queue, so it clears exactly the log of the appends made before it, never one made after
    // (whose content is not in `state`).
    const seq = await this.#enqueue(docName, update, author, claims, Buffer.from(state));
    // The old rows are dead but still on the tables' pages: VACUUM removes them (docs/privacy.md says what
    // Postgres may still hold). Done or not, the erasure itself is committed.
    await this.#pool.query('VACUUM doc_updates, doc_snapshots, doc_versions').catch(() => undefined);
    return seq;
  }

  async writers(docName: string): Promise<Map<number, string | null>> {
    await this.#open();
    const { rows } = await this.#pool.query<{ client: number; author: string | null }>('SELECT client, author FROM doc_writers WHERE doc = $1', [docName]);
    return new Map(rows.map(({ client, author }) => [client, author]));
  }

  async load(docName: string): Promise<Uint8Array | null> {
    await this.#open();
    return this.#state(this.#pool, docName);
  }

  async compact(docName: string): Promise<void> {
    await this.#open();
    await this.#transaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DOC_LOCK, docName]);
      const log = await client.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE doc = $1 AND data IS NOT NULL ORDER BY seq', [docName]);
      if (log.rows.length === 0) return;
      const snapshot = await client.query<{ data: Buffer }>('SELECT data FROM doc_snapshots WHERE doc = $1', [docName]);
      const parts = [...snapshot.rows, ...log.rows].map((row) => row.data);
      await client.query('INSERT INTO doc_snapshots (doc, data) VALUES ($1, $2) ON CONFLICT (doc) DO UPDATE SET data = excluded.data', [docName, Buffer.from(Y.mergeUpdates(parts))]);
      // Only the updates merged: one committed meanwhile stays in the log.
      await client.query('UPDATE doc_updates SET data = NULL WHERE seq = ANY($1)', [log.rows.map((row) => row.seq)]);
    });
  }

  async logLength(docName: string): Promise<number> {
    await this.#open();
    const { rows } = await this.#pool.query<{ count: number }>('SELECT count(*) FROM doc_updates WHERE doc = $1 AND data IS NOT NULL', [docName]);
    return rows[0].count;
  }

  async history(docName: string): Promise<HistoryEntry[]> {
    await this.#open();
    const { rows } = await this.#pool.query<HistoryEntry>('SELECT seq, author, at, size FROM doc_updates WHERE doc = $1 ORDER BY seq', [docName]);
    return rows;
  }

  async saveVersion(docName: string, label: string, author: string | null): Promise<number> {
    await this.#open();
    return this.#transaction(this.#pool, async (client) => {
      // Under the document's lock, so an erasure cannot slip between reading the state and keeping it.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DOC_LOCK, docName]);
      const data = (await this.#state(client, docName)) ?? Y.mergeUpdates([]);
      const { rows } = await client.query<{ id: number }>(
        'INSERT INTO doc_versions (doc, label, author, at, data) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [docName, label, author, Date.now(), Buffer.from(data)],
      );
      return rows[0].id;
    });
  }

  async listVersions(docName: string): Promise<VersionInfo[]> {
    await this.#open();
    const { rows } = await this.#pool.query<VersionInfo>('SELECT id, label, author, at FROM doc_versions WHERE doc = $1 ORDER BY id', [docName]);
    return rows;
  }

  async loadVersion(docName: string, versionId: number): Promise<Uint8Array | null> {
    await this.#open();
    // Postgres would refuse a fraction or a number past BIGINT; no version has such an id.
    if (!Number.isSafeInteger(versionId)) return null;
    const { rows } = await this.#pool.query<{ data: Buffer }>('SELECT data FROM doc_versions WHERE doc = $1 AND id = $2', [docName, versionId]);
    return rows[0] ? bytes(rows[0].data) : null;
  }

  async changesSince(cursor: number, limit = 1000): Promise<{ changes: DocumentChange[]; cursor: number }> {
    assertLimit(limit);
    await this.#open();
    const { rows } = await this.#pool.query<DocumentChange>('SELECT doc AS "docName", seq FROM doc_heads WHERE seq > $1 ORDER BY seq LIMIT $2', [cursor, limit]);
    return { changes: rows, cursor: rows.at(-1)?.seq ?? cursor };
  }

  async storedBytes(): Promise<StoredBytes[]> {
    await this.#open();
    const { rows } = await this.#pool.query<StoredBytes>(
      `SELECT author, split_part(doc, '/', 1) AS "spaceId", sum(size) AS bytes FROM doc_updates GROUP BY 1, 2`,
    );
    return rows;
  }

  close(): Promise<void> {
    // Marked closed at once so no call slips in after the last commit; a second call gets the same promise.
    this.#closing ??= (async () => {
      await this.#draining;
      await Promise.all([this.#pool.end(), this.#writes.end()]);
    })();
    return this.#closing;
  }

  /**
   * Rejects once closed; otherwise waits for the tables and for every append made before this call (not for
   * those made after: under a steady stream of appends a read would otherwise wait for ever).
   */
  async #open(): Promise<void> {
    if (this.#closing) throw new StoreClosedError();
    await this.#ready;
    await this.#lastAppend;
  }

  #enqueue(docName: string, update: Uint8Array, author: string | null, claims: readonly number[], erasing?: Buffer): Promise<number> {
    if (this.#closing) return Promise.reject(new StoreClosedError());
    // A copy: the caller may reuse its buffer at once.
    const data = Uint8Array.from(update);
    const appended = new Promise<number>((resolve, reject) => {
      this.#queue.push({ docName, data, author, at: Date.now(), claims: [...claims], erasing, resolve, reject });
      this.#draining ??= this.#drain();
    });
    this.#lastAppend = appended.catch(() => undefined);
    return appended;
  }

  /**
   * Commits the queue in call order on the appends' connection, a transaction at a time: every append queued
   * while the last one committed goes into the next, up to an erasure, which commits alone.
   */
  async #drain(): Promise<void> {
    try {
      await this.#ready.catch(() => undefined);
      while (this.#queue.length > 0) {
        const erasure = this.#queue.findIndex((item) => item.erasing);
        const batch = this.#queue.splice(0, erasure === 0 ? 1 : erasure === -1 ? this.#queue.length : erasure);
        try {
          await this.#ready;
          const seqs = await this.#transaction(this.#writes, (client) => (batch[0]!.erasing ? this.#erase(client, batch[0]!) : this.#insert(client, batch.map(toRow))));
          batch.forEach((append, i) => append.resolve(seqs[i]!));
        } catch (error) {
          for (const append of batch) append.reject(error);
        }
      }
    } finally {
      this.#draining = null;
    }
  }

  /**
   * The erasure's transaction: `state` becomes the snapshot, the log loses its content, every version what `state`
   * deletes, and the update joins the history without content.
   */
  async #erase(client: Queryable, { docName, data, author, at, claims, erasing: state }: QueuedAppend): Promise<number[]> {
    // A compaction of this document that read the log before this cannot write its snapshot after.
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DOC_LOCK, docName]);
    await client.query('INSERT INTO doc_snapshots (doc, data) VALUES ($1, $2) ON CONFLICT (doc) DO UPDATE SET data = excluded.data', [docName, state]);
    await client.query('UPDATE doc_updates SET data = NULL WHERE doc = $1 AND data IS NOT NULL', [docName]);
    const versions = await client.query<{ id: number; data: Buffer }>('SELECT id, data FROM doc_versions WHERE doc = $1', [docName]);
    for (const version of versions.rows) {
      await client.query('UPDATE doc_versions SET data = $1 WHERE id = $2', [Buffer.from(withoutDeleted(version.data, state!)), version.id]);
    }
    return this.#insert(client, [{ docName, data: null, size: data.byteLength, author, at, claims }]);
  }

  /**
   * Inserts updates (null data: history only) with their heads and claims, in the caller's transaction, and
   * returns their sequence numbers in the order given.
   */
  async #insert(
    client: Queryable,
    updates: { docName: string; data: Uint8Array | null; size: number; author: string | null; at: number; claims: readonly number[] }[],
  ): Promise<number[]> {
    // The lock first (a subquery with a volatile function is evaluated before the rows it joins), then the numbers.
    const taken = await client.query<{ seq: number }>(
      "SELECT nextval('doc_seq') AS seq FROM (SELECT pg_advisory_xact_lock($1)) AS locked, generate_series(1, $2)",
      [WRITE_LOCK, updates.length],
    );
    // Postgres hands them out in no promised order; the appends get them in call order.
    const seqs = taken.rows.map((row) => row.seq).sort((a, b) => a - b);
    // The first claim of a client wins, also between appends in this batch.
    const claims = new Map<string, { doc: string; client: number; author: string | null }>();
    for (const u of updates) {
      for (const id of u.claims) {
        const key = `${id} ${u.docName}`;
        if (!claims.has(key)) claims.set(key, { doc: u.docName, client: id, author: u.author });
      }
    }
    const claimed = [...claims.values()];
    // One statement for the updates, the documents' heads and the claims: one round trip per batch.
    await client.query(
      `WITH inserted AS (
         INSERT INTO doc_updates (seq, doc, author, at, size, data)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::bytea[])
         RETURNING doc, seq
       ), claimed AS (
         INSERT INTO doc_writers (doc, client, author) SELECT * FROM unnest($7::text[], $8::bigint[], $9::text[])
         ON CONFLICT DO NOTHING
       )
       INSERT INTO doc_heads (doc, seq) SELECT doc, max(seq) FROM inserted GROUP BY doc
       ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq`,
      [
        seqs,
        updates.map((u) => u.docName),
        updates.map((u) => u.author),
        updates.map((u) => u.at),
        updates.map((u) => u.size),
        updates.map((u) => (u.data ? Buffer.from(u.data) : null)),
        claimed.map((r) => r.doc),
        claimed.map((r) => r.client),
        claimed.map((r) => r.author),
      ],
    );
    return seqs;
  }

  async #state(client: Queryable, docName: string): Promise<Uint8Array | null> {
    const { rows } = await client.query<{ data: Buffer }>(LOAD, [docName]);
    if (rows.length === 0) return null;
    return rows.length === 1 ? bytes(rows[0].data) : Y.mergeUpdates(rows.map((row) => row.data));
  }

  async #transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    // A connection lost mid-transaction (the server died) fails the query under way; unheard, it would end the process.
    const lost = (error: Error) => (broken = error);
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that failed mid-transaction is not handed out again.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }
}

/** A plain Uint8Array view of a Buffer, so every adapter hands out the same type. */
function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
