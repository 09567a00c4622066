/**
 * How collaborative documents are kept on the server. The sync server only talks to this interface; every
 * adapter (SQLite, in-memory, later Postgres) must pass the shared acceptance suite in `acceptance.ts`.
 *
 * A document is a log of Yjs updates (each with who sent it and when) on top of an optional snapshot.
 * Compaction merges the log into the snapshot; the record of who changed the document when stays.
 *
 * Every method sees the appends called before it, even those whose promise has not resolved yet, so a
 * document loaded right after an update arrived includes it. After `close()` every method rejects with
 * `StoreClosedError`.
 */
export interface DocumentStore {
  /**
   * Appends one update to a document's log. Resolves only once the update is durable (it survives a crash
   * of this process), so the caller may then tell the client "saved on server". Concurrent appends may be
   * committed together (group commit).
   * @param docName the document's full name, `<spaceId>/<kind>/<docId>`
   * @param update a Yjs update (v1 encoding), already checked by the caller
   * @param author the user id of whoever sent it, or null for the server itself (seeding, compaction)
   * @param claims Yjs client ids this update is the first to write as: from now on they are `author`'s in this
   * document (see `writers`). A client already someone's keeps its first writer.
   * @returns the update's sequence number: greater than 0 and increasing with every append across all
   * documents, so 0 is the cursor for "from the beginning"
   */
  append(docName: string, update: Uint8Array, author: string | null, claims?: readonly number[]): Promise<number>;

  /**
   * Appends an update that deletes something, and erases what it deleted: in the same transaction, `state` (the
   * document with the update applied, re-encoded from a garbage-collected Y.Doc so deleted content is gone)
   * becomes the document's snapshot, its log keeps only who changed it when (no content), and every saved
   * version loses what `state` deletes. The bytes freed are overwritten and the write-ahead log emptied, so the
   * database files hold no readable copy (as far as the adapter can: see docs/privacy.md). Resolves once durable.
   * @param state a Yjs update (v1) holding everything stored in the document so far plus `update`
   * @param claims as `append`
   * @returns the update's sequence number, as `append`
   */
  appendErasing(docName: string, update: Uint8Array, author: string | null, state: Uint8Array, claims?: readonly number[]): Promise<number>;

  /**
   * Who writes as which Yjs client in a document (client id to user id; null: the server), as claimed by appends.
   * Kept apart from the updates, so compaction and erasure, which keep no bytes per author, keep it.
   */
  writers(docName: string): Promise<Map<number, string | null>>;

  /** The whole document (snapshot and log) as one merged Yjs update, or null if nothing was ever stored. */
  load(docName: string): Promise<Uint8Array | null>;

  /**
   * Merges the log into the snapshot in one transaction: `load` returns the same document before and after,
   * and `history` still lists every update's author and time.
   */
  compact(docName: string): Promise<void>;

  /** Number of updates in the log since the last compaction (the server compacts past a threshold). */
  logLength(docName: string): Promise<number>;

  /** Who changed the document when, oldest first, including updates already compacted. */
  history(docName: string): Promise<HistoryEntry[]>;

  /**
   * Keeps the current state under a name, for restore and audit. Returns the version's id. A document
   * never written is saved as the empty document.
   */
  saveVersion(docName: string, label: string, author: string | null): Promise<number>;
  /** The document's saved versions, oldest first. */
  listVersions(docName: string): Promise<VersionInfo[]>;
  /**
   * The document as it was when the version was saved, or null if this document has no such version (an id
   * of another document's version gives null too, because access is decided by the document's name).
   */
  loadVersion(docName: string, versionId: number): Promise<Uint8Array | null>;

  /**
   * Documents changed after `cursor` (a sequence number from `append`), each once with its latest sequence
   * number, in increasing order; at most `limit`. The returned cursor is the last one listed (or the given
   * cursor when nothing changed), so a caller can page through. Compaction is not a change.
   * @param limit at least 1; defaults to 1000
   */
  changesSince(cursor: number, limit?: number): Promise<{ changes: DocumentChange[]; cursor: number }>;

  /**
   * The bytes of every update ever appended (compacted ones too), summed per author and per space (the part of
   * the document's name before the first `/`): what quotas start from when the server starts.
   */
  storedBytes(): Promise<StoredBytes[]>;

  /** Finishes pending appends and releases the storage. Calling it again does nothing. */
  close(): Promise<void>;
}

export interface HistoryEntry {
  seq: number;
  author: string | null;
  /** Milliseconds since the epoch, server time. */
  at: number;
  /** Size of the update in bytes. */
  size: number;
}

export interface StoredBytes {
  author: string | null;
  spaceId: string;
  bytes: number;
}

export interface VersionInfo {
  id: number;
  label: string;
  author: string | null;
  at: number;
}

export interface DocumentChange {
  docName: string;
  seq: number;
}
