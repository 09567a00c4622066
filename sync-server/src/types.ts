import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
import type { Access } from '@kring/access';
import type { DocumentStore } from '@kring/storage';
import type { Change } from './writes.ts';

/** Who is on the other end of a connection, as vouched for by the session. */
export interface Principal {
  sessionId: string;
  userId: string;
  /** Display name, put into awareness so collaborators see who is here (never taken from the client). */
  name: string;
}

/**
 * The server core knows nothing of accounts: the app plugs these in. Throwing from a hook closes the
 * connection as an internal error; returning null or 'none' refuses it with 4401 or 4403.
 */
export interface SyncHooks<P extends Principal = Principal> {
  /** The principal behind an upgrade request (its session cookie), or null when there is no valid session. */
  authenticate(request: IncomingMessage): Promise<P | null>;
  /** What the principal may do with the document. Called on connect and again on every revalidation. */
  authorize(principal: P, docName: string): Promise<Access>;
  /** The principal again if its session still holds (not ended, not expired, account active), else null. */
  revalidate(principal: P): Promise<P | null>;
  /**
   * Whether a writer's update must be dropped although they may write the document, e.g. because it makes
   * something switched off in the space. `keys` are the map keys the update sets. Optional: none by default.
   */
  refusesChange?(principal: P, docName: string, keys: ReadonlySet<string>): boolean;
  /**
   * Whether the server judges every write to this document against its structure (per-person kinds, such as a
   * feed): it then keeps the document as a Y.Doc while it is open. Shared work (pages) stays binary. Optional.
   */
  judgesWrites?(docName: string): boolean;
  /**
   * Whether a writer's update to a judged document must be dropped: one of its writes is not theirs to make
   * (another person's post, a vote in someone else's name). Optional: none by default.
   */
  refusesWrites?(principal: P, docName: string, change: Change): boolean;
  /**
   * The files (pictures) a judged document refers to, each as a string that names it (asked before and after
   * every update that may delete something, so it should be cheap). With `filesReleased`, the server learns which
   * files a stored update stopped referring to (a post deleted, a picture taken off it). Optional: none by default.
   */
  filesOf?(docName: string, doc: Y.Doc): Iterable<string>;
  /**
   * Told once an update that stopped referring to these files (as `filesOf` named them) is durably stored, so they
   * can be deleted. Must return at once and not throw. Optional.
   */
  filesReleased?(docName: string, refs: readonly string[]): void;
  /**
   * Told while an update to a judged document is applied to the server's copy: `doc` as the update left it,
   * `transaction` the Yjs transaction that applied it (what it changed and made), `author` whose session wrote it
   * (null: the server). Returns what to do once the update is durably stored (notifications, derived from what was
   * stored, never from what a device claims). `present`: the people with a socket open on the document in this
   * process as it is applied (other processes' sockets are not known here). Must return at once and not throw,
   * nor may what it returns. What it returns may return a promise: an update that deleted something is
   * acknowledged ("saved") only once that settles, so what the hook keeps of deleted content goes first. Optional.
   */
  applied?(docName: string, author: string | null, doc: Y.Doc, transaction: Y.Transaction, present: ReadonlySet<string>): (() => void | Promise<void>) | undefined;
  /**
   * Whether the server keeps automatic versions of this document (pages): at compaction and once a day, see
   * `SyncServerOptions.versionEveryMs`. Optional: none by default.
   */
  keepsVersions?(docName: string): boolean;
  /**
   * Told when the server sent a person a document's state (`read`: on a socket's sync, in a batch's answer) or
   * stored their write (`create` when it made the document, else `change`), for an access log. Called on the hot
   * path: it must return at once and not throw. Optional.
   */
  accessed?(principal: P, docName: string, event: SyncAccessEvent, via: SyncAccessPoint): void;
  /**
   * Told when the server itself stored a write (`writeAsServer`, `transactAsServer`: publishing, erasure, the demo),
   * for `author` (null: nobody's), for the access log. Must return at once and not throw. Optional.
   */
  serverWrote?(docName: string, author: string | null, event: Exclude<SyncAccessEvent, 'read'>): void;
}

/** What a person did with a document, as the access log hears it from the sync server. */
export type SyncAccessEvent = 'read' | 'create' | 'change';
/** How it reached the server: a sync socket, or the batch of background sync. */
export type SyncAccessPoint = 'socket' | 'batch';

/** Which of a person's allowances a write or a socket would exceed. */
export type QuotaLimit = 'sockets' | 'new-documents' | 'bytes-per-minute' | 'person-storage' | 'space-storage';

