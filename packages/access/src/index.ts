/**
 * Who may open which document: one policy, used by the sync server on connect, by the HTTP endpoints and by
 * the UI to render read-only. The space in a document's name decides access, so a connection can be
 * authorised from the name alone, before anything is sent.
 */
import { parseDocName, type DocKind } from '@kring/shapes/names';

export type Access = 'none' | 'read' | 'write';

/**
 * A person's role in the organisation. Clients include informal carers; guests are external partners. The privacy
 * officer works in the organisation as an employee does and may also erase a person (`mayErasePeople`).
 */
export type OrgRole = 'employee' | 'client' | 'editor' | 'admin' | 'guest' | 'privacy';
export const ORG_ROLES: readonly OrgRole[] = ['employee', 'client', 'editor', 'admin', 'guest', 'privacy'];

/**
 * team: a neighbourhood team's own space (employees only). client: a client community (clients, informal
 * carers and the employees who work with them). news: organisation news (editors write, everyone reads).
 * organisation: the space of everyone who works in the organisation (employees, editors, administrators), where a
 * team can post for the whole organisation; clients and guests only when made members, since staff write about
 * clients here too.
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
 * What a space owner or an administrator can switch on or off per space. `wiki` is the space's pages, `boards`
 * its task boards; `polls` live inside feed posts (the server refuses changes that make one: `refusesChange`)
 * and `activities` are SQL records (not documents), checked by the activity endpoints.
 */
export type SpaceFeature = 'feed' | 'wiki' | 'boards' | 'chat' | 'polls' | 'activities';
export const SPACE_FEATURES: readonly SpaceFeature[] = ['feed', 'wiki', 'boards', 'chat', 'polls', 'activities'];

/** The feature a kind of document belongs to; null for kinds that are never switched off (index, submission). */
export function featureOf(kind: DocKind): SpaceFeature | null {
  switch (kind) {
    case 'feed':
      return 'feed';
    case 'page':
      return 'wiki';
    case 'board':
      return 'boards';
    case 'chat':
      return 'chat';
    case 'index':
    case 'submission':
      return null;
  }
}

/**
 * One space as the policy sees it for one person. `role` is null when the person is not a member but the space
 * is organisation-wide (news, organisation) and so visible to everyone in the organisation but guests.
 */
