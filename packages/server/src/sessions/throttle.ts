/**
 * Login throttling. Per network address it **blocks**: after a few failures, attempts from there are refused for
 * a while (HTTP 429), doubling with every further failure up to a cap. Per account it only **slows down**: after
 * a few failures for one login name, attempts for it are spaced out (the answer waits), so an attacker elsewhere
 * cannot lock the person out.
 *
 * An attempt is counted before the password is checked, as a failure until it turns out right: a burst sent at
 * once cannot slip past the count while the slow password check runs. A success takes back only its own count:
 * an address that logs into its own account between guesses keeps its failures, which are forgotten only after
 * a quiet while. Kept in memory: a restart forgets it, which only ever makes the server more lenient for a moment.
 */
export interface ThrottleOptions {
  /** Failures allowed before the first wait (per address) or the first slowing down (per account). */
  freeAttempts: number;
  /** An address's first wait; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the last one (and after the wait it caused). */
  forgetAfterMs: number;
  /** Per account, the first spacing between attempts; doubles with each further failure. */
  accountSpacingMs: number;
  maxAccountSpacingMs: number;
  /** An attempt that would wait longer than this for its account is refused (429) instead of held. */
  maxAccountWaitMs: number;
}

export const DEFAULT_THROTTLE_OPTIONS: ThrottleOptions = {
  freeAttempts: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 15 * 60_000,
  accountSpacingMs: 1000,
  maxAccountSpacingMs: 10_000,
  maxAccountWaitMs: 30_000,
};

/** A login attempt as the throttle decided it: refused, or allowed after `delayMs` and then reported back. */
export type LoginAttempt =
  | { allowed: false; retryAfterMs: number }
  | {
      allowed: true;
      /** Wait this long before checking the password (the account is being slowed down). */
      delayMs: number;
      /** The password was wrong. */
      failed(now?: number): void;
      /** The password was right. */
      succeeded(): void;
    };

interface AddressEntry {
  failures: number;
  blockedUntil: number;
  lastFailureAt: number;
}

interface AccountEntry {
  failures: number;
  /** Attempts allowed and not yet reported back, counted as failures until they are. */
  pending: number;
  /** When the next attempt may start, once the account is slowed down. */
  nextAt: number;
  lastFailureAt: number;
}

/** Bounded memory under a flood of made-up login names or keys. */
const PRUNE_AT = 10_000;

