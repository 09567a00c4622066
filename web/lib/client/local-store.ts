/**
 * The device's own copy of everything: every document the person opened or keeps in sync, and what the server
 * last confirmed as saved. One IndexedDB database per person, so two people sharing a tablet do not mix data.
 * Documents are written to IndexedDB on every change (y-dexie), before the network is even tried.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import yDexie, { DexieYProvider } from 'y-dexie';
import * as Y from 'yjs';

export interface DocumentRecord {
  /** `<spaceId>/<kind>/<docId>` */
  name: string;
  /** The Yjs document, kept by y-dexie in its own table of updates. */
  readonly doc: Y.Doc;
  /** The server's state vector from its last "saved" message: what of this document is safe on the server. */
  savedStateVector?: Uint8Array;
  /** When the device last completed a sync with the server (ms since epoch). */
  lastSyncedAt?: number;
}

type KringDexie = Dexie & { documents: EntityTable<DocumentRecord, 'name'> };

/** What the journal needs of the Web Storage API (localStorage in the browser). */
export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** How long typing must pause before the journal checks that IndexedDB has what it holds. */
const JOURNAL_SETTLE_MS = 300;
/** A journal never grows past this (characters); IndexedDB still gets every update. */
const JOURNAL_MAX_CHARS = 512 * 1024;

export class LocalStore {
  readonly userId: string;
  readonly #db: KringDexie;
  readonly #journal: JournalStorage | null;
  /** Documents whose own edits are journalled, by document. */
  readonly #journalled = new WeakMap<Y.Doc, string>();
  readonly #settleTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Journals left by an earlier page, written to IndexedDB (see #settleLeftJournals). */
  readonly #settled: Promise<void>;
  #closed = false;