export interface SpaceGrant {
  /** `conversation`: a one-to-one or group chat, a space of its own kind with its members in SQL (`mayChat`). */
  kind: SpaceKind | 'conversation';
  role: MembershipRole | null;
  /** The features switched on in this space. Absent: all of them (the default of a new space). */
  features?: readonly SpaceFeature[];
  /**
   * News spaces: ids of published pages outside their publication window (scheduled for later, or
   * unpublished). People who may only read the space cannot open them; editors still can.
   */
  hiddenPages?: readonly string[];
  /**
   * Emergency access (docs/privacy.md, "Emergency access"): an administrator who declared a reason on a space he
   * is no member of reads it until this time (ms since 1970); the grant's role is then `reader`.
   */
  emergencyUntil?: number;
  /**
   * Conversations: a client is among its members (the person or another), so it is client-related (NEN 7513) and
   * its reads and changes are in the access log.
   */
  withClient?: boolean;
  /**
   * Handbook spaces: ids of pages with an approved version. People who may only read the space read that version
   * (GET /api/documents/approved), never the draft being worked on: the live page is closed to them.
   */
  controlledPages?: readonly string[];
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
const STAFF: ReadonlySet<OrgRole> = new Set(['employee', 'editor', 'admin', 'privacy']);

/**
 * Only the privacy officer erases a person (AVG art. 17): their posts, comments, likes and votes, their name and
 * their sessions. Not administrators: erasing is the privacy officer's decision, and it cannot be undone.
 */
export function mayErasePeople(user: Pick<AccessUser, 'role' | 'active'>): boolean {
  return user.active && user.role === 'privacy';
}

/**
 * Only the privacy officer reads the access log of everyone (NEN 7513): not administrators, whose own accesses
 * are in it. A client sees only the overview of their own information.
 */
export function maySeeAccessLog(user: Pick<AccessUser, 'role' | 'active'>): boolean {
  return user.active && user.role === 'privacy';
}

/**
 * Community insight (GET /api/insight): the community manager is not a role of its own but the editor's work, as
 * the editorial workflow is; administrators too. Active people only. Everyone else, staff included, gets 403: even
 * counts say something about a team.
 */
export function mayViewInsight(user: Pick<AccessUser, 'role' | 'active'>): boolean {
  return user.active && isEditor(user.role);
}

/** Editors and administrators run the editorial workflow: they read, edit and decide on every submission. */
export function isEditor(orgRole: OrgRole): boolean {
  return orgRole === 'editor' || orgRole === 'admin';
}

/**
 * A submission's document id starts with its author's key (the user id without dashes: 32 characters for a
 * UUID) and `_`, so the policy knows the author from the document's name alone.
 */
export function submissionAuthorKey(userId: string): string {
  return userId.replaceAll('-', '');
}

/** The document id of a submission by `userId`; `suffix` makes it unique (letters, digits, `_` or `-`). */
export function submissionDocId(userId: string, suffix: string): string {
  return `${submissionAuthorKey(userId)}_${suffix}`;
}

/** Whether the submission with this document id was written by `userId`. */
export function isSubmissionBy(userId: string, docId: string): boolean {
  const key = submissionAuthorKey(userId);
  return key.length > 0 && docId.length > key.length + 1 && docId.startsWith(`${key}_`);
}

/**
 * Who may declare emergency access to a space: an active administrator who cannot see it otherwise (a team or
 * client space he is no member of). Everyone else either sees the space already or may never get in this way.
 */
export function mayDeclareEmergencyAccess(user: Pick<AccessUser, 'role' | 'active'>, space: { kind: SpaceKind; role: MembershipRole | null }): boolean {
  return user.active && user.role === 'admin' && space.role === null && !seesWithoutMembership(user.role, space.kind);
}

/** Whether a grant is emergency access that holds at `now`: only an administrator's, and only until it ends. */
function emergencyHolds(user: AccessUser, grant: SpaceGrant, now: number): boolean {
  return grant.emergencyUntil === undefined || (user.role === 'admin' && now < grant.emergencyUntil);
}

/**
 * What `user` may do with the document called `docName`. Unknown names and unknown spaces give 'none'.
 * @param now when it is asked: emergency access ends by itself at its end, even for a person read before
 */
export function access(user: AccessUser | null, docName: string, now = Date.now()): Access {
  if (!user || !user.active) return 'none';
  const name = parseDocName(docName);
  if (!name) return 'none';
  const grant = Object.hasOwn(user.spaces, name.spaceId) ? user.spaces[name.spaceId] : undefined;
  if (!grant || !emergencyHolds(user, grant, now)) return 'none';
  if (name.kind === 'submission') return submissionAccess(user, grant, name.docId);
  if (!featureEnabled(grant, name.kind)) return 'none';
  const granted = spaceAccess(user.role, grant, name.kind);
  // A page outside its publication window is gone for readers; those who may write (editors) keep it.
  if (granted === 'read' && name.kind === 'page' && grant.kind === 'news' && grant.hiddenPages?.includes(name.docId)) return 'none';
  // An approved protocol is read as approved: the draft after it is for those who write it.
  if (granted === 'read' && name.kind === 'page' && grant.controlledPages?.includes(name.docId)) return 'none';
  return granted;
}

/**
 * What a person may do with a page's saved versions: list, read and compare them with read access to the page,
 * name one and restore one (a change to the page) only with write access. Only pages keep versions.
 */
export function versionRights(user: AccessUser | null, docName: string, now = Date.now()): { read: boolean; change: boolean } {
  const granted = parseDocName(docName)?.kind === 'page' ? access(user, docName, now) : 'none';
  return { read: granted !== 'none', change: granted === 'write' };
}

/**
 * Whether a person may read a page's approved version: whoever could read the page were it not controlled (those who
 * only read it see the approved version, writers both).
 */
export function mayReadApproved(user: AccessUser | null, docName: string, now = Date.now()): boolean {
  const name = parseDocName(docName);
  if (!user || name?.kind !== 'page') return false;
  const grant = Object.hasOwn(user.spaces, name.spaceId) ? user.spaces[name.spaceId] : undefined;
  const open = grant?.controlledPages ? { ...user, spaces: { ...user.spaces, [name.spaceId]: { ...grant, controlledPages: undefined } } } : user;
  return access(open, docName, now) !== 'none';
}

/**
 * Whether a person reads a document in any form: live, or (a protocol closed to those who only read) its approved
 * version. For what the server tells about a document: a notification about an approved protocol reaches its readers.
 */
export function readsAnyVersion(user: AccessUser | null, docName: string, now = Date.now()): boolean {
  return access(user, docName, now) !== 'none' || mayReadApproved(user, docName, now);
}

/**
 * Who approves a protocol in a handbook space: its owner or the approver named for it, and only while they may
 * write the page. Approving is their explicit act; a space owner or administrator sets who they are.
 */
export function mayApprove(user: AccessUser | null, docName: string, control: { ownerId: string | null; approverId: string | null }): boolean {
  if (!user || access(user, docName) !== 'write') return false;
  return user.id === control.ownerId || user.id === control.approverId;
}

/**
 * Who names a protocol's owner and approver and sets its review date: the space's owners and administrators, and
 * the protocol's owner; always only with write access to the page. So no writer can make himself approver.
 */
export function mayAssignPage(user: AccessUser | null, docName: string, control: { ownerId: string | null }): boolean {
  const name = parseDocName(docName);
  if (!user || name?.kind !== 'page' || access(user, docName) !== 'write') return false;
  const grant = user.spaces[name.spaceId]!;
  return canManageFeatures(user.role, grant.role) || user.id === control.ownerId;
}

/** Whether the feature a document kind belongs to is switched on in the space (kinds without one always are). */
export function featureEnabled(grant: SpaceGrant, kind: DocKind): boolean {
  const feature = featureOf(kind);
  return feature === null || grant.features === undefined || grant.features.includes(feature);
}

/**
 * A submission is readable and writable by its author and by editors, nobody else: not the space's owner, not
 * other readers of the news space, never a guest. Submissions exist only in news spaces.
 */
function submissionAccess(user: AccessUser, grant: SpaceGrant, docId: string): Access {
  if (grant.kind !== 'news' || user.role === 'guest') return 'none';
  if (isEditor(user.role) || isSubmissionBy(user.id, docId)) return 'write';
  return 'none';
}

/**
 * The rules per space kind; exported for the table test and for the UI's "what can I do here". It does not
 * look at switched-off features or hidden pages (see `access`), and gives 'none' for submissions, whose access
 * depends on who wrote them.
 */
export function spaceAccess(orgRole: OrgRole, grant: SpaceGrant, kind: DocKind): Access {
  const { role } = grant;
  if (kind === 'submission') return 'none';
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
    case 'conversation':
      // A conversation holds its chat and nothing else; its members all write (who said what is judged per message).
      return role !== null && role !== 'reader' && kind === 'chat' ? 'write' : 'none';
    case 'organisation':
      if (role === null && !seesWithoutMembership(orgRole, 'organisation')) return 'none';
      if (role === 'reader') return 'read';
      if (CONVERSATION.has(kind)) return 'write';
      return orgRole === 'editor' || orgRole === 'admin' || role === 'owner' ? 'write' : 'read';
  }
}

