import { describe, expect, it } from 'vitest';
import {
  ORG_ROLES,
  mayViewInsight,
  SPACE_FEATURES,
  access,
  activityRights,
  canEditSubmissionsIn,
  canManageFeatures,
  canSeeSpace,
  canSubmitTo,
  featureOf,
  isSubmissionBy,
  mayApprove,
  mayAssignPage,
  mayDeclareEmergencyAccess,
  profileView,
  seesPerson,
  spaceAccess,
  submissionAuthorKey,
  submissionDocId,
  versionRights,
  type Access,
  type AccessUser,
  type MembershipRole,
  type OrgRole,
  type SpaceFeature,
  type SpaceKind,
} from './index.ts';

// The policy as a table. Columns: org role employee, client, editor, admin, guest.
// Each row: space kind, membership (null = not a member), document kind, expected access per org role.
type Row = [SpaceKind, MembershipRole | null, 'feed' | 'page' | 'board' | 'chat' | 'index', Access[]];
const ROLES: OrgRole[] = ['employee', 'client', 'editor', 'admin', 'guest'];
const TABLE: Row[] = [
  // team spaces: members only, clients never
  ['team', 'owner', 'page', ['write', 'none', 'write', 'write', 'write']],
  ['team', 'member', 'feed', ['write', 'none', 'write', 'write', 'write']],
  ['team', 'member', 'board', ['write', 'none', 'write', 'write', 'write']],
  ['team', 'reader', 'page', ['read', 'none', 'read', 'read', 'read']],
  ['team', null, 'page', ['none', 'none', 'none', 'none', 'none']],
  ['team', null, 'index', ['none', 'none', 'none', 'none', 'none']],
  // client communities: everyone talks, staff keep pages and boards
  ['client', 'member', 'feed', ['write', 'write', 'write', 'write', 'write']],
  ['client', 'member', 'chat', ['write', 'write', 'write', 'write', 'write']],
  ['client', 'member', 'page', ['write', 'read', 'write', 'write', 'read']],
  ['client', 'member', 'index', ['write', 'read', 'write', 'write', 'read']],
  ['client', 'reader', 'feed', ['read', 'read', 'read', 'read', 'read']],
  ['client', null, 'feed', ['none', 'none', 'none', 'none', 'none']],
  // news: editors publish, everyone in the organisation reads, guests only when invited
  ['news', null, 'feed', ['read', 'read', 'write', 'write', 'none']],
  ['news', null, 'page', ['read', 'read', 'write', 'write', 'none']],
  ['news', 'member', 'page', ['read', 'read', 'write', 'write', 'read']],
  ['news', 'owner', 'page', ['write', 'write', 'write', 'write', 'write']],
  // organisation-wide: everyone who works here posts, editors keep pages; clients and guests only as members
  ['organisation', null, 'feed', ['write', 'none', 'write', 'write', 'none']],
  ['organisation', null, 'page', ['read', 'none', 'write', 'write', 'none']],
  ['organisation', null, 'index', ['read', 'none', 'write', 'write', 'none']],
  ['organisation', 'reader', 'feed', ['read', 'read', 'read', 'read', 'read']],
  ['organisation', 'member', 'feed', ['write', 'write', 'write', 'write', 'write']],
];

function userWith(role: OrgRole, kind: SpaceKind, membership: MembershipRole | null): AccessUser {
  return { id: 'u1', role, active: true, spaces: { s1: { kind, role: membership } } };
}

describe('access(user, docName)', () => {
  for (const [spaceKind, membership, docKind, expected] of TABLE) {
    ROLES.forEach((role, i) => {
      it(`${role} ${membership ?? 'non-member'} of a ${spaceKind} space gets ${expected[i]} on a ${docKind}`, () => {
        expect(access(userWith(role, spaceKind, membership), `s1/${docKind}/d1`)).toBe(expected[i]);
      });
    });
  }

  it('gives nothing for a space the user cannot see', () => {
    expect(access(userWith('admin', 'team', 'owner'), 'other/page/d1')).toBe('none');
  });

  it('gives nothing to nobody and to deactivated accounts', () => {
    expect(access(null, 's1/page/d1')).toBe('none');
    expect(access({ ...userWith('employee', 'team', 'owner'), active: false }, 's1/page/d1')).toBe('none');
  });

  it.each(['', 's1', 's1/page', 's1/page/', 's1/unknown/d1', 's1/page/d 1', 's1/page/d1/x', '../page/d1', `s1/page/${'x'.repeat(65)}`, 'constructor/page/d1', '__proto__/page/d1'])(
    'refuses the malformed or unknown name %j',
    (name) => {
      const user: AccessUser = { id: 'u1', role: 'admin', active: true, spaces: { s1: { kind: 'team', role: 'owner' } } };
      expect(access(user, name)).toBe('none');
    },
  );

  it('lists a space only to people who may read it', () => {
    expect(canSeeSpace(userWith('client', 'team', 'member'), 's1')).toBe(false);
    expect(canSeeSpace(userWith('employee', 'team', 'member'), 's1')).toBe(true);
    expect(canSeeSpace(userWith('guest', 'news', null), 's1')).toBe(false);
  });
});

