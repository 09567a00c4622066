import { json } from '@sveltejs/kit';
import { TwoFactorCode, type RecoveryCodesAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { TWO_FACTOR_STATUSES, asLoginAttempt } from '../../account.ts';
import type { RequestHandler } from './$types';

/**
 * POST {code} → {recoveryCodes}: turns two-factor sign-in on with the app's first code; this session counts as
 * passed, and the ten recovery codes are shown this once. 400 `invalid_code`; 409 `two_factor_not_enabled`
 * without set-up started; 429 throttled (wrong codes count as failed logins).
 */
export const POST: RequestHandler = endpoint(async ({ locals, request, getClientAddress }) => {
  const { kring, person } = await requirePerson(locals);
  const { code } = await readBody(request, TwoFactorCode);
  const recoveryCodes = await asLoginAttempt(kring, getClientAddress(), person, 'invalid_code', () => kring.twoFactor.confirmSetup(person, locals.sessionId!, code));
  return json({ recoveryCodes } satisfies RecoveryCodesAnswer, { headers: { 'cache-control': 'no-store' } });
}, TWO_FACTOR_STATUSES);
