/**
 * One document while at least one connection has it open. The server keeps the document as Yjs updates in binary
 * form (merged on demand), follows what is durably stored with a state vector, and forgets the whole room when
 * the last connection leaves. Only a document whose writes are judged per person (a feed) is also held as a
 * Y.Doc, to read each update's writes against; pages stay binary.
 */
import * as Y from 'yjs';
import { encodeSaved } from '@kring/protocol';
import type { DocumentStore } from '@kring/storage';
import { ClientWriters } from './ClientWriters.ts';
import { StateVectorTracker } from './StateVectorTracker.ts';
import type { UpdateMeta } from './updates.ts';
import { awarenessMessage, encodeAwareness, syncUpdate, type AwarenessEntry } from './messages.ts';

/** What the `applied` hook wants done once an update is stored; a promise holds back the "saved" of a deletion. */
type StoredHook = () => void | Promise<void>;

/** What a room needs of a connection. */
export interface RoomMember {
  readonly userId: string;
  /** Whether it hears `saved` (it asked for it); others are never sent one. */
  readonly hearsSaved: boolean;
  send(message: Uint8Array): void;
}

export interface RoomOptions {
  /** Compact the stored log once it holds this many updates. */
  compactAfter: number;
  /** Hold the document as a Y.Doc too, to judge writes against it. */
  judged: boolean;
  /** The files a judged document refers to, and who to tell when a stored update stopped referring to some. */
  files?: RoomFiles;
  /**
   * Told while an update is applied to a judged document, with the people who have it open here (a socket in this
   * room, in this process); what it returns is called once the update is stored.
   */
  applied?: (author: string | null, doc: Y.Doc, transaction: Y.Transaction, present: ReadonlySet<string>) => StoredHook | undefined;
  /**
   * Keep automatic versions of this document (pages): one of the state before each compaction, and one of the state
   * before the first change after `versionEveryMs` without a version (a day). Null: none.
   */
  versionEveryMs?: number | null;
}

/** The labels of the versions the server keeps by itself; people's names for versions may not start so. */
export const AUTOMATIC_VERSION = { compaction: 'auto:compaction', daily: 'auto:daily' } as const;

export interface RoomFiles {
  of(doc: Y.Doc): Iterable<string>;
  released(refs: readonly string[]): void;
}

export class Room {
  readonly name: string;
  readonly members = new Set<RoomMember>();
  /** The document as a Y.Doc when its writes are judged (see `SyncHooks.judgesWrites`), else null. */
  readonly doc: Y.Doc | null;
  /** Awareness states by Yjs client id, as last relayed (already stamped with the server's identity). */
  readonly awareness = new Map<number, AwarenessEntry>();
  readonly #store: DocumentStore;
  /** The document as updates; merged into one when someone needs the whole. */
  #updates: Uint8Array[];
  readonly #durable: StateVectorTracker;
  /** Who writes as which Yjs client here. */
  readonly #clients: ClientWriters;
  #logLength: number;
  /** Something was stored in this document (before it was opened, or since). */
  #written: boolean;
  readonly #pendingAppends = new Set<Promise<unknown>>();
  #savedScheduled = false;
  /** Members whose updates were in the commit being acknowledged. */
  readonly #writers = new Set<RoomMember>();
  /** The Yjs clients each member has written as, while it is here. */
  readonly #wroteAs = new Map<RoomMember, Set<number>>();
  /** Clients whose durable clock moved on in the commit being acknowledged. */
  readonly #advanced = new Set<number>();
  #compacting: Promise<void> | null = null;
  /** Holds by batches and server-side writes that have not stored into the room yet. */
  #holds = 0;
  readonly #compactAfter: number;
  readonly #files: RoomFiles | null;
  readonly #applied: RoomOptions['applied'] | null;
  readonly #onIdle: (room: Room) => void;
  readonly #versionEveryMs: number | null;
  /** When the latest version of this document was saved (ms), or 0 if none. */
  #versionAt: number;