/**
 * Whether a person sees a space of this kind without being a member: news is for everyone in the organisation
 * but guests; the organisation space for everyone who works there.
 */
export function seesWithoutMembership(orgRole: OrgRole, kind: SpaceKind | 'conversation'): boolean {
  if (kind === 'news') return orgRole !== 'guest';
  if (kind === 'organisation') return STAFF.has(orgRole);
  return false;
}

/** The key of a post's poll in the feed's shape (`packages/shapes/src/feed.ts`): a change that sets it makes one. */
const POLL_KEY = 'poll';

/**
 * Whether a writer's change must be refused although they may write the document: it makes something the space
 * switched off that lives inside a document (a poll in a feed with polls off). `keys` are the map keys the
 * change sets, as the sync server reads them from the update.
 */
export function refusesChange(user: AccessUser, docName: string, keys: ReadonlySet<string>): boolean {
  const name = parseDocName(docName);
  const grant = name && Object.hasOwn(user.spaces, name.spaceId) ? user.spaces[name.spaceId] : undefined;
  if (!name || !grant || name.kind !== 'feed') return false;
  const pollsOff = grant.features !== undefined && !grant.features.includes('polls');
  return pollsOff && keys.has(POLL_KEY);
}

/** Only what may be read may be listed: the spaces a person sees at all. */
export function canSeeSpace(user: AccessUser, spaceId: string): boolean {
  const grant = Object.hasOwn(user.spaces, spaceId) ? user.spaces[spaceId] : undefined;
  return !!grant && emergencyHolds(user, grant, Date.now()) && spaceAccess(user.role, grant, 'index') !== 'none';
}