export class LoginThrottle {
  readonly #addresses = new Map<string, AddressEntry>();
  readonly #accounts = new Map<string, AccountEntry>();
  readonly #options: ThrottleOptions;

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.#options = { ...DEFAULT_THROTTLE_OPTIONS, ...options };
  }

  /**
   * Checks and counts a login attempt before the password is checked.
   * @param address the client's network address (IPv6 addresses count per /64 network, which one client holds)
   * @param account the login name as typed, normalised by the caller
   */
  attempt(address: string, account: string, now = Date.now()): LoginAttempt {
    const key = `ip:${networkOf(address)}`;
    const wait = this.retryAfter([key], now);
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    const takeBack = this.#reserve(key, now);

    const { freeAttempts, accountSpacingMs, maxAccountSpacingMs, maxAccountWaitMs } = this.#options;
    const entry = this.#account(account, now);
    let delayMs = 0;
    const counted = entry.failures + entry.pending;
    if (counted >= freeAttempts) {
      const start = Math.max(now, entry.nextAt);
      delayMs = start - now;
      if (delayMs > maxAccountWaitMs) {
        takeBack();
        return { allowed: false, retryAfterMs: delayMs };
      }
      entry.nextAt = start + Math.min(maxAccountSpacingMs, accountSpacingMs * 2 ** Math.min(counted - freeAttempts, 30));
    }
    entry.pending += 1;
    let reported = false;
    return {
      allowed: true,
      delayMs,
      failed: (at = Date.now()) => {
        if (reported) return;
        reported = true;
        entry.pending -= 1;
        entry.failures += 1;
        entry.lastFailureAt = at;
      },
      succeeded: () => {
        if (reported) return;
        reported = true;
        takeBack();
        entry.pending -= 1;
        entry.failures = 0;
        if (entry.pending === 0) this.#accounts.delete(account);
      },
    };
  }

  /** Milliseconds to wait before any of `keys` may try again; 0 when allowed now. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const entry = this.#addresses.get(key);
      if (entry) wait = Math.max(wait, entry.blockedUntil - now);
    }
    return wait;
  }

  /**
   * Checks and counts one guess for `key` (an invite code, say) before it is looked up, as a failure until it
   * turns out right (`right()` takes it back): a burst sent at once cannot slip past the count while the lookups run.
   */
  guess(key: string, now = Date.now()): { allowed: false; retryAfterMs: number } | { allowed: true; right(): void } {
    const wait = this.retryAfter([key], now);
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    return { allowed: true, right: this.#reserve(key, now) };
  }

  /** Counts a failure for each of `keys` (a wrong invite code, say), checked afterwards with `retryAfter`. */
  failed(keys: string[], now = Date.now()): void {
    for (const key of keys) this.#reserve(key, now);
  }

  /** Counts a failure for `key` now; returns what takes it back should the attempt turn out right. */
  #reserve(key: string, now: number): () => void {
    let entry = this.#addresses.get(key);
    if (!entry || this.#forgotten(entry.lastFailureAt, entry.blockedUntil, now)) {
      if (this.#addresses.size >= PRUNE_AT) this.#prune(now);
      entry = { failures: 0, blockedUntil: 0, lastFailureAt: 0 };
      this.#addresses.set(key, entry);
    }
    const { freeAttempts, baseDelayMs, maxDelayMs } = this.#options;
    const before = entry.blockedUntil;
    entry.failures += 1;
    entry.lastFailureAt = now;
    if (entry.failures >= freeAttempts) {
      entry.blockedUntil = now + Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(entry.failures - freeAttempts, 30));
    }
    const after = entry.blockedUntil;
    const counted = entry;
    return () => {
      counted.failures -= 1;
      // Only the wait this attempt caused; a later attempt's wait stands.
      if (counted.blockedUntil === after) counted.blockedUntil = before;
    };
  }

  #account(account: string, now: number): AccountEntry {
    let entry = this.#accounts.get(account);
    if (!entry || (entry.pending === 0 && this.#forgotten(entry.lastFailureAt, entry.nextAt, now))) {
      if (this.#accounts.size >= PRUNE_AT) this.#prune(now);
      entry = { failures: 0, pending: 0, nextAt: 0, lastFailureAt: 0 };
      this.#accounts.set(account, entry);
    }
    return entry;
  }

  #forgotten(lastFailureAt: number, until: number, now: number): boolean {
    return now - Math.max(lastFailureAt, until) >= this.#options.forgetAfterMs;
  }

  // Entries that hold no one back now go first; a blocked address stays blocked whatever else arrives.
  #prune(now: number): void {
    for (const [key, entry] of this.#addresses) if (entry.blockedUntil <= now) this.#addresses.delete(key);
    for (const [key, entry] of this.#accounts) if (entry.pending === 0 && entry.nextAt <= now) this.#accounts.delete(key);
  }
}

/**
 * The network an address stands for: an IPv4 address itself (also when written IPv4-mapped, `::ffff:1.2.3.4`),
 * and for IPv6 its /64, since one household or phone is given a whole /64 and could rotate through it.
 */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const bare = address.split('%')[0]!.toLowerCase();
  const [head = '', tail] = bare.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  // An IPv4 tail (`::1.2.3.4`) fills two groups.
  const tailSize = tailGroups.reduce((size, group) => size + (group.includes('.') ? 2 : 1), 0);
  const full = [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailSize)).fill('0'), ...tailGroups];
  return `${full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
