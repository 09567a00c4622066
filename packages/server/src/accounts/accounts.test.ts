import { beforeEach, describe, expect, it } from 'vitest';
import type { OrgRole } from '@kring/access';
import type { MySpace } from '@kring/contract';
import { normaliseEmail, type Accounts, type User } from './accounts.ts';
import { Editorial } from '../editorial/editorial.ts';
import type { KringDb } from '../db/schema.ts';
import { testOrganisation } from '../testing.ts';

let db: KringDb;
let accounts: Accounts;

beforeEach(async () => {
  ({ db, accounts } = await testOrganisation());
});

const PASSWORD = 'correct horse battery staple';
const ALL = ['feed', 'wiki', 'boards', 'chat', 'polls', 'activities'];

function newUser(email: string, role: OrgRole = 'employee', organisationId = 'org'): Promise<User> {
  return accounts.createUser({ organisationId, email, name: email.split('@')[0]!, password: PASSWORD, role });
}

describe('createUser', () => {
  it('stores an argon2id hash, never the password', async () => {
    const user = await newUser('anna@kring.test');
    const row = (await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirst())!;
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.password_hash).not.toContain(PASSWORD);
    // The password appears nowhere in the database.
    for (const table of ['organisations', 'users', 'sessions', 'spaces', 'memberships', 'audit_log'] as const) {
      const all = await db.selectFrom(table).selectAll().execute();
      expect(JSON.stringify(all)).not.toContain(PASSWORD);
    }
  });

  it('salts: the same password gives different hashes for different people', async () => {
    await newUser('anna@kring.test');
    await newUser('bram@kring.test');
    const rows = await db.selectFrom('users').select('password_hash').execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });

  it('returns the user as stored, active, with a fresh id', async () => {
    const user = await accounts.createUser({ organisationId: 'org', email: 'Anna@Kring.test', name: '  Anna de Vries ', password: PASSWORD, role: 'editor' });
    expect(user).toEqual({ id: expect.any(String), organisationId: 'org', email: 'anna@kring.test', name: 'Anna de Vries', role: 'editor', active: true });
    expect(await accounts.userById(user.id)).toEqual(user);
    const other = await newUser('bram@kring.test');
    expect(other.id).not.toBe(user.id);
  });

  it('normalises the email: case and surrounding spaces', async () => {
    expect(normaliseEmail('  Anna@Kring.TEST \n')).toBe('anna@kring.test');
    const user = await newUser('  Anna@Kring.TEST ');
    expect(user.email).toBe('anna@kring.test');
    const row = (await db.selectFrom('users').select('email').where('id', '=', user.id).executeTakeFirst())!;
    expect(row.email).toBe('anna@kring.test');
  });

  it('rejects a second account with the same email, however it is written', async () => {
    await newUser('anna@kring.test');
    await expect(newUser('anna@kring.test')).rejects.toThrow();
    await expect(newUser(' ANNA@kring.test')).rejects.toThrow();
    const rows = await db.selectFrom('users').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('rejects a user of an organisation that does not exist', async () => {
    await expect(newUser('anna@kring.test', 'employee', 'nowhere')).rejects.toThrow();
  });

  it('userById gives null for an unknown id', async () => {
    expect(await accounts.userById('no-such-id')).toBeNull();
  });
});

describe('verifyPassword', () => {
  it('gives the user for the right password, with the email written any way', async () => {
    const user = await newUser('anna@kring.test');
    expect(await accounts.verifyPassword('anna@kring.test', PASSWORD)).toEqual(user);
    expect(await accounts.verifyPassword('  ANNA@Kring.Test ', PASSWORD)).toEqual(user);
  });

  it('gives null for a wrong password', async () => {
    await newUser('anna@kring.test');
    expect(await accounts.verifyPassword('anna@kring.test', 'wrong')).toBeNull();
    expect(await accounts.verifyPassword('anna@kring.test', '')).toBeNull();
    expect(await accounts.verifyPassword('anna@kring.test', PASSWORD.toUpperCase())).toBeNull();
  });

  it("gives null for an unknown email, and never another person's account", async () => {
    await newUser('anna@kring.test');
    expect(await accounts.verifyPassword('nobody@kring.test', PASSWORD)).toBeNull();
    expect(await accounts.verifyPassword('', PASSWORD)).toBeNull();
  });

  it('gives null for a deactivated account, and the user again once reactivated', async () => {
    const user = await newUser('anna@kring.test');
    await accounts.setActive(user.id, false);
    expect(await accounts.verifyPassword('anna@kring.test', PASSWORD)).toBeNull();
    expect((await accounts.userById(user.id))!.active).toBe(false);
    await accounts.setActive(user.id, true);
    expect(await accounts.verifyPassword('anna@kring.test', PASSWORD)).toEqual({ ...user, active: true });
  });
});

describe('spaces', () => {
  async function setUpSpaces(): Promise<void> {
    await accounts.createSpace({ id: 'noord', organisationId: 'org', name: 'Buurtteam Noord', kind: 'team' });
    await accounts.createSpace({ id: 'zuid', organisationId: 'org', name: 'Buurtteam Zuid', kind: 'team' });
    await accounts.createSpace({ id: 'plein', organisationId: 'org', name: 'Cliëntenplein', kind: 'client' });
    await accounts.createSpace({ id: 'nieuws', organisationId: 'org', name: 'Nieuws', kind: 'news' });
    await accounts.createSpace({ id: 'iedereen', organisationId: 'org', name: 'Iedereen', kind: 'organisation' });
  }

  const byId = (spaces: MySpace[]) => Object.fromEntries(spaces.map((s) => [s.id, s]));

  it('a member sees their spaces with their role, and organisation-wide spaces with role null', async () => {
    await setUpSpaces();
    const anna = await newUser('anna@kring.test', 'employee');
    await accounts.setMembership('noord', anna.id, 'owner');
    await accounts.setMembership('plein', anna.id, 'member');
    const spaces = await accounts.spacesOf(anna);
    expect(byId(spaces)).toEqual({
      noord: { id: 'noord', name: 'Buurtteam Noord', kind: 'team', audience: 'team', role: 'owner', features: ALL },
      plein: { id: 'plein', name: 'Cliëntenplein', kind: 'client', audience: 'clients', role: 'member', features: ALL },
      nieuws: { id: 'nieuws', name: 'Nieuws', kind: 'news', audience: 'organisation', role: null, features: ALL },
      iedereen: { id: 'iedereen', name: 'Iedereen', kind: 'organisation', audience: 'organisation', role: null, features: ALL },
    });
    expect(spaces).toHaveLength(4);
  });

  it('does not show team or client spaces the person is not a member of', async () => {
    await setUpSpaces();
    const bram = await newUser('bram@kring.test', 'employee');
    await accounts.setMembership('zuid', bram.id, 'member');
    const ids = (await accounts.spacesOf(bram)).map((s) => s.id).sort();
    expect(ids).toEqual(['iedereen', 'nieuws', 'zuid']);
  });

  it('staff see news and the organisation space without a membership; clients only news', async () => {
    await setUpSpaces();
    for (const role of ['employee', 'editor', 'admin'] as const) {
      const user = await newUser(`${role}@kring.test`, role);
      const spaces = await accounts.spacesOf(user);
      expect(spaces.map((s) => [s.id, s.role]).sort()).toEqual([
        ['iedereen', null],
        ['nieuws', null],
      ]);
    }
    const client = await newUser('client@kring.test', 'client');
    expect((await accounts.spacesOf(client)).map((s) => [s.id, s.role])).toEqual([['nieuws', null]]);
    // As a member, a client does see it.
    await accounts.setMembership('iedereen', client.id, 'member');
    expect((await accounts.spacesOf(client)).map((s) => [s.id, s.role]).sort()).toEqual([
      ['iedereen', 'member'],
      ['nieuws', null],
    ]);
  });

  it('a membership role in a news space is reported, and setMembership updates the role', async () => {
    await setUpSpaces();
    const eva = await newUser('eva@kring.test', 'editor');
    await accounts.setMembership('nieuws', eva.id, 'member');
    expect(byId(await accounts.spacesOf(eva)).nieuws!.role).toBe('member');
    await accounts.setMembership('nieuws', eva.id, 'owner');
    expect(byId(await accounts.spacesOf(eva)).nieuws!.role).toBe('owner');
    const rows = await db.selectFrom('memberships').selectAll().where('user_id', '=', eva.id).execute();
    expect(rows).toEqual([{ space_id: 'nieuws', user_id: eva.id, role: 'owner' }]);
  });

  it('a client never sees a team space, even with a membership row', async () => {
    await setUpSpaces();
    const daan = await newUser('daan@kring.test', 'client');
    await accounts.setMembership('noord', daan.id, 'owner');
    await accounts.setMembership('plein', daan.id, 'member');
    const spaces = await accounts.spacesOf(daan);
    expect(spaces.map((s) => s.id).sort()).toEqual(['nieuws', 'plein']);
    expect(spaces.some((s) => s.kind === 'team')).toBe(false);
    const access = await accounts.accessUser(daan);
    expect(Object.hasOwn(access.spaces, 'noord')).toBe(false);
  });

  it('a guest sees only the spaces they are a member of, organisation-wide ones included', async () => {
    await setUpSpaces();
    const guest = await newUser('partner@extern.test', 'guest');
    expect(await accounts.spacesOf(guest)).toEqual([]);
    await accounts.setMembership('noord', guest.id, 'reader');
    await accounts.setMembership('iedereen', guest.id, 'member');
    expect(byId(await accounts.spacesOf(guest))).toEqual({
      noord: { id: 'noord', name: 'Buurtteam Noord', kind: 'team', audience: 'team', role: 'reader', features: ALL },
      iedereen: { id: 'iedereen', name: 'Iedereen', kind: 'organisation', audience: 'organisation', role: 'member', features: ALL },
    });
  });

  it("never lists another organisation's spaces", async () => {
    await setUpSpaces();
    await accounts.createOrganisation('other', 'Other');
    await accounts.createSpace({ id: 'ander-nieuws', organisationId: 'other', name: 'Ander nieuws', kind: 'news' });
    await accounts.createSpace({ id: 'ander-team', organisationId: 'other', name: 'Ander team', kind: 'team' });
    const anna = await newUser('anna@kring.test', 'employee');
    // Even a membership row in another organisation's space does not make it visible.
    await accounts.setMembership('ander-team', anna.id, 'member');
    const ids = (await accounts.spacesOf(anna)).map((s) => s.id).sort();
    expect(ids).toEqual(['iedereen', 'nieuws']);
  });

  it('lists spaces ordered by name', async () => {
    await setUpSpaces();
    const anna = await newUser('anna@kring.test', 'admin');
    await accounts.setMembership('zuid', anna.id, 'member');
    await accounts.setMembership('noord', anna.id, 'member');
    await accounts.setMembership('plein', anna.id, 'member');
    const names = (await accounts.spacesOf(anna)).map((s) => s.name);
    expect(names).toEqual(['Buurtteam Noord', 'Buurtteam Zuid', 'Cliëntenplein', 'Iedereen', 'Nieuws']);
  });

  it('accessUser carries the same spaces as spacesOf, with kind and role', async () => {
    await setUpSpaces();
    const anna = await newUser('anna@kring.test', 'employee');
    await accounts.setMembership('noord', anna.id, 'owner');
    await accounts.setMembership('plein', anna.id, 'reader');
    const spaces = await accounts.spacesOf(anna);
    const access = await accounts.accessUser(anna);
    expect(access.id).toBe(anna.id);
    expect(access.role).toBe('employee');
    expect(access.active).toBe(true);
    expect(access.spaces).toEqual(Object.fromEntries(spaces.map((s) => [s.id, { kind: s.kind, role: s.role, features: s.features }])));
    expect(access.spaces).toEqual({
      noord: { kind: 'team', role: 'owner', features: ALL },
      plein: { kind: 'client', role: 'reader', features: ALL },
      nieuws: { kind: 'news', role: null, features: ALL },
      iedereen: { kind: 'organisation', role: null, features: ALL },
    });
  });

  it('accessUser of a deactivated person says so', async () => {
    const anna = await newUser('anna@kring.test');
    await accounts.setActive(anna.id, false);
    const stored = (await accounts.userById(anna.id))!;
    expect((await accounts.accessUser(stored)).active).toBe(false);
  });

  it('createSpace rejects invalid ids and stores nothing', async () => {
    for (const id of ['a/b', '', 'a b', '../x', 'x'.repeat(65), 'a.b', 'ä']) {
      await expect(accounts.createSpace({ id, organisationId: 'org', name: 'X', kind: 'team' })).rejects.toThrow(RangeError);
    }
    expect(await db.selectFrom('spaces').selectAll().execute()).toEqual([]);
  });

  it('createSpace accepts letters, digits, dash and underscore up to 64 characters', async () => {
    for (const id of ['A-z_09', 'x'.repeat(64)]) await accounts.createSpace({ id, organisationId: 'org', name: id, kind: 'team' });
    const ids = (await db.selectFrom('spaces').select('id').execute()).map((r) => r.id).sort();
    expect(ids).toEqual(['A-z_09', 'x'.repeat(64)].sort());
  });

  it('createSpace rejects a duplicate id', async () => {
    await accounts.createSpace({ id: 'noord', organisationId: 'org', name: 'Noord', kind: 'team' });
    await expect(accounts.createSpace({ id: 'noord', organisationId: 'org', name: 'Noord 2', kind: 'team' })).rejects.toThrow();
  });
});

describe('audit', () => {
  it('writes a row per entry with time, user, action and subject', async () => {
    const anna = await newUser('anna@kring.test');
    const before = Date.now();
    await accounts.audit({ userId: anna.id, action: 'login', subject: 'noord' });
    await accounts.audit({ userId: null, action: 'login-failed', subject: 'nobody@kring.test' });
    await accounts.audit({ userId: anna.id, action: 'logout' });
    const after = Date.now();
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.user_id, r.action, r.subject])).toEqual([
      [anna.id, 'login', 'noord'],
      [null, 'login-failed', 'nobody@kring.test'],
      [anna.id, 'logout', null],
    ]);
    for (const row of rows) {
      expect(Number(row.at)).toBeGreaterThanOrEqual(before);
      expect(Number(row.at)).toBeLessThanOrEqual(after);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });
});

