import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrgRole } from '@kring/access';
import { Accounts, normaliseEmail, type SpaceSummary, type User } from './accounts.ts';
import { migrate, openSqlite, type KringDb } from './schema.ts';

let dir: string;
let db: KringDb;
let accounts: Accounts;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kring-accounts-'));
  db = openSqlite(join(dir, 'kring.db')).db;
  await migrate(db);
  accounts = new Accounts(db);
  await accounts.createOrganisation('org', 'Org');
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const PASSWORD = 'correct horse battery staple';

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

  const byId = (spaces: SpaceSummary[]) => Object.fromEntries(spaces.map((s) => [s.id, s]));

  it('a member sees their spaces with their role, and organisation-wide spaces with role null', async () => {
    await setUpSpaces();
    const anna = await newUser('anna@kring.test', 'employee');
    await accounts.setMembership('noord', anna.id, 'owner');
    await accounts.setMembership('plein', anna.id, 'member');
    const spaces = await accounts.spacesOf(anna);
    expect(byId(spaces)).toEqual({
      noord: { id: 'noord', name: 'Buurtteam Noord', kind: 'team', audience: 'team', role: 'owner' },
      plein: { id: 'plein', name: 'Cliëntenplein', kind: 'client', audience: 'clients', role: 'member' },
      nieuws: { id: 'nieuws', name: 'Nieuws', kind: 'news', audience: 'organisation', role: null },
      iedereen: { id: 'iedereen', name: 'Iedereen', kind: 'organisation', audience: 'organisation', role: null },
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

  it('every role but guest sees news and organisation spaces without a membership', async () => {
    await setUpSpaces();
    for (const role of ['employee', 'client', 'editor', 'admin'] as const) {
      const user = await newUser(`${role}@kring.test`, role);
      const spaces = await accounts.spacesOf(user);
      expect(spaces.map((s) => [s.id, s.role]).sort()).toEqual([
        ['iedereen', null],
        ['nieuws', null],
      ]);
    }
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
    expect(spaces.map((s) => s.id).sort()).toEqual(['iedereen', 'nieuws', 'plein']);
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
      noord: { id: 'noord', name: 'Buurtteam Noord', kind: 'team', audience: 'team', role: 'reader' },
      iedereen: { id: 'iedereen', name: 'Iedereen', kind: 'organisation', audience: 'organisation', role: 'member' },
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
    expect(access.spaces).toEqual(Object.fromEntries(spaces.map((s) => [s.id, { kind: s.kind, role: s.role }])));
    expect(access.spaces).toEqual({
      noord: { kind: 'team', role: 'owner' },
      plein: { kind: 'client', role: 'reader' },
      nieuws: { kind: 'news', role: null },
      iedereen: { kind: 'organisation', role: null },
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