  private constructor(
    name: string,
    store: DocumentStore,
    { state, logLength, writers, versionAt }: { state: Uint8Array | null; logLength: number; writers: Map<number, string | null>; versionAt: number },
    { compactAfter, judged, files, applied, versionEveryMs = null }: RoomOptions,
    onIdle: (room: Room) => void,
  ) {
    this.name = name;
    this.doc = judged ? new Y.Doc() : null;
    if (this.doc && state) Y.applyUpdate(this.doc, state);
    this.#store = store;
    this.#updates = state ? [state] : [];
    const clocks = state ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state)) : new Map<number, number>();
    this.#durable = new StateVectorTracker(clocks);
    this.#clients = new ClientWriters(writers, clocks);
    this.#logLength = logLength;
    this.#written = state !== null;
    this.#compactAfter = compactAfter;
    this.#files = (judged && files) || null;
    this.#applied = (judged && applied) || null;
    this.#onIdle = onIdle;
    this.#versionEveryMs = versionEveryMs;
    this.#versionAt = versionAt;
  }

  static async load(name: string, store: DocumentStore, options: RoomOptions, onIdle: (room: Room) => void): Promise<Room> {
    const versions = options.versionEveryMs ? store.listVersions(name) : Promise.resolve([]);
    const [state, logLength, writers, saved] = await Promise.all([store.load(name), store.logLength(name), store.writers(name), versions]);
    return new Room(name, store, { state, logLength, writers, versionAt: saved.at(-1)?.at ?? 0 }, options, onIdle);
  }

  /** Nothing was ever stored in this document: the next write makes it (a person's quota counts new documents). */
  get isNew(): boolean {
    return !this.#written;
  }

  /** The whole document as one update. */
  state(): Uint8Array {
    if (this.#updates.length !== 1) this.#updates = [this.#updates.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(this.#updates)];
    return this.#updates[0];
  }

  stateVector(): Uint8Array {
    return Y.encodeStateVectorFromUpdate(this.state());
  }

  /** Whether an update adds content as a Yjs client that someone other than `userId` writes as here. */
  writesAsOthers(meta: UpdateMeta, userId: string): boolean {
    return this.#clients.writesAsOthers(meta, userId);
  }

  /** What `stateVector` is missing. */
  diff(stateVector: Uint8Array): Uint8Array {
    return Y.diffUpdate(this.state(), stateVector);
  }

  /** The state vector of everything durably stored. */
  savedStateVector(): Uint8Array {
    return this.#durable.encode();
  }

  /** The `saved` message for the current durable state. */
  savedMessage(): Uint8Array {
    return encodeSaved(this.#durable.encode());
  }

  /**
   * Takes an admitted update: relays it at once to every member but the one it came from, and stores it with its
   * author (null: the server itself). When it is durable, the member that sent it hears "saved" for the clients
   * it wrote as (once per commit, however many updates it held). The others do not: what they received is not
   * their work to keep, and a room of a hundred would otherwise send a hundred state vectors per keystroke.
   * Writes that come from no member (a batch, the server) hear nothing here: their callers wait for the promise.
   */
  receiveUpdate(update: Uint8Array, author: string | null, from: RoomMember | null, meta: UpdateMeta = Y.parseUpdateMeta(update)): Promise<void> {
    // The state before the first change of a new day is kept: what a restore goes back to. Asked before the append,
    // so the store saves the document without this update.
    if (this.#versionEveryMs !== null && this.#written && Date.now() - this.#versionAt >= this.#versionEveryMs) this.#saveVersion(AUTOMATIC_VERSION.daily);
    this.#written = true;
    const claims = this.#clients.record(meta, author);
    // Content the document has already (sent again, maybe content since erased) is neither stored nor relayed.
    if (this.doc && sendsKnown(this.doc, meta)) update = Y.diffUpdate(update, Y.encodeStateVector(this.doc));
    let append: Promise<number>;
    // Only a deletion can take a reference to a file away, so the files referred to after are read only then.
    const referred = this.#files && this.doc ? new Set(this.#files.of(this.doc)) : null;
    const { erases, stored } = this.doc !== null ? this.#apply(update, author) : { erases: false, stored: undefined };
    const released = referred && erases ? without(referred, this.#files!.of(this.doc!)) : [];
    if (erases) {
      // Deleted means gone: the document re-encoded with its deleted content collected replaces everything stored
      // of it, in the same transaction as the update, before anyone hears "saved".
      const state = Y.encodeStateAsUpdate(this.doc!);
      this.#updates = [state];
      append = this.#store.appendErasing(this.name, update, author, state, claims);
    } else {
      this.#updates.push(update);
      append = this.#store.append(this.name, update, author, claims);
    }
    const message = syncUpdate(update);
    for (const member of this.members) if (member !== from) member.send(message);
    this.#pendingAppends.add(append);
    return append.then(
      async () => {
        // An erasure leaves the stored log empty.
        this.#logLength = erases ? 0 : this.#logLength + 1;
        // The files go once the update that let go of them is stored: a crash before leaves both, never a post without its picture.
        if (released.length > 0) this.#files!.released(released);
        const kept = stored?.();
        // Deleted means gone before "saved": what the hook keeps of a deletion (a notification quoting the deleted
        // text) is gone first. Other updates do not wait (a chat message is relayed and saved at once).
        if (erases && kept) await kept.catch(() => undefined);
        this.#pendingAppends.delete(append);
        this.#scheduleSaved(from, meta, this.#durable.add(update, meta));
        if (this.#logLength >= this.#compactAfter) void this.compact();
        this.#evictIfIdle();
      },
      (error: unknown) => {
        this.#pendingAppends.delete(append);
        this.#evictIfIdle();
        throw error;
      },
    );
  }

  /**
   * Applies `update` to the judged document: whether it deleted something there (an overwrite too), and what the
   * `applied` hook wants done once it is stored.
   */
  #apply(update: Uint8Array, author: string | null): { erases: boolean; stored: StoredHook | undefined } {
    let erases = false;
    let stored: StoredHook | undefined;
    let present: ReadonlySet<string> | null = null;
    const see = (transaction: Y.Transaction) => {
      erases ||= transaction.deleteSet.clients.size > 0;
      if (this.#applied) {
        present ??= new Set([...this.members].map((member) => member.userId));
        const then = this.#applied(author, this.doc!, transaction, present);
        if (then) {
          const before = stored;
          stored = before ? () => Promise.all([before(), then()]).then(() => undefined) : then;
        }
      }
    };
    this.doc!.on('afterTransaction', see);
    try {
      Y.applyUpdate(this.doc!, update);
    } finally {
      this.doc!.off('afterTransaction', see);
    }
    return { erases, stored };
  }

  /** Relays an awareness update (already checked and stamped) to the other members. */
  relayAwareness(entries: AwarenessEntry[], from: RoomMember | null): void {
    for (const entry of entries) {
      if (entry.state === 'null') this.awareness.delete(entry.clientId);
      else this.awareness.set(entry.clientId, entry);
    }
    const message = awarenessMessage(encodeAwareness(entries));
    for (const member of this.members) if (member !== from) member.send(message);
  }

  awarenessSnapshot(): Uint8Array | null {
    return this.awareness.size === 0 ? null : awarenessMessage(encodeAwareness(this.awareness.values()));
  }

  leave(member: RoomMember, ownedAwarenessClients: Iterable<number>): void {
    this.members.delete(member);
    this.#wroteAs.delete(member);
    const gone: AwarenessEntry[] = [];
    for (const clientId of ownedAwarenessClients) {
      const entry = this.awareness.get(clientId);
      if (entry) gone.push({ clientId, clock: entry.clock + 1, state: 'null' });
    }
    if (gone.length > 0) this.relayAwareness(gone, member);
    this.#evictIfIdle();
  }

  /** Merges the stored log into a snapshot; one at a time per room. */
  compact(): Promise<void> {
    // Compaction keeps no update apart, so a version of the whole state is kept first (as later restores need).
    if (this.#compacting === null && this.#versionEveryMs !== null) this.#saveVersion(AUTOMATIC_VERSION.compaction);
    this.#compacting ??= this.#store.compact(this.name).then(
      () => {
        this.#logLength = 0;
        this.#compacting = null;
        this.#evictIfIdle();
      },
      () => {
        // A failed compaction loses nothing (the log stays); try again after more updates.
        this.#compacting = null;
        this.#evictIfIdle();
      },
    );
    return this.#compacting;
  }

  /** Saves the current state as an automatic version; a failure costs the version, never the document. */
  #saveVersion(label: string): void {
    this.#versionAt = Date.now();
    const saving = this.#store.saveVersion(this.name, label, null).catch((error: unknown) => console.error(`${this.name}: saving a version failed`, error));
    this.#pendingAppends.add(saving);
    void saving.then(() => {
      this.#pendingAppends.delete(saving);
      this.#evictIfIdle();
    });
  }

  get idle(): boolean {
    return this.members.size === 0 && this.#pendingAppends.size === 0 && this.#compacting === null && this.#holds === 0;
  }

  /**
   * Keeps the room from being forgotten while something that is no member uses it: a batch waiting for its
   * other rooms, a server-side write. Returns the release.
   */
  hold(): () => void {
    this.#holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
      this.#evictIfIdle();
    };
  }

  /** Resolves when every update received so far has been stored or has failed. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#pendingAppends, this.#compacting]);
  }

  #scheduleSaved(from: RoomMember | null, meta: UpdateMeta, advanced: Set<number>): void {
    // Only members that asked hear "saved"; a write from no member has nothing to remember.
    if (from?.hearsSaved && this.members.has(from)) {
      this.#writers.add(from);
      const clients = this.#wroteAs.get(from) ?? new Set<number>();
      for (const client of meta.to.keys()) clients.add(client);
      this.#wroteAs.set(from, clients);
    }
    for (const client of advanced) this.#advanced.add(client);
    if (this.#savedScheduled) return;
    this.#savedScheduled = true;
    // Appends committed together resolve in one turn: one `saved` per commit, not per update.
    setImmediate(() => {
      this.#savedScheduled = false;
      for (const [member, clients] of this.#wroteAs) {
        // The writers of this commit, and whoever wrote as a client that moved on: an update that waited behind a
        // gap is durable once another connection filled it.
        if (!this.#writers.has(member) && !intersects(clients, this.#advanced)) continue;
        member.send(encodeSaved(this.#durable.encode(clients)));
      }
      this.#writers.clear();
      this.#advanced.clear();
    });
  }

  #evictIfIdle(): void {
    if (this.idle) this.#onIdle(this);
  }
}

/** Whether an update carries structs the document already holds. */
function sendsKnown(doc: Y.Doc, meta: UpdateMeta): boolean {
  for (const [client, clock] of meta.from) if (clock < Y.getState(doc.store, client)) return true;
  return false;
}

/** What `before` holds that `after` does not. */
function without(before: Set<string>, after: Iterable<string>): string[] {
  for (const id of after) before.delete(id);
  return [...before];
}

function intersects(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}