describe('audit detail', () => {
  it('keeps a detail as JSON and lists the newest entries first, paged', async () => {
    await accounts.audit({ userId: null, action: 'a', subject: 'x', detail: { from: 'employee', to: 'client' } });
    await accounts.audit({ userId: null, action: 'b' });
    await accounts.audit({ userId: null, action: 'c' });
    const page = await accounts.auditLog({ limit: 2 });
    expect(page.map((e) => e.action)).toEqual(['c', 'b']);
    const rest = await accounts.auditLog({ limit: 2, before: page[1]!.id });
    expect(rest).toEqual([{ id: expect.any(Number), at: expect.any(Number), userId: null, action: 'a', subject: 'x', detail: { from: 'employee', to: 'client' } }]);
  });
});

describe('login names', () => {
  it('loginNameTaken ignores case and surrounding spaces', async () => {
    await newUser('anna@kring.test');
    expect(await accounts.loginNameTaken(' ANNA@kring.test')).toBe(true);
    expect(await accounts.loginNameTaken('bram@kring.test')).toBe(false);
  });
});

describe('administration', () => {
  beforeEach(async () => {
    await accounts.createSpace({ id: 'noord', organisationId: 'org', name: 'Buurtteam Noord', kind: 'team' });
    await accounts.createSpace({ id: 'plein', organisationId: 'org', name: 'Cliëntenplein', kind: 'client' });
    await accounts.createSpace({ id: 'nieuws', organisationId: 'org', name: 'Nieuws', kind: 'news' });
  });

  it('lists people with their memberships, never a password hash', async () => {
    const anna = await newUser('anna@kring.test');
    await newUser('bram@kring.test');
    await accounts.setMembership('noord', anna.id, 'owner');
    await accounts.setMembership('plein', anna.id, 'member');
    const people = await accounts.listPeople('org');
    expect(people.map((p) => p.email)).toEqual(['anna@kring.test', 'bram@kring.test']);
    expect(people[0]!.memberships).toEqual([
      { spaceId: 'noord', role: 'owner' },
      { spaceId: 'plein', role: 'member' },
    ]);
    expect(JSON.stringify(people)).not.toContain('argon2');
    expect(await accounts.person(anna.id)).toEqual(people[0]);
    expect(await accounts.person('nobody')).toBeNull();
  });

  it('changes a role, and the policy follows', async () => {
    const anna = await newUser('anna@kring.test');
    await accounts.setMembership('noord', anna.id, 'member');
    expect(Object.keys((await accounts.accessUser(anna)).spaces)).toContain('noord');
    await accounts.setRole(anna.id, 'client');
    const after = (await accounts.userById(anna.id))!;
    expect(after.role).toBe('client');
    expect(Object.keys((await accounts.accessUser(after)).spaces)).not.toContain('noord');
  });

  it('counts active admins', async () => {
    const a = await newUser('a@kring.test', 'admin');
    await newUser('b@kring.test', 'admin');
    expect(await accounts.activeAdminCount('org')).toBe(2);
    await accounts.setActive(a.id, false);
    expect(await accounts.activeAdminCount('org')).toBe(1);
  });

  it('renames a space, lists spaces with features and member counts, and members with roles', async () => {
    const anna = await newUser('anna@kring.test');
    const daan = await newUser('daan@kring.test', 'client');
    await accounts.setMembership('plein', anna.id, 'owner');
    await accounts.setMembership('plein', daan.id, 'member');
    await accounts.renameSpace('plein', 'Het Plein');
    const spaces = await accounts.listSpaces('org');
    expect(spaces.map((s) => [s.id, s.name, s.memberCount])).toEqual([
      ['noord', 'Buurtteam Noord', 0],
      ['plein', 'Het Plein', 2],
      ['nieuws', 'Nieuws', 0],
    ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))));
    expect((await accounts.space('plein'))!.features).toEqual(ALL);
    expect(await accounts.space('nowhere')).toBeNull();
    expect(await accounts.membersOf('plein')).toEqual([
      { userId: anna.id, name: 'anna', email: 'anna@kring.test', role: 'employee', active: true, membership: 'owner' },
      { userId: daan.id, name: 'daan', email: 'daan@kring.test', role: 'client', active: true, membership: 'member' },
    ]);
  });

  it('removes a membership, and says whether there was one', async () => {
    const anna = await newUser('anna@kring.test');
    await accounts.setMembership('noord', anna.id, 'member');
    expect(await accounts.membership('noord', anna.id)).toBe('member');
    expect(await accounts.removeMembership('noord', anna.id)).toBe(true);
    expect(await accounts.removeMembership('noord', anna.id)).toBe(false);
    expect(await accounts.membership('noord', anna.id)).toBeNull();
    expect(Object.keys((await accounts.accessUser(anna)).spaces)).not.toContain('noord');
  });
});

