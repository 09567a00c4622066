/**
 * The person's own storage on this device: their LocalStore and the SyncManager over it, made together once it
 * is known who is logged in. Both are loaded on first use (Yjs, Dexie, y-websocket), so the first screen does not
 * wait for them.
 */
import type { LocalStore } from './local-store.ts';
import type { SyncManager } from './sync-manager.ts';

export class PersonStorage {
  store: LocalStore | null = null;
  sync: SyncManager | null = null;
  readonly #origin: string;
  readonly #fetch: typeof fetch;
  readonly #onSessionEnded: () => void;

  constructor(origin: string, fetchImpl: typeof fetch, onSessionEnded: () => void) {
    this.#origin = origin;
    this.#fetch = fetchImpl;
    this.#onSessionEnded = onSessionEnded;
  }

  /** Opens `userId`'s store and sync, closing another person's; nothing happens when theirs are open. */
  async open(userId: string): Promise<void> {
    if (this.store?.userId === userId) return;
    const [{ LocalStore }, { SyncManager }] = await Promise.all([import('./local-store.ts'), import('./sync-manager.ts')]);
    this.close();
    this.store = new LocalStore(userId);
    this.sync = new SyncManager(this.store, { origin: this.#origin, fetch: this.#fetch, onSessionEnded: this.#onSessionEnded });
  }

  /**
   * Sends the server what only this device has: every document (live ones are closed), and the requests waiting
   * in the outbox.
   * @returns true when the server has all of the person's work, so their copy may go
   */
  async sendEverything(): Promise<boolean> {
    const { store, sync } = this;
    if (!store || !sync) return true;
    const reached = await sync.sendAll();
    const { outboxFor } = await import('./outbox.ts');
    const outbox = outboxFor(store.userId, this.#origin);
    await outbox.ready();
    const waiting = () => outbox.requests.value.some((request) => request.state === 'pending');
    if (waiting()) await outbox.flush();
    return reached && !waiting();
  }

  close(): void {
    this.sync?.destroy();
    this.store?.close();
    this.sync = null;
    this.store = null;
  }
}
