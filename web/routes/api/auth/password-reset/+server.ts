import { json } from '@sveltejs/kit';
import { PasswordReset, type OkAnswer } from '@kring/contract';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { services } from '$lib/server/services';
import { PASSWORD_STATUSES } from '../../account/account.ts';
import type { RequestHandler } from './$types';

/**
 * POST {code, newPassword} → {ok}: sets a new password with a one-time code (from an administrator or by e-mail)
 * and ends every session of the person, who then logs in. 404 `invalid_reset` (unknown, used, replaced or
 * expired: one answer for all); 422 `password_*` (the code stays usable); 429 after many wrong codes from one
 * network address. No session needed.
 */
export const POST: RequestHandler = endpoint(async ({ request, getClientAddress }) => {
  const { code, newPassword } = await readBody(request, PasswordReset);
  const kring = await services();
  const guess = kring.throttle.guess(`reset-ip:${getClientAddress()}`);
  if (!guess.allowed) throw new Refusal(429, 'throttled', 'Too many wrong codes; try again later.', { 'retry-after': String(Math.ceil(guess.retryAfterMs / 1000)) });
  try {
    await kring.passwordResets.use(code, newPassword);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'invalid_reset') guess.right();
    throw error;
  }
  guess.right();
  return json({ ok: true } satisfies OkAnswer);
}, { ...PASSWORD_STATUSES, invalid_reset: 404 });
