/** Bounded waiting: every wait in the integration tests ends, and says what it was waiting for when it fails. */

/** Default bound for a wait; well below the 30 s test timeout so the failure names the wait, not the test. */
export const WAIT_MS = 10_000;

/** Thrown when a bounded wait runs out; the message says what never happened. */
export class WaitTimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}`);
    this.name = 'WaitTimeoutError';
  }
}

/**
 * Polls `check` until it returns something other than undefined, null or false, and resolves with that.
 * @param check called every `intervalMs`; may be async; a throw fails the wait at once
 * @param what what is being waited for, for the error message
 */
export async function waitFor<T>(
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
  { timeoutMs = WAIT_MS, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new WaitTimeoutError(what, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves or rejects like `promise`, or rejects with a `WaitTimeoutError` naming `what` after `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError(what, timeoutMs)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