describe('features per space', () => {
  beforeEach(async () => {
    await accounts.createSpace({ id: 'plein', organisationId: 'org', name: 'Cliëntenplein', kind: 'client' });
  });

  it('has every feature on in a new space', async () => {
    expect((await accounts.featuresBySpace(['plein'])).get('plein')).toEqual(ALL);
  });

  it('switches features off and on again; unnamed features keep their setting', async () => {
    await accounts.setFeatures('plein', { wiki: false, boards: false });
    expect((await accounts.featuresBySpace(['plein'])).get('plein')).toEqual(['feed', 'chat', 'polls', 'activities']);
    await accounts.setFeatures('plein', { wiki: true, chat: false });
    expect((await accounts.featuresBySpace(['plein'])).get('plein')).toEqual(['feed', 'wiki', 'chat', 'polls', 'activities'].filter((f) => f !== 'chat'));
  });

  it('shows them in spacesOf (GET /api/me) and hands them to the policy', async () => {
    const daan = await newUser('daan@kring.test', 'client');
    await accounts.setMembership('plein', daan.id, 'member');
    await accounts.setFeatures('plein', { chat: false });
    const features = ['feed', 'wiki', 'boards', 'polls', 'activities'];
    expect((await accounts.spacesOf(daan))[0]!.features).toEqual(features);
    expect((await accounts.accessUser(daan)).spaces.plein!.features).toEqual(features);
  });
});

