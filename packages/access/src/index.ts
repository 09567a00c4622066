/**
 * Who may open which document: one policy, used by the sync server on connect, by the HTTP endpoints and by
 * the UI to render read-only. The space in a document's name decides access, so a connection can be
 * authorised from the name alone, before anything is sent.
 */
import { parseDocName, type DocKind } from '@kring/shapes/names';

export type Access = 'none' | 'read' | 'write';

/** A person's role in the organisation. Clients include informal carers; guests are external partners. */
export type OrgRole = 'employee' | 'client' | 'editor' | 'admin' | 'guest';
export const ORG_ROLES: readonly OrgRole[] = ['employee', 'client', 'editor', 'admin', 'guest'];

/**
 * team: a neighbourhood team's own space (employees only). client: a client community (clients, informal
 * carers and the employees who work with them). news: organisation news (editors write, everyone reads).
 * organisation: organisation-wide space everyone in the organisation may post in.
 */
export type SpaceKind = 'team' | 'client' | 'news' | 'organisation';
export const SPACE_KINDS: readonly SpaceKind[] = ['team', 'client', 'news', 'organisation'];

/** Who a space is for, as shown to people. Follows from the kind. */
export type Audience = 'team' | 'clients' | 'organisation';
export function audienceOf(kind: SpaceKind): Audience {
  if (kind === 'team') return 'team';
  if (kind === 'client') return 'clients';
  return 'organisation';
}

/** A person's role in one space. */
export type MembershipRole = 'owner' | 'member' | 'reader';
export const MEMBERSHIP_ROLES: readonly MembershipRole[] = ['owner', 'member', 'reader'];

/**
 * One space as the policy sees it for one person. `role` is null when the person is not a member but the space
 * is organisation-wide (news, organisation) and so visible to everyone in the organisation but guests.
 */
export interface SpaceGrant {
  kind: SpaceKind;
  role: MembershipRole | null;
}

export interface AccessUser {
  id: string;
  role: OrgRole;
  active: boolean;
  /** Every space this person can see, by space id; spaces not listed are invisible to them. */
  spaces: Readonly<Record<string, SpaceGrant>>;
}

/** Kinds of document that are conversation: members post there, readers only read. */
const CONVERSATION: ReadonlySet<DocKind> = new Set(['feed', 'chat']);
const STAFF: ReadonlySet<OrgRole> = new Set(['employee', 'editor', 'admin']);

/** What `user` may do with the document called `docName`. Unknown names and unknown spaces give 'none'. */
export function access(user: AccessUser | null, docName: string): Access {
  if (!user || !user.active) return 'none';
  const name = parseDocName(docName);
  if (!name) return 'none';
  const grant = Object.hasOwn(user.spaces, name.spaceId) ? user.spaces[name.spaceId] : undefined;
  if (!grant) return 'none';
  return spaceAccess(user.role, grant, name.kind);
}

/** The rules per space kind; exported for the table test and for the UI's "what can I do here". */
export function spaceAccess(orgRole: OrgRole, grant: SpaceGrant, kind: DocKind): Access {
  const { role } = grant;
  switch (grant.kind) {
    case 'team':
      // Team spaces hold care details about clients: a client never gets in, whatever a membership says.
      if (orgRole === 'client' || role === null) return 'none';
      return role === 'reader' ? 'read' : 'write';
    case 'client':
      if (role === null) return 'none';
      if (role === 'reader') return 'read';
      // Clients talk in the feed and chat; the space's pages and boards are kept by staff.
      if (CONVERSATION.has(kind)) return 'write';
      return STAFF.has(orgRole) ? 'write' : 'read';
    case 'news':
      // Editors decide what is published; everyone else reads. Submissions are separate documents.
      if (orgRole === 'guest' && role === null) return 'none';
      return orgRole === 'editor' || orgRole === 'admin' || role === 'owner' ? 'write' : 'read';
    case 'organisation':
      if (orgRole === 'guest' && role === null) return 'none';
      if (role === 'reader') return 'read';
      if (CONVERSATION.has(kind)) return 'write';
      return orgRole === 'editor' || orgRole === 'admin' || role === 'owner' ? 'write' : 'read';
  }
}

/** Only what may be read may be listed: the spaces a person sees at all. */
export function canSeeSpace(user: AccessUser, spaceId: string): boolean {
  const grant = Object.hasOwn(user.spaces, spaceId) ? user.spaces[spaceId] : undefined;
  return !!grant && spaceAccess(user.role, grant, 'index') !== 'none';
}
