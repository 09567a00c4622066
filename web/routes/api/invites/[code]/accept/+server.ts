import { json } from '@sveltejs/kit';
import { InviteError, Invites, hashPassword, isLoginName } from '@kring/server';
import { problem, readJson } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * POST {name, email, password} → 201 {user} and a session cookie: creates the account the invite describes (its
 * role and spaces) and logs the person in. `email` is the login name: an email address, or a user name for
 * people without one. The code works once. 400 bad input, 404 `invalid_invite` (unknown, used, expired or
 * withdrawn), 409 `login_name_taken`, 429 after too many wrong codes from one network address.
 */
export const POST: RequestHandler = async ({ params, request, cookies, locals, getClientAddress }) => {
  const body = (await readJson(request)) as { name?: unknown; email?: unknown; password?: unknown } | null;
  const name = typeof body?.name === 'string' ? body.name.trim() : '';
  if (!body || name.length === 0 || name.length > 100 || !isLoginName(body.email) || typeof body.password !== 'string' || body.password.length < 8 || body.password.length > 1024) {
    return problem(400, 'bad_request', 'Send {"name": 1 to 100 characters, "email": an email address or a user name (3 to 64 letters, digits, . _ -), "password": at least 8 characters}.');
  }
  const kring = await services();
  const key = [`invite-ip:${getClientAddress()}`];
  const wait = kring.throttle.retryAfter(key);
  if (wait > 0) return problem(429, 'throttled', 'Too many wrong codes; try again later.', { 'retry-after': String(Math.ceil(wait / 1000)) });

  const invites = new Invites(kring.db);
  // Checked before the slow hashing, so a wrong code costs the server nothing.
  if (!(await invites.find(params.code))) {
    kring.throttle.failed(key);
    return problem(404, 'invalid_invite', 'This invite code is not valid (any more).');
  }
  const passwordHash = await hashPassword(body.password);
  let accepted;
  try {
    accepted = await invites.accept(params.code, { name, email: body.email as string, passwordHash });
  } catch (error) {
    if (error instanceof InviteError && error.code === 'login_name_taken') return problem(409, 'login_name_taken', 'This login name is taken; choose another.');
    if (error instanceof InviteError) return problem(404, 'invalid_invite', 'This invite code is not valid (any more).');
    throw error;
  }
  const { user, invite } = accepted;
  // Whoever was logged in on this browser is logged out: the new account takes over.
  if (locals.sessionId && locals.user) await kring.sessions.end(locals.sessionId, locals.user.id);
  const { cookie } = await kring.sessions.create(user.id);
  cookies.set(cookie.name, cookie.value, { path: '/', ...cookie.attributes });
  await kring.accounts.audit({ userId: user.id, action: 'invite.accept', subject: invite.id, detail: { role: user.role } });
  return json({ user: { id: user.id, name: user.name, email: user.email, role: user.role } }, { status: 201 });
};
