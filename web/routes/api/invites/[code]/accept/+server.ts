import { json } from '@sveltejs/kit';
import { InviteAcceptance, type UserAnswer } from '@kring/contract';
import { InviteError, hashPassword } from '@kring/server';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

const INVALID = 'This invite code is not valid (any more).';

/**
 * POST {name, password} → 201 {user} and a session cookie: creates the account the invite describes (its role,
 * spaces and login name) and logs the person in. The person never chooses the login name, so the answer is the
 * same whichever login names exist; `email` is read only for an invite made before invites carried a login name
 * (400 `login_name_needed` without it). The code works once. 400 bad input, 404 `invalid_invite` (unknown, used,
 * expired or withdrawn), 409 `login_name_taken` when an account took the login name since (the administrator
 * makes a new invite), 429 after too many wrong codes from one network address.
 */
export const POST: RequestHandler = endpoint(async ({ params, request, cookies, locals, getClientAddress }) => {
  const { name, email, password } = await readBody(request, InviteAcceptance);
  const kring = await services();
  // Counted before the lookup, so a burst of guesses sent at once is throttled too.
  const guess = kring.throttle.guess(`invite-ip:${getClientAddress()}`);
  if (!guess.allowed) throw new Refusal(429, 'throttled', 'Too many wrong codes; try again later.', { 'retry-after': String(Math.ceil(guess.retryAfterMs / 1000)) });

  // Checked before the slow hashing, so a wrong code costs the server nothing.
  if (!(await kring.invites.find(params.code))) throw new Refusal(404, 'invalid_invite', INVALID);
  guess.right();
  const passwordHash = await hashPassword(password);
  let accepted;
  try {
    accepted = await kring.invites.accept(params.code, { name, email, passwordHash });
  } catch (error) {
    if (error instanceof InviteError && error.code === 'login_name_taken') throw new Refusal(409, 'login_name_taken', 'This login name is taken; ask for a new invite.');
    if (error instanceof InviteError && error.code === 'login_name_needed') throw new Refusal(400, 'login_name_needed', 'This invite needs a login name.');
    if (error instanceof InviteError) throw new Refusal(404, 'invalid_invite', INVALID);
    throw error;
  }
  const { user, invite } = accepted;
  // Whoever was logged in on this browser is logged out: the new account takes over.
  if (locals.sessionId && locals.user) await kring.sessions.end(locals.sessionId, locals.user.id);
  const { cookie } = await kring.sessions.create(user.id, { userAgent: request.headers.get('user-agent'), place: kring.sessionPlaces.placeOf(getClientAddress()) });
  cookies.set(cookie.name, cookie.value, { path: '/', ...cookie.attributes });
  await kring.accounts.audit({ userId: user.id, action: 'invite.accept', subject: invite.id, detail: { role: user.role } });
  return json({ user: { id: user.id, name: user.name, email: user.email, role: user.role } } satisfies UserAnswer, { status: 201 });
});