describe('emergency access', () => {
  const until = 1_000_000;
  const withEmergency = (role: OrgRole): AccessUser => ({ id: 'u1', role, active: true, spaces: { s1: { kind: 'team', role: 'reader', emergencyUntil: until } } });

  it('lets an administrator read, never write, until it ends, and nothing from its end on', () => {
    expect(access(withEmergency('admin'), 's1/page/d1', until - 1)).toBe('read');
    expect(access(withEmergency('admin'), 's1/feed/d1', until - 1)).toBe('read');
    expect(access(withEmergency('admin'), 's1/page/d1', until)).toBe('none');
    expect(access(withEmergency('admin'), 's1/index/main', until + 1)).toBe('none');
  });

  it('holds for nobody but an administrator: a grant left over after a change of role gives nothing', () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) expect(access(withEmergency(role), 's1/page/d1', until - 1), role).toBe('none');
  });

  it('is declared only by an active administrator, on a team or client space he is no member of', () => {
    const admin = { role: 'admin' as const, active: true };
    expect(mayDeclareEmergencyAccess(admin, { kind: 'team', role: null })).toBe(true);
    expect(mayDeclareEmergencyAccess(admin, { kind: 'client', role: null })).toBe(true);
    expect(mayDeclareEmergencyAccess(admin, { kind: 'team', role: 'member' })).toBe(false);
    expect(mayDeclareEmergencyAccess(admin, { kind: 'news', role: null })).toBe(false);
    expect(mayDeclareEmergencyAccess(admin, { kind: 'organisation', role: null })).toBe(false);
    expect(mayDeclareEmergencyAccess({ role: 'admin', active: false }, { kind: 'team', role: null })).toBe(false);
    for (const role of ROLES.filter((r) => r !== 'admin')) expect(mayDeclareEmergencyAccess({ role, active: true }, { kind: 'team', role: null }), role).toBe(false);
    expect(mayDeclareEmergencyAccess({ role: 'privacy', active: true }, { kind: 'team', role: null })).toBe(false);
  });
});

describe('features per space', () => {
  const withFeatures = (role: OrgRole, features: SpaceFeature[]): AccessUser => ({
    id: 'u1',
    role,
    active: true,
    spaces: { s1: { kind: 'client', role: 'member', features } },
  });

  it('refuses every document of a switched-off kind, to everyone including admins', () => {
    for (const role of ROLES) {
      const user = withFeatures(role, ['feed', 'polls']);
      expect(access(user, 's1/feed/d1'), role).toBe('write');
      for (const kind of ['page', 'board', 'chat']) expect(access(user, `s1/${kind}/d1`), `${role} ${kind}`).toBe('none');
    }
  });

  it('keeps the index readable with every feature off, so the space itself stays visible', () => {
    expect(access(withFeatures('client', []), 's1/index/main')).toBe('read');
    expect(canSeeSpace(withFeatures('client', []), 's1')).toBe(true);
  });

  it('switches on everything when the grant does not list features', () => {
    expect(access(userWith('employee', 'client', 'member'), 's1/board/d1')).toBe('write');
  });

  it('maps each document kind to its feature', () => {
    expect(Object.fromEntries((['feed', 'page', 'board', 'chat', 'index', 'submission'] as const).map((kind) => [kind, featureOf(kind)]))).toEqual({
      feed: 'feed',
      page: 'wiki',
      board: 'boards',
      chat: 'chat',
      index: null,
      submission: null,
    });
    expect(SPACE_FEATURES).toEqual(['feed', 'wiki', 'boards', 'chat', 'polls', 'activities']);
  });
});

