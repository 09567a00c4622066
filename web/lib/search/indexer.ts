/**
 * Keeps a person's search index in step with what their device holds: runs in the search worker
 * (search.worker.ts), never on the page's thread. Each refresh compares every document's change mark
 * (LocalStore.changeMarks) with the mark the index holds of it, reads the changed ones again, and drops the
 * documents the device no longer holds (forgotten when the person lost access to their space: wipe.ts). The
 * smoelenboek's kept copy is one more source, marked by its ETag. Work goes in small slices with a pause
 * between them, so a search asked meanwhile is answered at once.
 */
import type { Profile } from '@kring/contract';
import { DeviceCache, LocalStore } from '../client/local-store.ts';
import { KeptSearch } from './kept.ts';
import { SearchIndex, type Group } from './search-index.ts';
import { documentEntries, isSearched, personEntries } from './sources.ts';

/** Documents read between two pauses. */
const SLICE = 20;
/** How long after the last change the index is written to IndexedDB. */
const KEEP_AFTER_MS = 2_000;
const PEOPLE = 'people';

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface IndexerState {
  /** Entries in the index. */
  size: number;
  /** Sources still to read in the current refresh. */
  waiting: number;
}

export class Indexer {
  readonly userId: string;
  #index = new SearchIndex();
  readonly #store: LocalStore;
  readonly #device = new DeviceCache();
  readonly #kept: KeptSearch;
  #running: Promise<void> | null = null;
  #again = false;
  #keepTimer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  readonly ready: Promise<void>;
  onState: (state: IndexerState) => void = () => {};

  constructor(userId: string) {
    this.userId = userId;
    // No journal: edits not yet in IndexedDB come in at the next refresh.
    this.#store = new LocalStore(userId, null);
    this.#kept = new KeptSearch(userId);
    this.ready = this.#load();
  }

  async #load(): Promise<void> {
    try {
      const json = await this.#kept.read();
      if (json) this.#index = new SearchIndex(JSON.parse(json));
    } catch {
      // A damaged or unreadable copy: built again from the documents.
      this.#index = new SearchIndex();
    }
  }

  find(query: string): Group[] {
    // Someone is typing: writing the whole index (megabytes of JSON, on this thread) would hold up their next
    // answer, so a write that is due waits until they have stopped (test/bench, "query over them").
    if (this.#keepTimer) this.#keepLater();
    return this.#index.find(query);
  }

  get size(): number {
    return this.#index.size;
  }

  /** Brings the index up to date; a refresh asked while one runs runs once more after it. */
  refresh(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      await this.ready;
      do {
        this.#again = false;
        await this.#refreshOnce();
      } while (this.#again && !this.#closed);
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #refreshOnce(): Promise<void> {
    const marks = await this.#store.changeMarks();
    const changed: string[] = [];
    for (const [name, mark] of marks) if (isSearched(name) && this.#index.mark(name) !== String(mark)) changed.push(name);
    let dirty = false;
    for (const source of this.#index.sources()) {
      if (source !== PEOPLE && !marks.has(source)) {
        this.#index.drop(source);
        dirty = true;
      }
    }
    dirty = (await this.#refreshPeople()) || dirty;
    for (let i = 0; i < changed.length && !this.#closed; i += SLICE) {
      this.onState({ size: this.#index.size, waiting: changed.length - i });
      for (const name of changed.slice(i, i + SLICE)) {
        const doc = await this.#store.readCopy(name);
        try {
          this.#index.put(name, String(marks.get(name)), documentEntries(name, doc));
        } finally {
          doc.destroy();
        }
      }
      dirty = true;
      await pause();
    }
    this.onState({ size: this.#index.size, waiting: 0 });
    if (dirty) this.#keepLater();
  }

  /** The smoelenboek as the device keeps it (components/people/directory.ts); true when the index changed. */
  async #refreshPeople(): Promise<boolean> {
    const kept = await this.#device.get<{ people?: Profile[]; etag?: string | null; savedAt?: number }>(`people:${this.userId}`);
    if (!kept || !Array.isArray(kept.people)) {
      if (this.#index.mark(PEOPLE) === undefined) return false;
      this.#index.drop(PEOPLE);
      return true;
    }
    const mark = kept.etag ?? String(kept.savedAt);
    if (this.#index.mark(PEOPLE) === mark) return false;
    this.#index.put(PEOPLE, mark, personEntries(kept.people));
    return true;
  }

  #keepLater(): void {
    if (this.#keepTimer) clearTimeout(this.#keepTimer);
    this.#keepTimer = setTimeout(() => void this.keep(), KEEP_AFTER_MS);
  }

  /** Writes the index to IndexedDB now. */
  async keep(): Promise<void> {
    if (this.#keepTimer) clearTimeout(this.#keepTimer);
    this.#keepTimer = null;
    if (this.#closed) return;
    await this.#kept.write(JSON.stringify(this.#index.toJSON()));
  }

  close(): void {
    this.#closed = true;
    if (this.#keepTimer) clearTimeout(this.#keepTimer);
    this.#store.close();
    this.#kept.close();
  }
}
