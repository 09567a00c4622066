import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrgRole, SpaceKind } from '@kring/access';
import type { Accounts, User } from '../accounts/accounts.ts';
import { refusal, testOrganisation } from '../testing.ts';
import { SpaceError, Spaces, slug } from './spaces.ts';

let accounts: Accounts;
let spaces: Spaces;
const revalidate = vi.fn(async () => {});

beforeEach(async () => {
  ({ accounts } = await testOrganisation());
  revalidate.mockClear();
  spaces = new Spaces(accounts, revalidate);
});

let n = 0;
const person = (role: OrgRole, name = `Persoon ${++n}`): Promise<User> =>
  accounts.createUserWithHash({ organisationId: 'org', email: `p${++n}@kring.test`, name, passwordHash: 'x', role });
const space = (id: string, kind: SpaceKind) => accounts.createSpace({ id, organisationId: 'org', name: id, kind });

describe('Spaces.readers', () => {
  it('lists the active people the policy lets read the feed: members of a team space, never a client', async () => {
    await space('noord', 'team');
    const anna = await person('employee', 'Anna');
    const bram = await person('employee', 'Bram');
    const daan = await person('client', 'Daan');
    const gone = await person('employee', 'Gone');
    await accounts.setMembership('noord', anna.id, 'member');
    await accounts.setMembership('noord', daan.id, 'member');
    await accounts.setMembership('noord', gone.id, 'member');
    await accounts.setActive(gone.id, false);
    expect(await spaces.readers(anna, 'noord')).toEqual([{ id: anna.id, name: 'Anna' }]);
    expect(await refusal(spaces.readers(bram, 'noord'), SpaceError)).toBe('not_found');
  });

  it('lists everyone but guests for an organisation-wide space, and refuses a space that does not exist', async () => {
    await space('nieuws', 'news');
    const anna = await person('employee', 'Anna');
    const daan = await person('client', 'Daan');
    await person('guest', 'Gast');
    expect((await spaces.readers(daan, 'nieuws')).map((reader) => reader.name)).toEqual(['Anna', 'Daan']);
    expect(await refusal(spaces.readers(anna, 'nergens'), SpaceError)).toBe('not_found');
  });

  it('lists a client only to people who share a client space with them, never to clients of another', async () => {
    await space('nieuws', 'news');
    await space('plein', 'client');
    await space('duinroos', 'client');
    const anna = await person('employee', 'Anna');
    const bram = await person('employee', 'Bram');
    const daan = await person('client', 'Daan');
    const fenna = await person('client', 'Fenna');
    await accounts.setMembership('plein', anna.id, 'member');
    await accounts.setMembership('plein', daan.id, 'member');
    await accounts.setMembership('duinroos', fenna.id, 'member');
    const names = async (user: User) => (await spaces.readers(user, 'nieuws')).map((reader) => reader.name);
    expect(await names(daan)).toEqual(['Anna', 'Bram', 'Daan']);
    expect(await names(fenna)).toEqual(['Anna', 'Bram', 'Fenna']);
    expect(await names(anna)).toEqual(['Anna', 'Bram', 'Daan']);
    expect(await names(bram)).toEqual(['Anna', 'Bram']);
  });
});

describe('Spaces administration', () => {
  it('never puts a client in a team space, and re-checks sockets when a role changes', async () => {
    await space('noord', 'team');
    const admin = await person('admin');
    const daan = await person('client');
    const anna = await person('employee');
    expect(await refusal(spaces.setMembership(admin, 'noord', daan.id, 'reader'), SpaceError)).toBe('client_in_team_space');
    await spaces.setMembership(admin, 'noord', anna.id, 'member');
    expect(revalidate).not.toHaveBeenCalled();
    await spaces.setMembership(admin, 'noord', anna.id, 'reader');
    expect(revalidate).toHaveBeenCalledOnce();
  });

  it('makes an id from the name, and refuses a chosen id that is taken', async () => {
    const admin = await person('admin');
    expect(slug('Buurtteam Oost – Zeeën')).toBe('buurtteam-oost-zeeen');
    expect((await spaces.create(admin, { name: 'Buurtteam Oost', kind: 'team' })).id).toBe('buurtteam-oost');
    expect((await spaces.create(admin, { name: 'Buurtteam Oost', kind: 'team' })).id).toBe('buurtteam-oost-2');
    expect(await refusal(spaces.create(admin, { name: 'Oost', kind: 'team', id: 'buurtteam-oost' }), SpaceError)).toBe('space_exists');
  });

  it('lets owners and administrators switch features, and nobody else', async () => {
    await space('plein', 'client');
    const admin = await person('admin');
    const owner = await person('employee');
    const member = await person('client');
    await accounts.setMembership('plein', owner.id, 'owner');
    await accounts.setMembership('plein', member.id, 'member');
    expect(await refusal(spaces.switchFeatures(member, 'plein', { chat: false }), SpaceError)).toBe('forbidden');
    expect((await spaces.switchFeatures(owner, 'plein', { chat: false })).features.chat).toBe(false);
    expect(revalidate).toHaveBeenCalledOnce();
    expect((await spaces.switchFeatures(admin, 'plein', { chat: true })).features.chat).toBe(true);
  });
});
