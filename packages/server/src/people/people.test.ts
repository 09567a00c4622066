import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrgRole } from '@kring/access';
import type { Accounts, User } from '../accounts/accounts.ts';
import { refusal, testOrganisation } from '../testing.ts';
import { People, PersonError } from './people.ts';

let accounts: Accounts;
let people: People;
const retired: string[] = [];
const revalidate = vi.fn(async () => {});

beforeEach(async () => {
  ({ accounts } = await testOrganisation());
  await accounts.createOrganisation('other', 'Other');
  retired.length = 0;
  revalidate.mockClear();
  people = new People(accounts, { retireAll: async (userId) => void retired.push(userId) }, revalidate);
});

let n = 0;
const person = (role: OrgRole, organisationId = 'org'): Promise<User> =>
  accounts.createUserWithHash({ organisationId, email: `p${++n}@kring.test`, name: `Persoon ${n}`, passwordHash: 'x', role });

describe('People.change', () => {
  it('refuses an administrator demoting or deactivating themselves, even with other administrators', async () => {
    const admin = await person('admin');
    await person('admin');
    expect(await refusal(people.change(admin, admin.id, { role: 'employee' }), PersonError)).toBe('self');
    expect(await refusal(people.change(admin, admin.id, { active: false }), PersonError)).toBe('self');
    expect((await accounts.person(admin.id))!.role).toBe('admin');
  });

  it('refuses taking away the last active administrator', async () => {
    const admin = await person('admin');
    const other = await person('admin');
    await accounts.setActive(admin.id, false);
    // `admin` acts in this test as a stand-in whose own account was deactivated meanwhile: `other` is the last one.
    expect(await refusal(people.change(admin, other.id, { role: 'editor' }), PersonError)).toBe('last_admin');
    expect(await refusal(people.change(admin, other.id, { active: false }), PersonError)).toBe('last_admin');
  });

  it('demotes another administrator while one stays, re-checks sockets and audits it', async () => {
    const admin = await person('admin');
    const other = await person('admin');
    expect((await people.change(admin, other.id, { role: 'employee' })).role).toBe('employee');
    expect(revalidate).toHaveBeenCalledOnce();
    expect((await accounts.auditLog({ limit: 1 }))[0]).toMatchObject({ action: 'admin.person.role', subject: other.id, detail: { from: 'admin', to: 'employee' } });
  });

  it('retires the sessions of a deactivated person', async () => {
    const admin = await person('admin');
    const anna = await person('employee');
    expect((await people.change(admin, anna.id, { active: false })).active).toBe(false);
    expect(retired).toEqual([anna.id]);
  });

  it('answers not_found for someone of another organisation, and changes nothing', async () => {
    const admin = await person('admin');
    const stranger = await person('employee', 'other');
    expect(await refusal(people.change(admin, stranger.id, { name: 'Overgenomen' }), PersonError)).toBe('not_found');
    expect((await accounts.person(stranger.id))!.name).not.toBe('Overgenomen');
  });
});
