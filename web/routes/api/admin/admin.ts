/** How administration records look in answers (@kring/contract): times as ISO 8601. */
import { iso, isoOrNull, type AdminSpace, type Invite as InviteView, type Person } from '@kring/contract';
import type { Invite, PersonRecord, SpaceRecord } from '@kring/server';

export function personView(person: PersonRecord): Person {
  const { id, name, email, role, active, memberships, createdAt } = person;
  return { id, name, email, role, active, createdAt: iso(createdAt), memberships };
}

export function spaceView(space: SpaceRecord): AdminSpace {
  const { id, name, kind, audience, features, memberCount, createdAt } = space;
  return { id, name, kind, audience, features, memberCount, createdAt: iso(createdAt) };
}

export function inviteView(invite: Invite): InviteView {
  return {
    id: invite.id,
    role: invite.role,
    memberships: invite.memberships,
    note: invite.note,
    loginName: invite.loginName,
    state: invite.state,
    expiresAt: iso(invite.expiresAt),
    createdAt: iso(invite.createdAt),
    createdBy: invite.createdBy,
    usedAt: isoOrNull(invite.usedAt),
    usedBy: invite.usedBy,
    revokedAt: isoOrNull(invite.revokedAt),
  };
}
