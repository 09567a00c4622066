/**
 * Kring's server events: what one part of the server tells the others without knowing who listens (a session
 * ended, access changed). Made once by the composition root (kring.ts) and passed where needed.
 *
 * What the interface promises, and all a later Redis fan-out between processes may be held to:
 * - at most once: a listener may miss an event (a process that was down, a lost message), never gets one twice;
 *   so listeners must also catch up on their own (the sync server re-checks access every minute anyway);
 * - in-process today: `emit` reaches this process's listeners only;
 * - async listeners: `emit` resolves when this process's listeners have finished, so a request handler can
 *   answer after the effect (readers lost a page) happened here; a listener's failure is logged, never thrown
 *   to the emitter, and does not stop the other listeners.
 */
export interface KringEvents {
  /** These sessions ended (logout, deactivation): their sockets close. */
  'session.ended': { sessionIds: readonly string[] };
  /** Memberships, roles, features or what is published changed: open connections re-check their access. */
  'access.changed': Record<string, never>;
}

type Listener<T> = (payload: T) => void | Promise<void>;

export class EventBus<Events extends object = KringEvents> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Calls `listener` for every later `event`; returns the unsubscribe. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const listeners = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, listeners);
    listeners.add(listener as Listener<never>);
    return () => listeners.delete(listener as Listener<never>);
  }

  /** Tells every listener of `event`; resolves when they have all finished (see above). */
  async emit<K extends keyof Events>(event: K, payload: Events[K]): Promise<void> {
    const listeners = [...(this.#listeners.get(event) ?? [])] as Listener<Events[K]>[];
    const results = await Promise.allSettled(listeners.map(async (listener) => listener(payload)));
    for (const result of results) {
      if (result.status === 'rejected') console.error(`event ${String(event)}:`, result.reason);
    }
  }
}
