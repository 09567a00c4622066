/**
 * The SQLite side of `SqliteDocumentStore`, in a worker thread of its own: every commit waits for the disk
 * (fsync, synchronous = FULL) and merging a log into one update takes CPU, and neither may hold up the sync
 * server's event loop, where relaying one keystroke to a hundred people must not wait for someone else's
 * commit. Requests are handled in the order they arrive; appends that arrive together are committed in one
 * transaction (group commit), and anything else first commits the appends before it, so it sees them.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { withoutDeleted } from './util/erase.ts';
import type { DocumentChange, HistoryEntry, StoredBytes, VersionInfo } from './types.ts';

/**
 * doc_updates is both the log and the history: compaction sets `data` to NULL and keeps the row, so who
 * changed what when stays listed. The log is the rows that still have data (a partial index finds them).
 * doc_heads holds each document's latest seq, so `changesSince` reads one index range instead of grouping
 * the whole log. AUTOINCREMENT keeps sequence numbers from ever being reused. doc_writers says who writes as which
 * Yjs client per document (the first to claim it keeps it), which the log cannot say once compacted.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS doc_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    author TEXT,
    at INTEGER NOT NULL,
    size INTEGER NOT NULL,
    data BLOB
  );
  CREATE INDEX IF NOT EXISTS doc_updates_by_doc ON doc_updates (doc, seq);
  CREATE INDEX IF NOT EXISTS doc_updates_log ON doc_updates (doc, seq) WHERE data IS NOT NULL;
  CREATE TABLE IF NOT EXISTS doc_snapshots (
    doc TEXT PRIMARY KEY,
    data BLOB NOT NULL
  );
  CREATE TABLE IF NOT EXISTS doc_heads (
    doc TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS doc_heads_by_seq ON doc_heads (seq);
  CREATE TABLE IF NOT EXISTS doc_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    label TEXT NOT NULL,
    author TEXT,
    at INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS doc_versions_by_doc ON doc_versions (doc, id);
  CREATE TABLE IF NOT EXISTS doc_writers (
    doc TEXT NOT NULL,
    client INTEGER NOT NULL,
    author TEXT,
    PRIMARY KEY (doc, client)
  ) WITHOUT ROWID;
`;

function prepareStatements(db: Database.Database) {
  return {
    insertUpdate: db.prepare<[string, string | null, number, number, Buffer | null]>(
      'INSERT INTO doc_updates (doc, author, at, size, data) VALUES (?, ?, ?, ?, ?)',
    ),
    setHead: db.prepare<[string, number]>(
      'INSERT INTO doc_heads (doc, seq) VALUES (?, ?) ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq',
    ),
    selectSnapshot: db.prepare<[string], Buffer>('SELECT data FROM doc_snapshots WHERE doc = ?').pluck(),
    selectLog: db
      .prepare<[string], Buffer>('SELECT data FROM doc_updates WHERE doc = ? AND data IS NOT NULL ORDER BY seq')
      .pluck(),
    countLog: db
      .prepare<[string], number>('SELECT count(*) FROM doc_updates WHERE doc = ? AND data IS NOT NULL')
      .pluck(),
    setSnapshot: db.prepare<[string, Buffer]>(
      'INSERT INTO doc_snapshots (doc, data) VALUES (?, ?) ON CONFLICT (doc) DO UPDATE SET data = excluded.data',
    ),
    clearLog: db.prepare<[string]>('UPDATE doc_updates SET data = NULL WHERE doc = ? AND data IS NOT NULL'),
    selectHistory: db.prepare<[string], HistoryEntry>(
      'SELECT seq, author, at, size FROM doc_updates WHERE doc = ? ORDER BY seq',
    ),
    insertVersion: db.prepare<[string, string, string | null, number, Buffer]>(
      'INSERT INTO doc_versions (doc, label, author, at, data) VALUES (?, ?, ?, ?, ?)',
    ),
    selectVersions: db.prepare<[string], VersionInfo>(
      'SELECT id, label, author, at FROM doc_versions WHERE doc = ? ORDER BY id',
    ),
    selectVersionData: db.prepare<[string], { id: number; data: Buffer }>('SELECT id, data FROM doc_versions WHERE doc = ?'),
    setVersionData: db.prepare<[Buffer, number]>('UPDATE doc_versions SET data = ? WHERE id = ?'),
    selectVersion: db
      .prepare<[string, number], Buffer>('SELECT data FROM doc_versions WHERE doc = ? AND id = ?')
      .pluck(),
    storedBytes: db.prepare<[], StoredBytes>(
      "SELECT author, substr(doc, 1, instr(doc, '/') - 1) AS spaceId, sum(size) AS bytes FROM doc_updates GROUP BY author, spaceId",
    ),
    claimClient: db.prepare<[string, number, string | null]>('INSERT INTO doc_writers (doc, client, author) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    selectWriters: db.prepare<[string], { client: number; author: string | null }>('SELECT client, author FROM doc_writers WHERE doc = ?'),
    selectChanges: db.prepare<[number, number], DocumentChange>(
      'SELECT doc AS docName, seq FROM doc_heads WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
  };
}

/** A request from the store on the main thread. */
export type WorkerRequest =
  | { id: number; op: 'append'; docName: string; data: Uint8Array; author: string | null; at: number; claims: readonly number[] }
  | { id: number; op: 'appendErasing'; docName: string; data: Uint8Array; author: string | null; at: number; state: Uint8Array; claims: readonly number[] }
  | { id: number; op: 'load' | 'compact' | 'logLength' | 'history' | 'listVersions' | 'writers'; docName: string }
  | { id: number; op: 'saveVersion'; docName: string; label: string; author: string | null }
  | { id: number; op: 'loadVersion'; docName: string; versionId: number }
  | { id: number; op: 'changesSince'; cursor: number; limit: number }
  | { id: number; op: 'storedBytes' }
  | { id: number; op: 'close' };

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