describe('hidden news pages (outside their publication window)', () => {
  const news = (role: OrgRole, membership: MembershipRole | null): AccessUser => ({
    id: 'u1',
    role,
    active: true,
    spaces: { s1: { kind: 'news', role: membership, hiddenPages: ['weg'] } },
  });

  it('are gone for readers', () => {
    expect(access(news('client', null), 's1/page/weg')).toBe('none');
    expect(access(news('employee', 'member'), 's1/page/weg')).toBe('none');
    expect(access(news('client', null), 's1/page/anders')).toBe('read');
  });

  it('stay for editors, admins and the owner of the news space', () => {
    expect(access(news('editor', null), 's1/page/weg')).toBe('write');
    expect(access(news('admin', null), 's1/page/weg')).toBe('write');
    expect(access(news('employee', 'owner'), 's1/page/weg')).toBe('write');
  });

  it('only concern pages of news spaces', () => {
    const user: AccessUser = { id: 'u1', role: 'client', active: true, spaces: { s1: { kind: 'news', role: null, hiddenPages: ['weg'] } } };
    expect(access(user, 's1/feed/weg')).toBe('read');
  });
});

describe('submissions', () => {
  const author = '2b7c9f1e-5d4a-4c3b-9a8e-1f2d3c4b5a69';
  const other = '7e6d5c4b-3a29-4817-9f0e-d1c2b3a49586';
  const own = `s1/submission/${submissionDocId(author, 'abc')}`;
  const theirs = `s1/submission/${submissionDocId(other, 'abc')}`;
  const person = (id: string, role: OrgRole, kind: SpaceKind = 'news', membership: MembershipRole | null = null): AccessUser => ({
    id,
    role,
    active: true,
    spaces: { s1: { kind, role: membership } },
  });

  it('names the author in the id, within the 64-character limit', () => {
    const id = submissionDocId(author, 'a'.repeat(20));
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(id.startsWith('2b7c9f1e5d4a4c3b9a8e1f2d3c4b5a69_')).toBe(true);
    expect(isSubmissionBy(author, id)).toBe(true);
    expect(isSubmissionBy(other, id)).toBe(false);
    expect(isSubmissionBy(author, submissionAuthorKey(author))).toBe(false);
    expect(isSubmissionBy(author, `${submissionAuthorKey(author)}_`)).toBe(false);
  });

  it('lets the author write their own, in a news space only', () => {
    for (const role of ['employee', 'client'] as const) {
      expect(access(person(author, role), own), role).toBe('write');
      expect(access(person(author, role), theirs), role).toBe('none');
    }
    for (const kind of ['team', 'client', 'organisation'] as const) expect(access(person(author, 'employee', kind, 'owner'), own), kind).toBe('none');
  });

  it('lets editors and admins write every submission', () => {
    expect(access(person(author, 'editor'), theirs)).toBe('write');
    expect(access(person(author, 'admin'), theirs)).toBe('write');
  });

  it("does not let the news space's owner, a member or a guest read someone else's", () => {
    expect(access(person(author, 'employee', 'news', 'owner'), theirs)).toBe('none');
    expect(access(person(author, 'client', 'news', 'member'), theirs)).toBe('none');
    expect(access(person(author, 'guest', 'news', 'member'), theirs)).toBe('none');
    expect(access(person(author, 'guest', 'news', 'owner'), own)).toBe('none');
  });

  it('needs the news space to be visible to the person', () => {
    expect(access({ id: author, role: 'editor', active: true, spaces: {} }, theirs)).toBe('none');
  });

  it('is not switched off by features', () => {
    const user: AccessUser = { id: author, role: 'client', active: true, spaces: { s1: { kind: 'news', role: null, features: [] } } };
    expect(access(user, own)).toBe('write');
  });

  it('spaceAccess alone never grants a submission', () => {
    expect(spaceAccess('admin', { kind: 'news', role: 'owner' }, 'submission')).toBe('none');
  });
});

