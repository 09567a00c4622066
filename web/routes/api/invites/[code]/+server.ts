import { json } from '@sveltejs/kit';
import { iso, type InvitePreview } from '@kring/contract';
import { NO_STORE, Refusal, endpoint } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * GET → {invite: {role, loginName, expiresAt, organisation: {name}, spaces: [{id, name, kind, role}]}}: what an
 * open invite offers, so the person sees what they join, and the login name the administrator chose for them
 * (null on an invite made before invites carried one), before choosing a password. 404 `invalid_invite` for a code
 * that is unknown, used, expired or withdrawn (one answer for all). Failed lookups are throttled per network
 * address like logins (429).
 */
export const GET: RequestHandler = endpoint(async ({ params, getClientAddress }) => {
  const kring = await services();
  // Counted before the lookup, so a burst of guesses sent at once is throttled too.
  const guess = kring.throttle.guess(`invite-ip:${getClientAddress()}`);
  if (!guess.allowed) throw new Refusal(429, 'throttled', 'Too many wrong codes; try again later.', { 'retry-after': String(Math.ceil(guess.retryAfterMs / 1000)) });
  const preview = await kring.invites.preview(params.code);
  if (!preview) throw new Refusal(404, 'invalid_invite', 'This invite code is not valid (any more).');
  guess.right();
  const { invite, organisation, spaces } = preview;
  return json({ invite: { role: invite.role, loginName: invite.loginName, expiresAt: iso(invite.expiresAt), organisation: { name: organisation }, spaces } } satisfies InvitePreview, { headers: NO_STORE });
});