type QueuedAppend = Extract<WorkerRequest, { op: 'append' }>;

/**
 * WAL with synchronous = FULL: every commit fsyncs the WAL before it returns. A crash of this process
 * (kill -9) loses nothing committed; even synchronous = NORMAL would give that, since the WAL is already in
 * the OS's cache. FULL adds the power cut and kernel panic: a committed update is on the disk, provided the
 * disk honours flushes (a drive with a volatile write cache that ignores them can lose the last commits;
 * macOS also needs PRAGMA fullfsync). A transaction cut off mid-way is rolled back when the file reopens.
 * The app's account tables may live in the same file on another connection: the busy timeout lets each wait
 * for the other's commit instead of failing.
 */
function openFile(path: string): Database.Database {
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Freed bytes are overwritten with zeros, so erased content leaves no readable copy in the file's free space.
  db.pragma('secure_delete = ON');
  return db;
}

const db = openFile((workerData as { path: string }).path);
db.exec(SCHEMA);
const statements = prepareStatements(db);

const writeBatch = db.transaction((batch: QueuedAppend[]) =>
  batch.map(({ docName, data, author, at, claims }) => {
    const seq = Number(statements.insertUpdate.run(docName, author, at, data.byteLength, Buffer.from(data.buffer, data.byteOffset, data.byteLength)).lastInsertRowid);
    statements.setHead.run(docName, seq);
    for (const client of claims) statements.claimClient.run(docName, client, author);
    return seq;
  }),
);

// A read transaction too, so snapshot and log come from the same moment even if another connection writes.
const readState = db.transaction((docName: string): Uint8Array | null => {
  const snapshot = statements.selectSnapshot.get(docName);
  const log = statements.selectLog.all(docName);
  const parts = snapshot ? [snapshot, ...log] : log;
  if (parts.length === 0) return null;
  return parts.length === 1 ? bytes(parts[0]) : Y.mergeUpdates(parts);
});

const compactDocument = db.transaction((docName: string) => {
  const log = statements.selectLog.all(docName);
  if (log.length === 0) return;
  const snapshot = statements.selectSnapshot.get(docName);
  statements.setSnapshot.run(docName, Buffer.from(Y.mergeUpdates(snapshot ? [snapshot, ...log] : log)));
  statements.clearLog.run(docName);
});

