import { json } from '@sveltejs/kit';
import { TwoFactorCode } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { TWO_FACTOR_STATUSES, asLoginAttempt } from '../../account.ts';
import type { RequestHandler } from './$types';

/**
 * POST {code} → {ok}: turns two-factor sign-in off, with a code from the app or a recovery code. 403 `forbidden`
 * for administrators and privacy officers (it is required for them); 400 `invalid_code`; 409
 * `two_factor_not_enabled`; 429 throttled.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request, getClientAddress }) => {
  const { kring, person } = await requirePerson(locals);
  const { code } = await readBody(request, TwoFactorCode);
  await asLoginAttempt(kring, getClientAddress(), person, 'invalid_code', () => kring.twoFactor.disable(person, code));
  return json({ ok: true });
}, TWO_FACTOR_STATUSES);
