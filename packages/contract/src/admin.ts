/** The administration endpoints, for administrators only (docs/api.md, "Administration"). */
import { MEMBERSHIP_ROLES, ORG_ROLES, SPACE_KINDS, type Audience, type MembershipRole, type OrgRole, type SpaceFeature, type SpaceKind } from '@kring/access';
import * as v from 'valibot';
import { requiredText, text, type IsoTime } from './http.ts';
import { isLoginName } from './people.ts';

const NAME_LENGTH = 100;
export const DEFAULT_INVITE_HOURS = 7 * 24;
export const MAX_INVITE_HOURS = 30 * 24;
export const MAX_NOTE_LENGTH = 200;

const orgRole = v.picklist(ORG_ROLES as OrgRole[], `must be one of ${ORG_ROLES.join(', ')}`);
const membershipRole = v.picklist(MEMBERSHIP_ROLES as MembershipRole[], `must be one of ${MEMBERSHIP_ROLES.join(', ')}`);
// The document-name id rule (@kring/shapes isValidId), written out so the device need not load the shapes here.
const spaceId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -'));

/** PATCH /api/admin/people/<userId>. */
export const PersonChanges = v.object({
  name: v.optional(requiredText(NAME_LENGTH)),
  role: v.optional(orgRole),
  active: v.optional(v.boolean('must be true or false')),
});
export type PersonChangesBody = v.InferInput<typeof PersonChanges>;

/** POST /api/admin/spaces: without an id, one is made from the name. */
export const NewSpace = v.object({
  name: requiredText(NAME_LENGTH),
  kind: v.picklist(SPACE_KINDS as SpaceKind[], `must be one of ${SPACE_KINDS.join(', ')}`),
  id: v.optional(spaceId),
});
export type NewSpaceBody = v.InferInput<typeof NewSpace>;

/** PATCH /api/admin/spaces/<spaceId>. */
export const SpaceRename = v.object({ name: requiredText(NAME_LENGTH) });
export type SpaceRenameBody = v.InferInput<typeof SpaceRename>;

/** PUT /api/admin/spaces/<spaceId>/members/<userId>. */
export const MembershipRequest = v.object({ role: membershipRole });
export type MembershipBody = v.InferInput<typeof MembershipRequest>;

/** POST /api/admin/invites. */
export const NewInvite = v.object({
  role: orgRole,
  loginName: v.pipe(v.string(), v.check((value) => isLoginName(value), 'must be an email address or a user name (3 to 64 letters, digits, . _ -)')),
  spaces: v.optional(
    v.pipe(
      v.array(v.object({ spaceId: v.string(), role: membershipRole })),
      v.maxLength(100, 'must list at most 100 spaces'),
      v.check((spaces) => new Set(spaces.map((space) => space.spaceId)).size === spaces.length, 'lists a space twice'),
    ),
    [],
  ),
  expiresInHours: v.optional(
    v.pipe(v.number(), v.gtValue(0, `must be more than 0 and at most ${MAX_INVITE_HOURS}`), v.maxValue(MAX_INVITE_HOURS, `must be more than 0 and at most ${MAX_INVITE_HOURS}`)),
    DEFAULT_INVITE_HOURS,
  ),
  note: v.optional(v.nullable(text(MAX_NOTE_LENGTH)), null),
});
export type NewInviteBody = v.InferInput<typeof NewInvite>;

/** GET /api/admin/audit?limit&before. */
export const AuditQuery = v.object({
  limit: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(500)), '100'),
  before: v.optional(v.pipe(v.string(), v.toNumber(), v.safeInteger())),
});

export interface Membership {
  spaceId: string;
  role: MembershipRole;
}

export interface Person {
  id: string;
  name: string;
  email: string;
  role: OrgRole;
  active: boolean;
  createdAt: IsoTime;
  memberships: Membership[];
}

export interface AdminSpace {
  id: string;
  name: string;
  kind: SpaceKind;
  audience: Audience;
  features: SpaceFeature[];
  memberCount: number;
  createdAt: IsoTime;
}

export interface SpaceMember {
  userId: string;
  name: string;
  email: string;
  role: OrgRole;
  active: boolean;
  membership: MembershipRole;
}

export type InviteState = 'open' | 'used' | 'expired' | 'revoked';

export interface Invite {
  id: string;
  role: OrgRole;
  memberships: Membership[];
  note: string | null;
  /** The account's login name; null on invites made before invites carried one. */
  loginName: string | null;
  state: InviteState;
  expiresAt: IsoTime;
  createdAt: IsoTime;
  createdBy: string | null;
  usedAt: IsoTime | null;
  usedBy: string | null;
  revokedAt: IsoTime | null;
}

export interface AuditEntry {
  id: number;
  at: IsoTime;
  userId: string | null;
  action: string;
  subject: string | null;
  detail: unknown;
}

export interface PeopleList {
  people: Person[];
}
export interface PersonAnswer {
  person: Person;
}
export interface SpaceList {
  spaces: AdminSpace[];
}
export interface SpaceAnswer {
  space: AdminSpace;
}
export interface SpaceDetail {
  space: AdminSpace;
  members: SpaceMember[];
}
export interface MembershipAnswer {
  membership: { spaceId: string; userId: string; role: MembershipRole };
}
export interface RemovedAnswer {
  removed: boolean;
}
export interface InviteList {
  invites: Invite[];
}
export interface InviteAnswer {
  invite: Invite;
}
export interface NewInviteAnswer {
  invite: Invite;
  code: string;
}
export interface AuditLog {
  entries: AuditEntry[];
}
