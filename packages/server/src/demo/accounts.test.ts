import { beforeEach, describe, expect, it } from 'vitest';
import { Accounts, type User } from '../accounts/accounts.ts';
import { DEMO_PASSWORD, seedDemo } from './accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { testDatabase } from '../testing.ts';

let db: KringDb;
let accounts: Accounts;

beforeEach(async () => {
  db = await testDatabase();
  accounts = new Accounts(db);
});

const EMAILS = ['anna@kring.test', 'bram@kring.test', 'daan@kring.test', 'eva@kring.test', 'admin@kring.test'];

async function counts() {
  const [organisations, users, spaces, memberships] = await Promise.all([
    db.selectFrom('organisations').selectAll().execute(),
    db.selectFrom('users').selectAll().execute(),
    db.selectFrom('spaces').selectAll().execute(),
    db.selectFrom('memberships').selectAll().execute(),
  ]);
  return { organisations: organisations.length, users: users.length, spaces: spaces.length, memberships: memberships.length };
}

async function login(email: string): Promise<User> {
  const user = await accounts.verifyPassword(email, DEMO_PASSWORD);
  expect(user, email).not.toBeNull();
  return user!;
}

async function spaceNames(email: string): Promise<string[]> {
  return (await accounts.spacesOf(await login(email))).map((s) => s.name).sort();
}

describe('seedDemo', () => {
  it('seeds exactly the demo organisation and its spaces', async () => {
    expect(await seedDemo(db)).toBe(true);
    const organisations = await db.selectFrom('organisations').select(['id', 'name']).execute();
    expect(organisations.map((o) => o.name)).toEqual(['Zorg aan Zee']);
    const spaces = await db.selectFrom('spaces').select(['name', 'kind', 'organisation_id']).orderBy('name').execute();
    expect(spaces.map((s) => [s.name, s.kind])).toEqual([
      ['Buurtteam Noord', 'team'],
      ['Buurtteam Zuid', 'team'],
      ['Cliëntenplein', 'client'],
      ['Medewerkersplein', 'organisation'],
      ['Nieuws', 'news'],
    ]);
    expect(new Set(spaces.map((s) => s.organisation_id))).toEqual(new Set([organisations[0]!.id]));
  });

  it('seeds exactly the five accounts with their roles, all able to log in with kring-demo', async () => {
    await seedDemo(db);
    expect(DEMO_PASSWORD).toBe('kring-demo');
    const users = await db.selectFrom('users').select(['email', 'role', 'active', 'password_hash']).orderBy('email').execute();
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ['admin@kring.test', 'admin'],
      ['anna@kring.test', 'employee'],
      ['bram@kring.test', 'employee'],
      ['daan@kring.test', 'client'],
      ['eva@kring.test', 'editor'],
    ]);
    for (const user of users) {
      expect(user.active).toBe(1);
      expect(user.password_hash.startsWith('$argon2id$')).toBe(true);
    }
    for (const email of EMAILS) {
      const user = await accounts.verifyPassword(email, 'kring-demo');
      expect(user?.email).toBe(email);
      expect(await accounts.verifyPassword(email, 'wrong')).toBeNull();
    }
  });

  it('gives each account the spaces of the design', async () => {
    await seedDemo(db);
    const anna = await spaceNames('anna@kring.test');
    expect(anna).toContain('Buurtteam Noord');
    expect(anna).not.toContain('Buurtteam Zuid');
    const bram = await spaceNames('bram@kring.test');
    expect(bram).toContain('Buurtteam Zuid');
    expect(bram).not.toContain('Buurtteam Noord');
    expect(await spaceNames('daan@kring.test')).toEqual(['Cliëntenplein', 'Nieuws']);
    // Every member of staff sees the Medewerkersplein, the client does not.
    for (const email of ['anna@kring.test', 'bram@kring.test', 'eva@kring.test', 'admin@kring.test']) expect(await spaceNames(email)).toContain('Medewerkersplein');
    expect(await spaceNames('eva@kring.test')).toContain('Nieuws');
    expect(await spaceNames('admin@kring.test')).toContain('Nieuws');
  });

  it('gives the team members write roles in their own team and the editor ownership of the news', async () => {
    await seedDemo(db);
    const roleIn = async (email: string, name: string) =>
      (await accounts.spacesOf(await login(email))).find((s) => s.name === name)?.role;
    expect(await roleIn('anna@kring.test', 'Buurtteam Noord')).toBe('owner');
    expect(await roleIn('bram@kring.test', 'Buurtteam Zuid')).toBe('owner');
    expect(await roleIn('daan@kring.test', 'Cliëntenplein')).toBe('member');
    expect(await roleIn('eva@kring.test', 'Nieuws')).toBe('owner');
  });

  it('seeds nothing a second time', async () => {
    expect(await seedDemo(db)).toBe(true);
    const first = await counts();
    expect(first).toEqual({ organisations: 1, users: 5, spaces: 5, memberships: 5 });
    expect(await seedDemo(db)).toBe(false);
    expect(await counts()).toEqual(first);
  });

  it('seeds nothing when a real organisation already exists', async () => {
    await accounts.createOrganisation('echte-zorg', 'Echte Zorg');
    expect(await seedDemo(db)).toBe(false);
    expect(await counts()).toEqual({ organisations: 1, users: 0, spaces: 0, memberships: 0 });
    expect(await accounts.verifyPassword('anna@kring.test', DEMO_PASSWORD)).toBeNull();
    const organisations = await db.selectFrom('organisations').select('name').execute();
    expect(organisations).toEqual([{ name: 'Echte Zorg' }]);
  });
});
