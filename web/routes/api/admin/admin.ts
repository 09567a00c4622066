/** Shared by the administration endpoints: who may use them, and how records look in answers. */
import type { Invite, PersonRecord, SpaceRecord, User } from '@kring/server';
import type { KringServices } from '@kring/server';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';

/** The logged-in administrator and the services, or the answer to give: 401 without a session, 403 for anyone else. */
export async function requireAdmin(locals: App.Locals): Promise<{ kring: KringServices; admin: User } | Response> {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  if (locals.user.role !== 'admin' || !locals.user.active) return problem(403, 'forbidden', 'Only administrators can do this.');
  return { kring: await services(), admin: locals.user };
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function personView(person: PersonRecord) {
  const { id, name, email, role, active, memberships, createdAt } = person;
  return { id, name, email, role, active, createdAt: iso(createdAt), memberships };
}

export function spaceView(space: SpaceRecord) {
  const { id, name, kind, audience, features, memberCount, createdAt } = space;
  return { id, name, kind, audience, features, memberCount, createdAt: iso(createdAt) };
}

export function inviteView(invite: Invite) {
  return {
    id: invite.id,
    role: invite.role,
    memberships: invite.memberships,
    note: invite.note,
    state: invite.state,
    expiresAt: iso(invite.expiresAt),
    createdAt: iso(invite.createdAt),
    createdBy: invite.createdBy,
    usedAt: iso(invite.usedAt),
    usedBy: invite.usedBy,
    revokedAt: iso(invite.revokedAt),
  };
}
