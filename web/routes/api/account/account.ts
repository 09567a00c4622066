/** What the own-account endpoints share: the HTTP status of each refusal of the account rules, and the login throttle. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorCode } from '@kring/contract';
import type { KringServices, User } from '@kring/server';
import { Refusal } from '$lib/server/http';

/** A weak new password is 422 with the reason in its code; a wrong current password 403. */
export const PASSWORD_STATUSES: Partial<Record<ErrorCode, number>> = {
  wrong_password: 403,
  password_too_short: 422,
  password_too_long: 422,
  password_common: 422,
  password_personal: 422,
  password_guessable: 422,
};

/** What a refused code answers: 400 while setting up or turning off (the person is logged in), 409 for a wrong state. */
export const TWO_FACTOR_STATUSES: Partial<Record<ErrorCode, number>> = {
  invalid_code: 400,
  two_factor_enabled: 409,
  two_factor_not_enabled: 409,
  forbidden: 403,
};

/**
 * Runs `check`, a step where the logged-in person proves what they know (their password, a code), counted in the
 * login throttle per address and account: 429 while throttled, slower after failures, and a refusal with
 * `failedCode` counts as a failed login, so a stolen session cannot try passwords or codes any faster than a login.
 */
export async function asLoginAttempt<T>(kring: KringServices, address: string, person: User, failedCode: ErrorCode, check: () => Promise<T>): Promise<T> {
  const attempt = kring.throttle.attempt(address, person.email);
  if (!attempt.allowed) {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    throw new Refusal(429, 'throttled', `Too many failed attempts; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
  }
  if (attempt.delayMs > 0) await sleep(attempt.delayMs);
  try {
    const result = await check();
    attempt.succeeded();
    return result;
  } catch (error) {
    if ((error as { code?: unknown }).code === failedCode) attempt.failed();
    else attempt.succeeded();
    throw error;
  }
}
