/**
 * The device's own copy of everything: every document the person opened or keeps in sync, and what the server
 * last confirmed as saved. One IndexedDB database per person, so two people sharing a tablet do not mix data.
 * Documents are written to IndexedDB on every change (y-dexie), before the network is even tried.
 */
import { Dexie, type EntityTable } from 'dexie';
import yDexie, { DexieYProvider } from 'y-dexie';
import type * as Y from 'yjs';

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

export class LocalStore {
  readonly userId: string;
  readonly #db: KringDexie;

  constructor(userId: string) {
    this.userId = userId;
    this.#db = new Dexie(`kring-user-${userId}`, { addons: [yDexie] }) as KringDexie;
    this.#db.version(1).stores({ documents: 'name, doc: Y.Doc' });
  }

  /** Loads a document from IndexedDB, creating an empty record the first time. Pair with `release`. */
  async load(name: string): Promise<Y.Doc> {
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
    return record.doc;
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
    await this.#db.documents.update(name, { savedStateVector, lastSyncedAt: at });
  }

  async names(): Promise<string[]> {
    return (await this.#db.documents.toCollection().primaryKeys()) as string[];
  }

  close(): void {
    this.#db.close();
  }

  /** Removes this person's local copy from the device (after everything was saved on the server). */
  async deleteAll(): Promise<void> {
    await this.#db.delete();
  }
}

/** What the device remembers between visits without a person: who was logged in last, and their /api/me. */
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
}