  /**
   * @param journal where edits are also written synchronously until IndexedDB has them (default localStorage;
   *   null for none)
   */
  constructor(userId: string, journal: JournalStorage | null = globalThis.localStorage ?? null) {
    this.userId = userId;
    // Dexie's query cache off: y-dexie reads a document's updates through it, and after `forget` a document loaded
    // again under the same name came back with its forgotten content (a refused document must not).
    this.#db = new Dexie(`kring-user-${userId}`, { addons: [yDexie], cache: 'disabled' }) as KringDexie;
    this.#db.version(1).stores({ documents: 'name, doc: Y.Doc' });
    this.#journal = journal;
    // Opening IndexedDB takes tens of ms on a phone; start it now, while the first screen renders, rather than
    // at the first read. A failure reaches that first read, as with Dexie's own opening on first use.
    this.#settled = this.#db
      .open()
      .then(() => this.#settleLeftJournals())
      .catch(() => undefined);
  }

  /**
   * Edits an earlier page journalled but never got into IndexedDB (it was closed, or went to another screen, while
   * the write was queued) are written there now, not only when their document is opened again: until then the
   * search, background sync and "only on this device" would not see them.
   */
  async #settleLeftJournals(): Promise<void> {
    const journal = this.#journal;
    const updates = this.#updatesTable();
    if (!journal || !updates) return;
    const prefix = this.#journalKey('');
    const keys: string[] = [];
    for (let i = 0; i < journal.length; i++) {
      const key = journal.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) {
      const written = journal.getItem(key);
      const pieces = readJournal(journal, key);
      if (this.#closed || !written || pieces.length === 0) continue;
      const name = key.slice(prefix.length);
      // As y-dexie writes an edit: one row of its table of updates (version 2 of the format), flagged as made here.
      const update = Y.convertUpdateFormatV1ToV2(Y.mergeUpdates(pieces));
      await this.#db.transaction('rw', [this.#db.documents, updates], async () => {
        if (!(await this.#db.documents.get(name))) await this.#db.documents.put({ name } as DocumentRecord);
        await updates.add({ k: name, u: update, f: 1 });
      });
      // Taken out only if no page added to it meanwhile; what was added stays for that page to settle.
      const now = journal.getItem(key) ?? '';
      const rest = now.startsWith(written) ? now.slice(written.length).replace(/^,/, '') : now;
      if (rest) journal.setItem(key, rest);
      else journal.removeItem(key);
    }
  }

  /** Loads a document from IndexedDB, creating an empty record the first time. Pair with `release`. */
  async load(name: string): Promise<Y.Doc> {
    await this.#settled;
    let record = await this.#db.documents.get(name);
    if (!record) {
      await this.#db.documents.put({ name } as DocumentRecord);
      record = await this.#db.documents.get(name);
    }
    if (!record) throw new Error(`document record ${name} vanished`);
    // The grace period keeps a released document alive for a moment, so loading it again right away returns it
    // whole: a new copy read from IndexedDB could miss the last updates, still being written.
    const provider = DexieYProvider.load(record.doc, { gracePeriod: 1_000 });
    await provider.whenLoaded;
    this.#keepJournal(name, record.doc);
    return record.doc;
  }

  /**
   * y-dexie writes each edit to IndexedDB in a transaction of its own, which can still be queued when the app is
   * closed right after typing fast. So the person's own edits are also written to localStorage at once
   * (synchronously), and taken out again once IndexedDB has everything before them. Loading a document applies
   * whatever the journal still holds (Yjs ignores what the document already has).
   */
  #keepJournal(name: string, doc: Y.Doc): void {
    const journal = this.#journal;
    if (!journal || this.#journalled.has(doc)) return;
    this.#journalled.set(doc, name);
    const key = this.#journalKey(name);
    const kept = readJournal(journal, key);
    if (kept.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(kept));
    doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      // Only what was made on this device: updates from the server or from IndexedDB are not at risk.
      if (!transaction.local) return;
      const entries = journal.getItem(key);
      const entry = toBase64(update);
      if ((entries?.length ?? 0) + entry.length > JOURNAL_MAX_CHARS) return;
      try {
        journal.setItem(key, entries ? `${entries},${entry}` : entry);
      } catch {
        // localStorage full: IndexedDB still gets the edit, as it always did.
      }
      this.#settleLater(key);
    });
  }

  /** Once typing pauses: after IndexedDB has finished every write queued so far, drops those from the journal. */
  #settleLater(key: string): void {
    if (this.#closed) return;
    clearTimeout(this.#settleTimers.get(key));
    this.#settleTimers.set(
      key,
      setTimeout(() => {
        this.#settleTimers.delete(key);
        const journal = this.#journal;
        const written = journal?.getItem(key);
        if (!journal || !written) return;
        // y-dexie's table of updates; a read-write transaction on it starts only after every earlier one ended.
        const updates = this.#updatesTable();
        if (!updates) return;
        void this.#db
          .transaction('rw', updates, () => updates.count())
          .then(() => {
            const now = journal.getItem(key) ?? '';
            const rest = now.startsWith(written) ? now.slice(written.length).replace(/^,/, '') : now;
            if (rest) journal.setItem(key, rest);
            else journal.removeItem(key);
            if (rest) this.#settleLater(key);
          })
          .catch(() => this.#settleLater(key));
      }, JOURNAL_SETTLE_MS),
    );
  }

  #stopSettling(): void {
    this.#closed = true;
    for (const timer of this.#settleTimers.values()) clearTimeout(timer);
    this.#settleTimers.clear();
  }

  #journalKey(name: string): string {
    return `kring-journal:${this.userId}:${name}`;
  }

  /** Lets go of a loaded document; it is destroyed when nobody else holds it. */
  release(doc: Y.Doc): void {
    DexieYProvider.release(doc);
  }

  async record(name: string): Promise<Omit<DocumentRecord, 'doc'> | undefined> {
    const record = await this.#db.documents.get(name);
    return record && { name: record.name, savedStateVector: record.savedStateVector, lastSyncedAt: record.lastSyncedAt };
  }

  async markSaved(name: string, savedStateVector: Uint8Array, at: number): Promise<void> {
    // A live document closed with the store (logout, another person) records what it heard as it goes: too late.
    if (this.#closed) return;
    await this.#db.documents.update(name, { savedStateVector, lastSyncedAt: at });
  }

  /** `markSaved` for the documents of a batch in one transaction: live queries re-run once, not per document. */
  async markSavedAll(marks: { name: string; savedStateVector: Uint8Array }[], at: number): Promise<void> {
    if (marks.length === 0) return;
    await this.#db.documents.bulkUpdate(marks.map(({ name, savedStateVector }) => ({ key: name, changes: { savedStateVector, lastSyncedAt: at } })));
  }

  async names(): Promise<string[]> {
    await this.#settled;
    return (await this.#db.documents.toCollection().primaryKeys()) as string[];
  }

  /** Removes documents from the device: their records, their stored updates and their journals. */
  async forget(names: string[]): Promise<void> {
    const tables: Table[] = [this.#db.documents];
    const updates = this.#updatesTable();
    if (updates) tables.push(updates);
    await this.#db.transaction('rw', tables, async () => {
      await this.#db.documents.bulkDelete(names);
      // y-dexie leaves a deleted record's updates in its table.
      await updates?.where('k').anyOf(names).delete();
    });
    for (const name of names) {
      clearTimeout(this.#settleTimers.get(this.#journalKey(name)));
      this.#journal?.removeItem(this.#journalKey(name));
    }
  }

  /**
   * Each document's newest stored update (y-dexie's row id), read from the index alone: it grows with every
   * change and survives y-dexie's compression, so a reader (the search index) sees what changed since it last
   * looked without opening a document.
   */
  async changeMarks(): Promise<Map<string, number>> {
    await this.#settled;
    const updates = this.#updatesTable();
    const marks = new Map<string, number>();
    if (!updates) return marks;
    const [names, ids] = await this.#db.transaction('r', updates, () => Promise.all([updates.orderBy('k').keys(), updates.orderBy('k').primaryKeys()]));
    names.forEach((name, i) => {
      const id = ids[i] as number;
      if (typeof name === 'string' && id > (marks.get(name) ?? -1)) marks.set(name, id);
    });
    return marks;
  }

  /** A copy of a stored document for reading (the search index): built from its stored updates, bound to nothing. */
  async readCopy(name: string): Promise<Y.Doc> {
    await this.#settled;
    const updates = this.#updatesTable();
    const doc = new Y.Doc();
    const rows = ((await updates?.where('k').equals(name).toArray()) ?? []) as { u: Uint8Array }[];
    doc.transact(() => {
      for (const row of rows) Y.applyUpdateV2(doc, row.u);
    });
    return doc;
  }

  /** y-dexie's table of every document's updates. */
  #updatesTable(): Table | undefined {
    return this.#db.tables.find((table) => table.name.endsWith('_updates'));
  }

  close(): void {
    this.#stopSettling();
    this.#db.close();
  }

  /** Removes this person's local copy from the device (after everything was saved on the server). */
  async deleteAll(): Promise<void> {
    this.#stopSettling();
    // A write still settling would open the database again after its deletion.
    await this.#settled;
    await this.#db.delete();
    const journal = this.#journal;
    if (!journal) return;
    const prefix = `kring-journal:${this.userId}:`;
    const keys: string[] = [];
    for (let i = 0; i < journal.length; i++) {
      const key = journal.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) journal.removeItem(key);
  }
}

