/**
 * The page's side of search: starts the person's search worker (a module worker, search.worker.ts), tells it when
 * the device changed, and asks it what a query finds. Only the newest search is answered: one typed over by
 * the next key is dropped, so the results never jump back.
 */
import { Observable } from '../client/observable.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import type { Group } from './search-index.ts';

/** How long the device must be quiet before the index reads what changed. */
const REFRESH_AFTER_MS = 1_500;

export class DeviceSearch {
  readonly userId: string;
  /** Entries in the index, and sources still to read (0 when it is up to date). */
  readonly state = new Observable<{ size: number; waiting: number }>({ size: 0, waiting: 0 });
  readonly #worker: Worker;
  #next = 0;
  #latest = 0;
  readonly #waiting = new Map<number, (groups: Group[] | null) => void>();
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(userId: string) {
    this.userId = userId;
    this.#worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'kring-search' });
    this.#worker.onmessage = ({ data }: MessageEvent<FromWorker>) => {
      if (data.type === 'state') this.state.set({ size: data.size, waiting: data.waiting });
      else if (data.type === 'found') {
        const answer = this.#waiting.get(data.id);
        this.#waiting.delete(data.id);
        answer?.(data.id === this.#latest ? data.groups : null);
      }
    };
    this.#post({ type: 'open', userId });
  }

  #post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  /** The device changed: the index reads what changed once things are quiet. */
  refresh(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => this.#post({ type: 'refresh' }), REFRESH_AFTER_MS);
  }

  /** What `query` finds, grouped; null when a newer search was asked meanwhile. */
  find(query: string): Promise<Group[] | null> {
    const id = ++this.#next;
    this.#latest = id;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#post({ type: 'find', id, query });
    });
  }

  close(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#worker.terminate();
    for (const answer of this.#waiting.values()) answer(null);
    this.#waiting.clear();
  }
}