describe('who sees whom in lists of people', () => {
  const client = { id: 'c1', role: 'client' as const, memberOf: ['plein', 'nieuws'] };
  const asker = (role: OrgRole, spaces: AccessUser['spaces']): AccessUser => ({ id: 'u1', role, active: true, spaces });

  it('shows a client only to people who see a client space the client is a member of', () => {
    for (const role of ROLES) {
      expect(seesPerson(asker(role, { plein: { kind: 'client', role: 'member' } }), client), role).toBe(true);
      expect(seesPerson(asker(role, { plein: { kind: 'client', role: 'reader' } }), client), role).toBe(true);
      expect(seesPerson(asker(role, { andere: { kind: 'client', role: 'member' }, nieuws: { kind: 'news', role: null } }), client), role).toBe(false);
    }
  });

  it('never shows a client through an organisation-wide space, even one the client is a member of', () => {
    expect(seesPerson(asker('admin', { nieuws: { kind: 'news', role: 'owner' } }), client)).toBe(false);
    expect(seesPerson(asker('client', { nieuws: { kind: 'news', role: null } }), { ...client, memberOf: ['nieuws'] })).toBe(false);
  });

  it('shows clients themselves, and staff and guests to everyone', () => {
    expect(seesPerson(asker('client', {}), { ...client, id: 'u1' })).toBe(true);
    for (const role of ['employee', 'editor', 'admin', 'guest'] as const) expect(seesPerson(asker('client', {}), { id: 'p', role, memberOf: [] }), role).toBe(true);
  });
});

describe('who sees whose profile in the smoelenboek', () => {
  const asker = (role: OrgRole, spaces: AccessUser['spaces']): AccessUser => ({ id: 'u1', role, active: true, spaces });
  const anna = { id: 'anna', role: 'employee' as const, memberOf: ['noord', 'plein'] };
  const kees = { id: 'kees', role: 'client' as const, memberOf: ['plein', 'nieuws'] };

  it('shows every colleague to staff, whatever spaces they share', () => {
    for (const role of ['employee', 'editor', 'admin', 'privacy'] as const) expect(profileView(asker(role, {}), anna), role).toBe('staff');
  });

  it('shows a client only the people of their own client spaces', () => {
    const client = asker('client', { plein: { kind: 'client', role: 'member' }, nieuws: { kind: 'news', role: null } });
    expect(profileView(client, anna)).toBe('staff');
    expect(profileView(client, { ...anna, memberOf: ['noord', 'nieuws'] })).toBe('none');
    expect(profileView(asker('client', { nieuws: { kind: 'news', role: null } }), anna)).toBe('none');
  });

  it('shows a client to a fellow client as shared, to the staff of the space as a client, to nobody else', () => {
    expect(profileView(asker('client', { plein: { kind: 'client', role: 'member' } }), kees)).toBe('shared');
    expect(profileView(asker('employee', { plein: { kind: 'client', role: 'member' } }), kees)).toBe('client');
    expect(profileView(asker('employee', { noord: { kind: 'team', role: 'member' }, nieuws: { kind: 'news', role: null } }), kees)).toBe('none');
    expect(profileView(asker('admin', {}), kees)).toBe('none');
  });

  it('shows guests only the people of spaces they are members of, and a guest only there', () => {
    const guest = asker('guest', { noord: { kind: 'team', role: 'reader' } });
    expect(profileView(guest, anna)).toBe('staff');
    expect(profileView(guest, { ...anna, memberOf: ['zuid'] })).toBe('none');
    expect(profileView(asker('employee', { zuid: { kind: 'team', role: 'member' } }), { id: 'g', role: 'guest', memberOf: ['noord'] })).toBe('none');
    expect(profileView(asker('employee', { noord: { kind: 'team', role: 'member' } }), { id: 'g', role: 'guest', memberOf: ['noord'] })).toBe('staff');
  });

  it('shows everyone their own profile', () => {
    expect(profileView(asker('client', {}), { ...kees, id: 'u1' })).toBe('client');
    expect(profileView(asker('guest', {}), { id: 'u1', role: 'guest', memberOf: [] })).toBe('staff');
  });
});

describe('activity rights', () => {
  const inClientSpace = (role: OrgRole, membership: MembershipRole | null, features?: SpaceFeature[]): AccessUser => ({
    id: 'u1',
    role,
    active: true,
    spaces: { s1: { kind: 'client', role: membership, ...(features ? { features } : {}) } },
  });

  it('lets staff run activities, clients and guests sign up, readers only look', () => {
    expect(activityRights(inClientSpace('employee', 'member'), 's1')).toEqual({ view: true, signUp: true, manage: true });
    expect(activityRights(inClientSpace('client', 'member'), 's1')).toEqual({ view: true, signUp: true, manage: false });
    expect(activityRights(inClientSpace('guest', 'member'), 's1')).toEqual({ view: true, signUp: true, manage: false });
    expect(activityRights(inClientSpace('client', 'reader'), 's1')).toEqual({ view: true, signUp: false, manage: false });
  });

  it('gives nothing when the feature is off, outside client spaces, or in an unseen space', () => {
    const none = { view: false, signUp: false, manage: false };
    expect(activityRights(inClientSpace('employee', 'owner', ['feed']), 's1')).toEqual(none);
    expect(activityRights(userWith('employee', 'team', 'owner'), 's1')).toEqual(none);
    expect(activityRights(inClientSpace('client', 'member'), 'other')).toEqual(none);
    expect(activityRights(null, 's1')).toEqual(none);
  });
});