function readJournal(journal: JournalStorage, key: string): Uint8Array[] {
  const text = journal.getItem(key);
  if (!text) return [];
  try {
    return text.split(',').map(fromBase64);
  } catch {
    // A damaged journal: IndexedDB has everything but perhaps the last keystrokes.
    journal.removeItem(key);
    return [];
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/**
 * What the device remembers between visits besides a person's documents (the changes cursor, the colleagues of a
 * space). An entry kept for a person has their id as one `:`-separated part of its key, so the wipe finds it.
 */
type DeviceDexie = Dexie & { entries: EntityTable<{ key: string; value: unknown }, 'key'> };

export class DeviceCache {
  readonly #db: DeviceDexie;

  constructor() {
    this.#db = new Dexie('kring-device') as DeviceDexie;
    this.#db.version(1).stores({ entries: 'key' });
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.#db.entries.get(key))?.value as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.#db.entries.put({ key, value });
  }

  async delete(key: string): Promise<void> {
    await this.#db.entries.delete(key);
  }

  /**
   * Deletes the entries kept for a person in spaces other than `spaces` (keys `<what>:<user>:<space>`): they left
   * those spaces.
   */
  async forgetSpaces(userId: string, spaces: ReadonlySet<string>): Promise<void> {
    await this.#db.entries
      .filter((entry) => {
        const parts = entry.key.split(':');
        return parts.length === 3 && parts[1] === userId && !spaces.has(parts[2] as string);
      })
      .delete();
  }

  /** Deletes every entry kept for a person: those whose key names them (`colleagues:<user>:<space>`). */
  async forget(userId: string): Promise<void> {
    await this.#db.entries.filter((entry) => entry.key.split(':').includes(userId)).delete();
  }
}
