import { json } from '@sveltejs/kit';
import { Invites } from '@kring/server';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * GET → {invite: {role, expiresAt, organisation: {name}, spaces: [{id, name, kind, role}]}}: what an open
 * invite offers, so the person sees what they join before choosing a password. 404 `invalid_invite` for a code
 * that is unknown, used, expired or withdrawn (one answer for all). Failed lookups are throttled per network
 * address like logins (429).
 */
export const GET: RequestHandler = async ({ params, getClientAddress }) => {
  const kring = await services();
  const key = [`invite-ip:${getClientAddress()}`];
  const wait = kring.throttle.retryAfter(key);
  if (wait > 0) return problem(429, 'throttled', 'Too many wrong codes; try again later.', { 'retry-after': String(Math.ceil(wait / 1000)) });
  const invite = await new Invites(kring.db).find(params.code);
  if (!invite) {
    kring.throttle.failed(key);
    return problem(404, 'invalid_invite', 'This invite code is not valid (any more).');
  }
  const organisation = await kring.db.selectFrom('organisations').select('name').where('id', '=', invite.organisationId).executeTakeFirst();
  const spaces = [];
  for (const membership of invite.memberships) {
    const space = await kring.accounts.space(membership.spaceId);
    if (space) spaces.push({ id: space.id, name: space.name, kind: space.kind, role: membership.role });
  }
  return json(
    { invite: { role: invite.role, expiresAt: new Date(invite.expiresAt).toISOString(), organisation: { name: organisation?.name ?? '' }, spaces } },
    { headers: { 'cache-control': 'no-store' } },
  );
};
