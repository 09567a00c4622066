import { setTimeout as sleep } from 'node:timers/promises';
import { json } from '@sveltejs/kit';
import { TwoFactorCode, type RecoveryCodesAnswer } from '@kring/contract';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { TWO_FACTOR_STATUSES } from '../../account.ts';
import type { RequestHandler } from './$types';

/**
 * POST {code} → {recoveryCodes}: turns two-factor sign-in on with the app's first code; this session counts as
 * passed, and the ten recovery codes are shown this once. 400 `invalid_code`; 409 `two_factor_not_enabled`
 * without set-up started; 429 throttled (wrong codes count as failed logins).
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
    const recoveryCodes = await kring.twoFactor.confirmSetup(person, locals.sessionId!, code);
    attempt.succeeded();
    return json({ recoveryCodes } satisfies RecoveryCodesAnswer, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'invalid_code') attempt.failed();
    else attempt.succeeded();
    throw error;
  }
}, TWO_FACTOR_STATUSES);
