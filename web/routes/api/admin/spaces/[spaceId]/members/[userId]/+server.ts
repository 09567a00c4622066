import { json } from '@sveltejs/kit';
import { MEMBERSHIP_ROLES, type MembershipRole } from '@kring/access';
import type { KringServices } from '@kring/server';
import { problem, readJson } from '$lib/server/http';
import { requireAdmin } from '../../../../admin.ts';
import type { RequestHandler } from './$types';

async function find(kring: KringServices, organisationId: string, spaceId: string, userId: string) {
  const [space, person] = await Promise.all([kring.accounts.space(spaceId), kring.accounts.userById(userId)]);
  if (!space || space.organisationId !== organisationId) return problem(404, 'not_found', 'No such space.');
  if (!person || person.organisationId !== organisationId) return problem(404, 'not_found', 'No such person.');
  return { space, person };
}

/**
 * PUT {role: owner|member|reader} → {membership: {spaceId, userId, role}}: adds the person to the space or
 * changes their role there. A client is never put in a team space (409 `client_in_team_space`): team spaces
 * hold care details about clients. Sync sockets that lost access close at once. Admins only.
 */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const { kring, admin } = allowed;
  const body = (await readJson(request)) as { role?: unknown } | null;
  if (!body || !MEMBERSHIP_ROLES.includes(body.role as MembershipRole)) return problem(400, 'bad_request', `Send {"role": ${MEMBERSHIP_ROLES.join('|')}}.`);
  const found = await find(kring, admin.organisationId, params.spaceId, params.userId);
  if (found instanceof Response) return found;
  if (found.space.kind === 'team' && found.person.role === 'client') return problem(409, 'client_in_team_space', 'Clients cannot be members of a team space.');
  const before = await kring.accounts.membership(found.space.id, found.person.id);
  const role = body.role as MembershipRole;
  await kring.accounts.setMembership(found.space.id, found.person.id, role);
  await kring.accounts.audit({ userId: admin.id, action: 'admin.membership.set', subject: found.space.id, detail: { userId: found.person.id, from: before, to: role } });
  if (before !== null && before !== role) await kring.events.emit('access.changed', {});
  return json({ membership: { spaceId: found.space.id, userId: found.person.id, role } });
};

/** DELETE → {removed: boolean}: takes the person out of the space; their open sync sockets there close (4403). Admins only. */
export const DELETE: RequestHandler = async ({ locals, params }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const { kring, admin } = allowed;
  const found = await find(kring, admin.organisationId, params.spaceId, params.userId);
  if (found instanceof Response) return found;
  const removed = await kring.accounts.removeMembership(found.space.id, found.person.id);
  if (removed) {
    await kring.accounts.audit({ userId: admin.id, action: 'admin.membership.remove', subject: found.space.id, detail: { userId: found.person.id } });
    await kring.events.emit('access.changed', {});
  }
  return json({ removed });
};
