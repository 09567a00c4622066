import { setTimeout as sleep } from 'node:timers/promises';
import { json } from '@sveltejs/kit';
import { Login, type SecondFactorAnswer, type UserAnswer } from '@kring/contract';
import { NO_STORE, endpoint, problem, readBody } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * POST {email, password} → 200 {user} with a session cookie, or 200 {secondFactor: {token, expiresAt}} without
 * one when the person uses an authenticator app (POST /api/auth/login/code turns token and code into the
 * session); 401 wrong credentials; 429 throttled: blocked per network address, slowed down per account (the
 * answer waits), both counted before the password is checked.
 */
export const POST: RequestHandler = endpoint(async ({ request, cookies, getClientAddress }) => {
  const { email, password } = await readBody(request, Login);
  const { accounts, sessions, sessionPlaces, throttle, twoFactor } = await services();
  const attempt = throttle.attempt(getClientAddress(), email.trim().toLowerCase());
  if (!attempt.allowed) {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    return problem(429, 'throttled', `Too many failed attempts; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
  }
  if (attempt.delayMs > 0) await sleep(attempt.delayMs);
  const user = await accounts.verifyPassword(email, password);
  if (!user) {
    attempt.failed();
    await accounts.audit({ userId: null, action: 'login.failed', subject: email.trim().toLowerCase() });
    return problem(401, 'invalid_credentials', 'Wrong email address or password.');
  }
  attempt.succeeded();
  if (await twoFactor.isEnabled(user.id)) {
    const { token, expiresAt } = await twoFactor.startLogin(user.id);
    return json({ secondFactor: { token, expiresAt: new Date(expiresAt).toISOString() } } satisfies SecondFactorAnswer, { headers: NO_STORE });
  }
  const { cookie } = await sessions.create(user.id, { userAgent: request.headers.get('user-agent'), place: sessionPlaces.placeOf(getClientAddress()) });
  cookies.set(cookie.name, cookie.value, { path: '/', ...cookie.attributes });
  await accounts.audit({ userId: user.id, action: 'login', subject: null });
  return json({ user: { id: user.id, name: user.name, email: user.email, role: user.role } } satisfies UserAnswer);
});
