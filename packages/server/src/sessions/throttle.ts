/**
 * Login throttling: after a few failed attempts for one email address or from one network address, further
 * attempts are refused for a while (HTTP 429), doubling with every further failure up to a cap. Kept in memory:
 * a restart forgets it, which only ever makes the server more lenient for a moment.
 */
export interface ThrottleOptions {
  /** Failures allowed before the first wait. */
  freeAttempts: number;
  /** First wait; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
}

interface Entry {
  failures: number;
  blockedUntil: number;
}

export class LoginThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #options: ThrottleOptions;

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.#options = { freeAttempts: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, ...options };
  }

  /** Milliseconds to wait before any of `keys` may try again; 0 when allowed now. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) wait = Math.max(wait, (this.#entries.get(key)?.blockedUntil ?? 0) - now);
    return wait;
  }

  failed(keys: string[], now = Date.now()): void {
    const { freeAttempts, baseDelayMs, maxDelayMs } = this.#options;
    for (const key of keys) {
      const entry = this.#entries.get(key) ?? { failures: 0, blockedUntil: 0 };
      entry.failures += 1;
      if (entry.failures >= freeAttempts) {
        entry.blockedUntil = now + Math.min(maxDelayMs, baseDelayMs * 2 ** (entry.failures - freeAttempts));
      }
      this.#entries.set(key, entry);
    }
    this.#prune(now);
  }

  succeeded(keys: string[]): void {
    for (const key of keys) this.#entries.delete(key);
  }

  // Bounded memory under a flood of made-up email addresses.
  #prune(now: number): void {
    if (this.#entries.size < 10_000) return;
    for (const [key, entry] of this.#entries) {
      if (entry.blockedUntil < now - this.#options.maxDelayMs) this.#entries.delete(key);
    }
  }
}
