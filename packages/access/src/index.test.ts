import { describe, expect, it } from 'vitest';
import { access, canSeeSpace, type Access, type AccessUser, type MembershipRole, type OrgRole, type SpaceKind } from './index.ts';

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
  // organisation-wide: everyone posts, editors keep pages
  ['organisation', null, 'feed', ['write', 'write', 'write', 'write', 'none']],
  ['organisation', null, 'page', ['read', 'read', 'write', 'write', 'none']],
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