/**
 * The update joins the history without its content (its content is in `state`), `state` becomes the snapshot, the
 * log loses its content and every version what `state` deletes: all or nothing.
 */
const appendErasing = db.transaction(({ docName, data, author, at, state, claims }: Extract<WorkerRequest, { op: 'appendErasing' }>): number => {
  const seq = Number(statements.insertUpdate.run(docName, author, at, data.byteLength, null).lastInsertRowid);
  statements.setHead.run(docName, seq);
  for (const client of claims) statements.claimClient.run(docName, client, author);
  statements.setSnapshot.run(docName, Buffer.from(state.buffer, state.byteOffset, state.byteLength));
  statements.clearLog.run(docName);
  for (const version of statements.selectVersionData.all(docName)) statements.setVersionData.run(Buffer.from(withoutDeleted(version.data, state)), version.id);
  return seq;
});

let queue: QueuedAppend[] = [];

/** Commits every queued append in one transaction and answers each, only after the commit. */
function commitQueue(): void {
  const batch = queue;
  if (batch.length === 0) return;
  queue = [];
  try {
    const seqs = writeBatch(batch);
    batch.forEach((append, i) => reply({ id: append.id, ok: true, value: seqs[i] }));
  } catch (error) {
    for (const append of batch) reply({ id: append.id, ok: false, message: messageOf(error) });
  }
}

/** Tries of the checkpoint after an erasure, and the wait between them (ms). */
const CHECKPOINT_TRIES = 100;
const CHECKPOINT_WAIT_MS = 5;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The pages the erased content was on are still in the write-ahead log: copy them back and empty it. A read on
 * another connection to the file (the app's: sessions, the access log) keeps it from finishing, so it is tried
 * again for a moment (this thread only writes; blocking it delays appends by at most 0.5 s, and erasures are rare);
 * if readers never let go, the next erasure or SQLite's own checkpoints empty it later (docs/privacy.md).
 */
function emptyWriteAheadLog(): void {
  for (let attempt = 0; attempt < CHECKPOINT_TRIES; attempt++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy === 0) return;
    Atomics.wait(pause, 0, 0, CHECKPOINT_WAIT_MS);
  }
}

function handle(request: Exclude<WorkerRequest, QueuedAppend>): unknown {
  switch (request.op) {
    case 'appendErasing': {
      const seq = appendErasing(request);
      emptyWriteAheadLog();
      return seq;
    }
    case 'load':
      return readState(request.docName);
    case 'compact':
      return compactDocument(request.docName);
    case 'logLength':
      return statements.countLog.get(request.docName) ?? 0;
    case 'history':
      return statements.selectHistory.all(request.docName);
    case 'writers':
      return new Map(statements.selectWriters.all(request.docName).map(({ client, author }) => [client, author]));
    case 'saveVersion': {
      const data = Buffer.from(readState(request.docName) ?? Y.mergeUpdates([]));
      return Number(statements.insertVersion.run(request.docName, request.label, request.author, Date.now(), data).lastInsertRowid);
    }
    case 'listVersions':
      return statements.selectVersions.all(request.docName);
    case 'loadVersion': {
      const data = statements.selectVersion.get(request.docName, request.versionId);
      return data ? bytes(data) : null;
    }
    case 'changesSince':
      return statements.selectChanges.all(request.cursor, request.limit);
    case 'storedBytes':
      return statements.storedBytes.all();
    case 'close':
      db.close();
      return undefined;
  }
}

function reply(message: WorkerReply): void {
  parentPort!.postMessage(message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A plain Uint8Array view of a Buffer from SQLite, so both adapters hand out the same type. */
function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

parentPort!.on('message', (request: WorkerRequest) => {
  if (request.op === 'append') {
    queue.push(request);
    // setImmediate runs after the messages already waiting, so every append among them joins this commit.
    if (queue.length === 1) setImmediate(commitQueue);
    return;
  }
  commitQueue();
  try {
    reply({ id: request.id, ok: true, value: handle(request) });
  } catch (error) {
    reply({ id: request.id, ok: false, message: messageOf(error) });
  }
  if (request.op === 'close') parentPort!.close();
});