describe('hidden news pages in accessUser', () => {
  it('hides pages outside their window from readers, not from editors or the owner', async () => {
    await accounts.createSpace({ id: 'nieuws', organisationId: 'org', name: 'Nieuws', kind: 'news' });
    const daan = await newUser('daan@kring.test', 'client');
    const eva = await newUser('eva@kring.test', 'editor');
    const owner = await newUser('olga@kring.test', 'employee');
    await accounts.setMembership('nieuws', owner.id, 'owner');
    const editorial = new Editorial(db);
    const publish = async (id: string, publishAt: number | null, unpublishAt: number | null) => {
      await editorial.create({ id, spaceId: 'nieuws', authorId: daan.id, title: id, now: 0 });
      await editorial.recordPublication(id, eva.id, { pageId: `p-${id}`, title: id, publishAt, unpublishAt, comment: '', now: 1000 });
    };
    await publish('live', null, null);
    await publish('later', 5000, null);
    await publish('ended', null, 2000);
    await publish('window', 1500, 3000);
    const hidden = async (user: User, now: number) => [...((await accounts.accessUser(user, now)).spaces.nieuws!.hiddenPages ?? [])];
    expect((await hidden(daan, 1000)).sort()).toEqual(['p-later', 'p-window']);
    expect((await hidden(daan, 2500)).sort()).toEqual(['p-ended', 'p-later']);
    expect((await hidden(daan, 6000)).sort()).toEqual(['p-ended', 'p-window']);
    expect(await hidden(eva, 1000)).toEqual([]);
    expect(await hidden(owner, 1000)).toEqual([]);
  });
});
