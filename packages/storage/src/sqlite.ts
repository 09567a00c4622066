import Database from 'better-sqlite3';
import { setTimeout as delay } from 'node:timers/promises';
import * as Y from 'yjs';
import { StoreClosedError } from './errors.ts';
import type { DocumentChange, DocumentStore, HistoryEntry, VersionInfo } from './types.ts';
import { assertLimit } from './util/assertLimit.ts';

/**
 * doc_updates is both the log and the history: compaction sets `data` to NULL and keeps the row, so who
 * changed what when stays listed. The log is the rows that still have data (a partial index finds them).
 * doc_heads holds each document's latest seq, so `changesSince` reads one index range instead of grouping
 * the whole log. AUTOINCREMENT keeps sequence numbers from ever being reused.
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
`;

function prepareStatements(db: Database.Database) {
  return {
    insertUpdate: db.prepare<[string, string | null, number, number, Buffer]>(
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
    selectVersion: db
      .prepare<[string, number], Buffer>('SELECT data FROM doc_versions WHERE doc = ? AND id = ?')
      .pluck(),
    selectChanges: db.prepare<[number, number], DocumentChange>(
      'SELECT doc AS docName, seq FROM doc_heads WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
  };
}

interface QueuedAppend {
  docName: string;
  data: Buffer;
  author: string | null;
  at: number;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Keeps documents in SQLite. Appends that arrive in the same event-loop turn are committed in one
 * transaction (group commit): one fsync for all of them, and each append resolves only after that commit.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly ownsConnection: boolean;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly writeBatch: (batch: QueuedAppend[]) => number[];
  private readonly compactDocument: (docName: string) => void;
  private readonly readState: (docName: string) => Uint8Array | null;
  private queue: QueuedAppend[] = [];
  private closing: Promise<void> | null = null;

  /**
   * @param database a file path, which this store opens (WAL, synchronous = FULL) and closes again; or a
   *   connection the app already uses (for its account tables), which is left open and configured as the app
   *   set it up, so the app should use WAL with synchronous = FULL there too
   */
  constructor(database: string | Database.Database) {
    this.ownsConnection = typeof database === 'string';
    this.db = typeof database === 'string' ? openFile(database) : database;
    this.db.exec(SCHEMA);
    const statements = prepareStatements(this.db);
    this.statements = statements;

    this.writeBatch = this.db.transaction((batch: QueuedAppend[]) =>
      batch.map(({ docName, data, author, at }) => {
        const seq = Number(statements.insertUpdate.run(docName, author, at, data.byteLength, data).lastInsertRowid);
        statements.setHead.run(docName, seq);
        return seq;
      }),
    );

    // A read transaction too, so snapshot and log come from the same moment even if another process writes.
    this.readState = this.db.transaction((docName: string) => {
      const snapshot = statements.selectSnapshot.get(docName);
      const log = statements.selectLog.all(docName);
      const parts = snapshot ? [snapshot, ...log] : log;
      if (parts.length === 0) return null;
      return parts.length === 1 ? bytes(parts[0]) : Y.mergeUpdates(parts);
    });

    this.compactDocument = this.db.transaction((docName: string) => {
      const log = statements.selectLog.all(docName);
      if (log.length === 0) return;
      const snapshot = statements.selectSnapshot.get(docName);
      statements.setSnapshot.run(docName, Buffer.from(Y.mergeUpdates(snapshot ? [snapshot, ...log] : log)));
      statements.clearLog.run(docName);
    });
  }

  append(docName: string, update: Uint8Array, author: string | null): Promise<number> {
    if (this.closing) return Promise.reject(new StoreClosedError());
    return new Promise((resolve, reject) => {
      // Buffer.from copies, because the caller may reuse its buffer before the commit.
      this.queue.push({ docName, data: Buffer.from(update), author, at: Date.now(), resolve, reject });
      // setImmediate runs after the pending I/O callbacks, so every append they make joins this batch.
      if (this.queue.length === 1) setImmediate(this.commitWhenFree);
    });
  }

  load(docName: string): Promise<Uint8Array | null> {
    return this.exclusive(() => this.readState(docName));
  }

  compact(docName: string): Promise<void> {
    return this.exclusive(() => this.compactDocument(docName));
  }

  logLength(docName: string): Promise<number> {
    return this.exclusive(() => this.statements.countLog.get(docName) ?? 0);
  }

  history(docName: string): Promise<HistoryEntry[]> {
    return this.exclusive(() => this.statements.selectHistory.all(docName));
  }

  saveVersion(docName: string, label: string, author: string | null): Promise<number> {
    return this.exclusive(() => {
      const state = this.readState(docName) ?? Y.mergeUpdates([]);
      const data = Buffer.from(state);
      return Number(this.statements.insertVersion.run(docName, label, author, Date.now(), data).lastInsertRowid);
    });
  }

  listVersions(docName: string): Promise<VersionInfo[]> {
    return this.exclusive(() => this.statements.selectVersions.all(docName));
  }

  loadVersion(docName: string, versionId: number): Promise<Uint8Array | null> {
    return this.exclusive(() => {
      const data = this.statements.selectVersion.get(docName, versionId);
      return data ? bytes(data) : null;
    });
  }

  async changesSince(cursor: number, limit = 1000): Promise<{ changes: DocumentChange[]; cursor: number }> {
    assertLimit(limit);
    const changes = await this.exclusive(() => this.statements.selectChanges.all(cursor, limit));
    return { changes, cursor: changes.at(-1)?.seq ?? cursor };
  }

  close(): Promise<void> {
    // Marked closed at once so no append slips in after the last commit; a second call gets the same promise.
    this.closing ??= (async () => {
      await this.appFinished();
      this.commitQueue();
      if (this.ownsConnection) this.db.close();
    })();
    return this.closing;
  }

  /** Runs `work` after committing queued appends, so it sees them, and outside any transaction of the app's. */
  private async exclusive<T>(work: () => T): Promise<T> {
    if (this.closing) throw new StoreClosedError();
    await this.appFinished();
    if (this.closing) throw new StoreClosedError();
    // No await from here on, so the app cannot open a transaction in between.
    this.commitQueue();
    return work();
  }

  /**
   * On a shared connection the app may be inside its own transaction, awaiting between statements. Ours would
   * become a savepoint in it: durable only when (and if) the app commits. So wait until it has finished.
   */
  private async appFinished(): Promise<void> {
    while (this.db.inTransaction) await delay(1);
  }

  private readonly commitWhenFree = (): void => {
    if (this.queue.length === 0) return;
    if (this.db.inTransaction) setTimeout(this.commitWhenFree, 1);
    else this.commitQueue();
  };

  /** Commits every queued append in one transaction; settles their promises only after it. */
  private commitQueue(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let seqs: number[];
    try {
      seqs = this.writeBatch(batch);
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    batch.forEach((append, i) => append.resolve(seqs[i]));
  }
}

/**
 * WAL with synchronous = FULL: every commit fsyncs the WAL before it returns. A crash of this process
 * (kill -9) loses nothing committed; even synchronous = NORMAL would give that, since the WAL is already in
 * the OS's cache. FULL adds the power cut and kernel panic: a committed update is on the disk, provided the
 * disk honours flushes (a drive with a volatile write cache that ignores them can lose the last commits;
 * macOS also needs PRAGMA fullfsync). A transaction cut off mid-way is rolled back when the file reopens.
 */
function openFile(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** A plain Uint8Array view of a Buffer from SQLite, so both adapters hand out the same type. */
function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
