/** The administration API's answers, as docs/api.md describes them. */
import type { MembershipRole, OrgRole, SpaceFeature, SpaceKind, Audience } from '@kring/access';

export interface Person {
  id: string;
  name: string;
  email: string;
  role: OrgRole;
  active: boolean;
  createdAt: string;
  memberships: { spaceId: string; role: MembershipRole }[];
}

export interface AdminSpace {
  id: string;
  name: string;
  kind: SpaceKind;
  audience: Audience;
  features: SpaceFeature[];
  memberCount: number;
  createdAt: string;
}

export interface SpaceMember {
  userId: string;
  name: string;
  email: string;
  role: OrgRole;
  active: boolean;
  membership: MembershipRole;
}

export interface Invite {
  id: string;
  role: OrgRole;
  memberships: { spaceId: string; role: MembershipRole }[];
  note: string | null;
  state: 'open' | 'used' | 'expired' | 'revoked';
  expiresAt: string;
  createdAt: string;
  createdBy: string | null;
  usedAt: string | null;
  usedBy: string | null;
  revokedAt: string | null;
}