describe('editorial rights', () => {
  it('lets everyone who sees a news space submit, except guests', () => {
    for (const role of ['employee', 'client', 'editor', 'admin'] as const) expect(canSubmitTo(userWith(role, 'news', null), 's1'), role).toBe(true);
    expect(canSubmitTo(userWith('guest', 'news', 'member'), 's1')).toBe(false);
    expect(canSubmitTo(userWith('employee', 'organisation', 'member'), 's1')).toBe(false);
    expect(canSubmitTo(userWith('client', 'news', null), 'other')).toBe(false);
  });

  it('lets only editors and admins decide', () => {
    expect(canEditSubmissionsIn(userWith('editor', 'news', null), 's1')).toBe(true);
    expect(canEditSubmissionsIn(userWith('admin', 'news', null), 's1')).toBe(true);
    expect(canEditSubmissionsIn(userWith('employee', 'news', 'owner'), 's1')).toBe(false);
    expect(canEditSubmissionsIn(userWith('editor', 'team', 'owner'), 's1')).toBe(false);
  });

  it('lets owners and admins switch features', () => {
    expect(canManageFeatures('employee', 'owner')).toBe(true);
    expect(canManageFeatures('admin', null)).toBe(true);
    expect(canManageFeatures('editor', 'member')).toBe(false);
    expect(canManageFeatures('client', null)).toBe(false);
  });
});

describe('versions and the controlled handbook', () => {
  const writer: AccessUser = { id: 'w', role: 'employee', active: true, spaces: { noord: { kind: 'team', role: 'member', controlledPages: ['wond'] } } };
  const reader: AccessUser = { id: 'r', role: 'employee', active: true, spaces: { noord: { kind: 'team', role: 'reader', controlledPages: ['wond'] } } };
  const owner: AccessUser = { id: 'o', role: 'employee', active: true, spaces: { noord: { kind: 'team', role: 'owner' } } };

  it('lets readers read versions and only writers name or restore them; only pages keep versions', () => {
    expect(versionRights(writer, 'noord/page/wond')).toEqual({ read: true, change: true });
    expect(versionRights(reader, 'noord/page/val')).toEqual({ read: true, change: false });
    expect(versionRights(reader, 'zuid/page/val')).toEqual({ read: false, change: false });
    expect(versionRights(writer, 'noord/board/b')).toEqual({ read: false, change: false });
  });

  it('closes an approved page to those who only read it, not to its writers', () => {
    expect(access(reader, 'noord/page/wond')).toBe('none');
    expect(access(reader, 'noord/page/val')).toBe('read');
    expect(access(writer, 'noord/page/wond')).toBe('write');
    expect(versionRights(reader, 'noord/page/wond').read).toBe(false);
  });

  it('lets only the owner or the named approver approve, and only the space owner or the protocol owner assign them', () => {
    const control = { ownerId: 'w', approverId: 'x' };
    expect(mayApprove(writer, 'noord/page/wond', control)).toBe(true);
    expect(mayApprove(owner, 'noord/page/wond', control)).toBe(false);
    expect(mayApprove({ ...writer, id: 'x' }, 'noord/page/wond', control)).toBe(true);
    expect(mayApprove({ ...reader, id: 'w' }, 'noord/page/wond', control)).toBe(false);
    expect(mayAssignPage(owner, 'noord/page/wond', { ownerId: null })).toBe(true);
    expect(mayAssignPage(writer, 'noord/page/wond', { ownerId: null })).toBe(false);
    expect(mayAssignPage(writer, 'noord/page/wond', { ownerId: 'w' })).toBe(true);
    expect(mayAssignPage(reader, 'noord/page/wond', { ownerId: 'r' })).toBe(false);
  });
});

describe('community insight', () => {
  it('is for editors and administrators (the community managers), only while active', () => {
    const allowed = ORG_ROLES.filter((role) => mayViewInsight({ role, active: true }));
    expect(allowed).toEqual(['editor', 'admin']);
    expect(mayViewInsight({ role: 'editor', active: false })).toBe(false);
  });
});
