import { setTimeout as sleep } from 'node:timers/promises';
import { json } from '@sveltejs/kit';
import { TwoFactorCode } from '@kring/contract';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { TWO_FACTOR_STATUSES } from '../../account.ts';
import type { RequestHandler } from './$types';

/**
 * POST {code} → {ok}: turns two-factor sign-in off, with a code from the app or a recovery code. 403 `forbidden`
 * for administrators and privacy officers (it is required for them); 400 `invalid_code`; 409
 * `two_factor_not_enabled`; 429 throttled.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request, getClientAddress }) => {
  const { kring, person } = await requirePerson(locals);
  const { code } = await readBody(request, TwoFactorCode);
  const attempt = kring.throttle.attempt(getClientAddress(), person.email);
  if (!attempt.allowed) {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    throw new Refusal(429, 'throttled', `Too many failed attempts; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
  }
  if (attempt.delayMs > 0) await sleep(attempt.delayMs);
  try {
    await kring.twoFactor.disable(person, code);
    attempt.succeeded();
    return json({ ok: true });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'invalid_code') attempt.failed();
    else attempt.succeeded();
    throw error;
  }
}, TWO_FACTOR_STATUSES);
