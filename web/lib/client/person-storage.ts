/**
 * The person's own storage on this device: their LocalStore and the SyncManager over it, made together once it
 * is known who is logged in. Both are loaded on first use (Yjs, Dexie, y-websocket), so the first screen does not
 * wait for them.
 */
import type { DeviceSearch } from '../search/device-search.ts';
import type { LocalStore } from './local-store.ts';
import type { SyncManager } from './sync-manager.ts';

export class PersonStorage {
  store: LocalStore | null = null;
  sync: SyncManager | null = null;
  /** The person's search index, kept up to date in a worker (none where there are no workers: unit tests). */
  search: DeviceSearch | null = null;
  #stopWatching: (() => void) | null = null;
  readonly #origin: string;
  readonly #fetch: typeof fetch;
  /** Asks the server who is logged in: a socket closed because the session ended or access was lost. */
  readonly #askServer: () => void;
  /** Whether the person may only read a document (the access policy, as the server applies it). */
  readonly #readOnly: (docName: string) => boolean;

  constructor(origin: string, fetchImpl: typeof fetch, askServer: () => void, readOnly: (docName: string) => boolean = () => false) {
    this.#origin = origin;
    this.#fetch = fetchImpl;
    this.#askServer = askServer;
    this.#readOnly = readOnly;
  }

  /** Opens `userId`'s store and sync, closing another person's; nothing happens when theirs are open. */
  async open(userId: string): Promise<void> {
    if (this.store?.userId === userId) return;
    const [{ LocalStore }, { SyncManager }] = await Promise.all([import('./local-store.ts'), import('./sync-manager.ts')]);
    this.close();
    this.store = new LocalStore(userId);
    this.sync = new SyncManager(this.store, {
      origin: this.#origin,
      fetch: this.#fetch,
      onSessionEnded: this.#askServer,
      onAccessLost: this.#askServer,
      readOnly: this.#readOnly,
    });
    if (typeof Worker === 'undefined') return;
    const { DeviceSearch } = await import('../search/device-search.ts');
    if (this.store?.userId !== userId || !this.sync) return;
    const search = new DeviceSearch(userId);
    this.search = search;
    // What the device holds changes with every batch, save and forgotten space: the index follows when quiet.
    this.#stopWatching = this.sync.summary.subscribe(() => search.refresh());
  }

  /**
   * Sends the server what only this device has: every document and the requests waiting in the outbox. The open
   * documents are closed only once the server was reached, so the person can stay and go on working when not.
   * @returns true when the server has all of the person's work, so their copy may go
   */
  async sendEverything(): Promise<boolean> {
    const { store, sync } = this;
    if (!store || !sync) return true;
    if (!(await sync.sendAll())) return false;
    const { outboxFor } = await import('./outbox.ts');
    const outbox = outboxFor(store.userId, this.#origin);
    await outbox.ready();
    const waiting = () => outbox.requests.value.some((request) => request.state === 'pending');
    if (waiting()) await outbox.flush();
    if (waiting()) return false;
    return sync.closeAndSendAll();
  }

  close(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
    this.search?.close();
    this.search = null;
    this.sync?.destroy();
    this.store?.close();
    this.sync = null;
    this.store = null;
  }
}