/** Why a socket or a write was refused for a quota. */
export interface QuotaRefusal {
  limit: QuotaLimit;
  /** Seconds until it would pass; null when waiting does not help (storage full, or more than a whole allowance). */
  retryAfterSeconds: number | null;
}

/** One admitted write, as a quota sees it. */
export interface QuotaWrite {
  docName: string;
  bytes: number;
  /** Nothing was stored in the document before: this write makes a new document. */
  creates: boolean;
}

/**
 * A person's allowances across all their devices, kept by the app (the core knows no accounts). Asked on the hot
 * path, so it answers from memory: no query per update.
 */
export interface SyncQuota<P extends Principal = Principal> {
  /** A socket of `principal` opens: the release to call when it closes, or why it may not. */
  openSocket(principal: P): QuotaRefusal | (() => void);
  /** Takes `writes` (all or none) from the person's allowances, or says why not and takes nothing. */
  spend(principal: P, writes: readonly QuotaWrite[]): QuotaRefusal | null;
}

/** A batch refused for a quota: nothing of it was stored. */
export class QuotaExceededError extends Error {
  readonly refusal: QuotaRefusal;
  constructor(refusal: QuotaRefusal) {
    super(`over quota: ${refusal.limit}`);
    this.name = 'QuotaExceededError';
    this.refusal = refusal;
  }
}

export interface SyncLimits {
  /** Largest message the server accepts; larger ones close the connection with 4413. */
  maxMessageBytes: number;
  /** Sustained messages per second per connection, and the burst allowed above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Sustained bytes per second per connection, and the burst allowed above it. */
  bytesPerSecond: number;
  byteBurst: number;
  /** Awareness states a single connection may speak for (one per open editor tab is normal). */
  maxAwarenessClientsPerConnection: number;
  /** Largest awareness state (JSON) accepted per client. */
  maxAwarenessStateBytes: number;
}

export const DEFAULT_LIMITS: SyncLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  messagesPerSecond: 1000,
  messageBurst: 4000,
  bytesPerSecond: 8 * 1024 * 1024,
  byteBurst: 32 * 1024 * 1024,
  maxAwarenessClientsPerConnection: 4,
  maxAwarenessStateBytes: 8 * 1024,
};

export interface SyncServerOptions<P extends Principal = Principal> {
  hooks: SyncHooks<P>;
  store: DocumentStore;
  /**
   * Origins allowed to open sockets (browsers always send Origin). Without a list, the Origin must be the
   * origin of the host the request went to. Requests without Origin come from non-browser clients, which
   * cannot carry a victim's cookie, and are allowed.
   */
  allowedOrigins?: readonly string[];
  limits?: Partial<SyncLimits>;
  /** The people's allowances (sockets, bytes, new documents, storage); none without. */
  quota?: SyncQuota<P>;
  /** How often the server pings every socket; one that did not answer the previous ping is dropped (ms). */
  heartbeatIntervalMs?: number;
  /** How often open connections re-check their session and access (ms). */
  revalidateIntervalMs?: number;
  /** Compact a document's log once it holds this many updates. */
  compactAfterUpdates?: number;
  /** How long a document that keeps versions goes without an automatic one while it changes (ms); a day by default. */
  versionEveryMs?: number;
  /** URL path prefix for documents. */
  pathPrefix?: string;
}

/** Counters for operators and tests: what the server refused, and why. */
export interface SyncStats {
  connectionsOpen: number;
  roomsOpen: number;
  updatesStored: number;
  /** Writes dropped because the connection was read-only. */
  readOnlyWritesDropped: number;
  /** Writers' updates dropped by a content rule: something the space switched off, or not theirs to write. */
  changesRefused: number;
  closedMalformed: number;
  closedTooLarge: number;
  closedTooFast: number;
  refusedNoSession: number;
  refusedForbidden: number;
  refusedOrigin: number;
  /** Sockets and writes refused because a person or space was over a quota. */
  refusedOverQuota: number;
}

/** Every counter at zero: a server's stats when it starts. */
export function emptyStats(): SyncStats {
  return {
    connectionsOpen: 0,
    roomsOpen: 0,
    updatesStored: 0,
    readOnlyWritesDropped: 0,
    changesRefused: 0,
    closedMalformed: 0,
    closedTooLarge: 0,
    closedTooFast: 0,
    refusedNoSession: 0,
    refusedForbidden: 0,
    refusedOrigin: 0,
    refusedOverQuota: 0,
  };
}
