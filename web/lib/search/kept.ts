/**
 * Where a person's search index is kept on this device: IndexedDB `kring-search-<user>`, one row holding the
 * index as JSON. Part of the person's data: wiped with it (wipe.ts), and built again from their documents on
 * another device. Small on purpose: the wipe imports it without the search library.
 */
import { Dexie, type EntityTable } from 'dexie';

/** Raised when the kept format changes: an index kept in another is built again. */
export const KEPT_FORMAT = 1;

interface KeptRow {
  key: 'index';
  format: number;
  json: string;
}

type SearchDexie = Dexie & { kept: EntityTable<KeptRow, 'key'> };

export const searchDatabaseName = (userId: string) => `kring-search-${userId}`;

export class KeptSearch {
  readonly #db: SearchDexie;

  constructor(userId: string) {
    this.#db = new Dexie(searchDatabaseName(userId)) as SearchDexie;
    this.#db.version(1).stores({ kept: 'key' });
  }

  /** The kept index as JSON, if one of this format is kept. */
  async read(): Promise<string | null> {
    const row = await this.#db.kept.get('index');
    return row?.format === KEPT_FORMAT ? row.json : null;
  }

  async write(json: string): Promise<void> {
    await this.#db.kept.put({ key: 'index', format: KEPT_FORMAT, json });
  }

  close(): void {
    this.#db.close();
  }
}

/** Removes the person's search index from the device. */
export async function deleteSearchIndex(userId: string): Promise<void> {
  await Dexie.delete(searchDatabaseName(userId));
}