/**
 * Whether `asker` may learn that `person` is here, in a list of people such as a space's members. Being a client
 * of a care organisation is health data: a client is seen by themselves and by those who see a client space the
 * client is a member of, never through an organisation-wide space. Staff and guests are seen by whoever reads a
 * space with them.
 * @param person.memberOf ids of the spaces `person` is a member of
 */
export function seesPerson(asker: AccessUser, person: { id: string; role: OrgRole; memberOf: readonly string[] }): boolean {
  if (person.role !== 'client' || person.id === asker.id) return true;
  return person.memberOf.some((spaceId) => canSeeSpace(asker, spaceId) && asker.spaces[spaceId].kind === 'client');
}

/**
 * How much of `person`'s profile `asker` sees in the smoelenboek (the directory of people):
 * - `none`: not listed at all;
 * - `staff`: the whole profile of someone who works here or a guest;
 * - `client`: a client's minimal profile, for staff and guests of a client space the client is a member of;
 * - `shared`: a client seen by a fellow client of such a space: the name, and more only if the client chose so.
 * Staff see all staff of their organisation (the caller lists only that organisation). Clients and guests see
 * only the people of the spaces they are members of; a client never sees staff outside their client spaces.
 * @param person.memberOf ids of the spaces `person` is a member of
 */
export type ProfileView = 'none' | 'staff' | 'client' | 'shared';
export function profileView(asker: AccessUser, person: { id: string; role: OrgRole; memberOf: readonly string[] }): ProfileView {
  if (person.role === 'client') {
    if (person.id === asker.id) return 'client';
    if (!seesPerson(asker, person)) return 'none';
    return asker.role === 'client' ? 'shared' : 'client';
  }
  if (person.id === asker.id || (STAFF.has(asker.role) && STAFF.has(person.role))) return 'staff';
  const clientSpacesOnly = asker.role === 'client';
  const shares = person.memberOf.some((spaceId) => canSeeSpace(asker, spaceId) && asker.spaces[spaceId].role !== null && (!clientSpacesOnly || asker.spaces[spaceId].kind === 'client'));
  return shares ? 'staff' : 'none';
}

/** What a person may do with the activities of a space. */
export interface ActivityRights {
  /** See the activities and their own sign-up. */
  view: boolean;
  /** Sign up and cancel. */
  signUp: boolean;
  /** Create, change and call off activities, and see who signed up (staff of the client space). */
  manage: boolean;
}

