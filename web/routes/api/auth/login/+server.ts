import { json } from '@sveltejs/kit';
import { Login, type UserAnswer } from '@kring/contract';
import { endpoint, problem, readBody } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** POST {email, password} → 200 {user} with a session cookie; 401 wrong credentials; 429 throttled. */
export const POST: RequestHandler = endpoint(async ({ request, cookies, getClientAddress }) => {
  const { email, password } = await readBody(request, Login);
  const { accounts, sessions, throttle } = await services();
  const keys = [`email:${email.trim().toLowerCase()}`, `ip:${getClientAddress()}`];
  const wait = throttle.retryAfter(keys);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return problem(429, 'throttled', `Too many failed attempts; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
  }
  const user = await accounts.verifyPassword(email, password);
  if (!user) {
    throttle.failed(keys);
    await accounts.audit({ userId: null, action: 'login.failed', subject: email.trim().toLowerCase() });
    return problem(401, 'invalid_credentials', 'Wrong email address or password.');
  }
  throttle.succeeded(keys);
  const { cookie } = await sessions.create(user.id);
  cookies.set(cookie.name, cookie.value, { path: '/', ...cookie.attributes });
  await accounts.audit({ userId: user.id, action: 'login', subject: null });
  return json({ user: { id: user.id, name: user.name, email: user.email, role: user.role } } satisfies UserAnswer);
});
