import { setTimeout as sleep } from 'node:timers/promises';
import { json } from '@sveltejs/kit';
import { LoginCode, type UserAnswer } from '@kring/contract';
import { TwoFactorError } from '@kring/server';
import { endpoint, problem, readBody } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * POST {token, code} → 200 {user} with a session cookie: the second step of logging in, with a code from the
 * authenticator app or a recovery code. 401 `invalid_code` (the token holds for a few more tries), 401
 * `invalid_login_token` (expired, used or unknown: type the password again); 429 throttled, by the same throttle
 * as the password step.
 */
export const POST: RequestHandler = endpoint(async ({ request, cookies, getClientAddress }) => {
  const { token, code } = await readBody(request, LoginCode);
  const { accounts, sessions, sessionPlaces, throttle, twoFactor } = await services();
  const person = await twoFactor.loginTokenUser(token);
  // Counted as the password step is, per address and per account: a code is guessed no faster than a password.
  const attempt = throttle.attempt(getClientAddress(), person?.email ?? '(login token)');
  if (!attempt.allowed) {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    return problem(429, 'throttled', `Too many failed attempts; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
  }
  if (attempt.delayMs > 0) await sleep(attempt.delayMs);
  let user;
  try {
    user = await twoFactor.finishLogin(token, code);
  } catch (error) {
    if (!(error instanceof TwoFactorError)) throw error;
    attempt.failed();
    return problem(401, error.code, error.message);
  }
  attempt.succeeded();
  const { cookie } = await sessions.create(user.id, { userAgent: request.headers.get('user-agent'), secondFactor: true, place: sessionPlaces.placeOf(getClientAddress()) });
  cookies.set(cookie.name, cookie.value, { path: '/', ...cookie.attributes });
  await accounts.audit({ userId: user.id, action: 'login', subject: null, detail: { secondFactor: true } });
  return json({ user: { id: user.id, name: user.name, email: user.email, role: user.role } } satisfies UserAnswer);
});