/**
 * Activities live in client spaces with the feature on. Who can read the space's feed sees them, who can write
 * in it signs up, and who keeps its pages (staff) runs them. Nothing for anyone else.
 */
export function activityRights(user: AccessUser | null, spaceId: string): ActivityRights {
  const none = { view: false, signUp: false, manage: false };
  if (!user || !user.active) return none;
  const grant = Object.hasOwn(user.spaces, spaceId) ? user.spaces[spaceId] : undefined;
  if (!grant || grant.kind !== 'client' || (grant.features !== undefined && !grant.features.includes('activities'))) return none;
  const feed = spaceAccess(user.role, grant, 'feed');
  return { view: feed !== 'none', signUp: feed === 'write', manage: spaceAccess(user.role, grant, 'page') === 'write' };
}

/** Who may submit an article to a news space: anyone who can see it, except guests. */
export function canSubmitTo(user: AccessUser | null, spaceId: string): boolean {
  if (!user || !user.active || user.role === 'guest') return false;
  const grant = Object.hasOwn(user.spaces, spaceId) ? user.spaces[spaceId] : undefined;
  return grant?.kind === 'news';
}

/** Who decides on submissions to a news space: editors and administrators who can see it. */
export function canEditSubmissionsIn(user: AccessUser | null, spaceId: string): boolean {
  if (!user || !user.active || !isEditor(user.role)) return false;
  const grant = Object.hasOwn(user.spaces, spaceId) ? user.spaces[spaceId] : undefined;
  return grant?.kind === 'news';
}

/** Who switches a space's features: its owners, and administrators (for every space of the organisation). */
export function canManageFeatures(orgRole: OrgRole, membership: MembershipRole | null): boolean {
  return orgRole === 'admin' || membership === 'owner';
}

/** Whether someone works in the organisation (employee, editor, administrator, privacy officer). */
export function isStaff(orgRole: OrgRole): boolean {
  return STAFF.has(orgRole);
}

/** A person as the chat rules see them: their role and the spaces (not conversations) they are a member of. */
export interface ChatPerson {
  id: string;
  role: OrgRole;
  active: boolean;
  /** Space id → kind, for every space the person is a member of. */
  memberOf: ReadonlyMap<string, SpaceKind>;
}

/**
 * Whether two people of one organisation may chat. Staff chat with staff. A client only with the people of a client
 * space both are members of (staff and fellow clients): being a client is health data, and a client space is where
 * the care relation is. A guest only with the people of a space both are members of. Symmetric. Whether an account
 * is active is not asked here: a conversation is started only with active people (the server checks), and a
 * colleague's deactivation does not take a conversation from the others.
 */
export function mayChat(a: ChatPerson, b: ChatPerson): boolean {
  if (a.id === b.id) return true;
  if (STAFF.has(a.role) && STAFF.has(b.role)) return true;
  const clientInvolved = a.role === 'client' || b.role === 'client';
  for (const [spaceId, kind] of a.memberOf) {
    if (b.memberOf.get(spaceId) === undefined) continue;
    if (!clientInvolved || kind === 'client') return true;
  }
  return false;
}

/**
 * Whether `person`, a member of a conversation with `others`, still has it (docs/privacy.md, "Chat"). Members
 * are checked when they are added; this decides what happens when a shared membership ends later. In a
 * one-to-one both keep it only while they may chat. In a group, staff keep it; a client or guest keeps it
 * while they may chat with every member who works here (in a group without staff: with every other member). Who
 * loses it loses the history as well: what was said may be about clients, and they no longer share their care.
 */
export function keepsConversation(person: ChatPerson, others: readonly ChatPerson[], kind: 'direct' | 'group'): boolean {
  if (!person.active) return false;
  if (kind === 'direct') return others.every((other) => mayChat(person, other));
  if (STAFF.has(person.role)) return true;
  const staff = others.filter((other) => STAFF.has(other.role));
  return (staff.length > 0 ? staff : others).every((other) => mayChat(person, other));
}

export * from './authorship.ts';
