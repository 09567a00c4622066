/** Demo mode: the organisation and accounts of the design, so a newcomer can log in on first start. */
import type { MembershipRole, OrgRole, SpaceKind } from '@kring/access';
import { Accounts } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';

export const DEMO_PASSWORD = 'kring-demo';
export const DEMO_ORGANISATION = { id: 'zorg-aan-zee', name: 'Zorg aan Zee' };

export const DEMO_SPACES: { id: string; name: string; kind: SpaceKind }[] = [
  { id: 'noord', name: 'Buurtteam Noord', kind: 'team' },
  { id: 'zuid', name: 'Buurtteam Zuid', kind: 'team' },
  { id: 'clientenplein', name: 'Cliëntenplein', kind: 'client' },
  { id: 'nieuws', name: 'Nieuws', kind: 'news' },
  // Where a team posts for the whole organisation: every employee, editor and administrator sees it.
  { id: 'medewerkers', name: 'Medewerkersplein', kind: 'organisation' },
];

export const DEMO_ACCOUNTS: { email: string; name: string; role: OrgRole; memberships: [string, MembershipRole][] }[] = [
  { email: 'anna@kring.test', name: 'Anna de Vries', role: 'employee', memberships: [['noord', 'owner'], ['clientenplein', 'member']] },
  { email: 'bram@kring.test', name: 'Bram Jansen', role: 'employee', memberships: [['zuid', 'owner']] },
  { email: 'daan@kring.test', name: 'Daan Bakker', role: 'client', memberships: [['clientenplein', 'member']] },
  { email: 'eva@kring.test', name: 'Eva Visser', role: 'editor', memberships: [['nieuws', 'owner']] },
  { email: 'admin@kring.test', name: 'Beheerder', role: 'admin', memberships: [] },
];

/**
 * Seeds the demo organisation when the database has no organisation yet; does nothing otherwise, so a restart
 * never duplicates it and a real organisation is never mixed with demo accounts.
 * @returns true when it seeded
 */
export async function seedDemo(db: KringDb): Promise<boolean> {
  // One transaction: a crash half-way leaves no half-seeded organisation that would block the next try.
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
    if (existing) return false;
    await seed(new Accounts(trx));
    return true;
  });
}

async function seed(accounts: Accounts): Promise<void> {
  await accounts.createOrganisation(DEMO_ORGANISATION.id, DEMO_ORGANISATION.name);
  for (const space of DEMO_SPACES) await accounts.createSpace({ ...space, organisationId: DEMO_ORGANISATION.id });
  for (const account of DEMO_ACCOUNTS) {
    const user = await accounts.createUser({ ...account, organisationId: DEMO_ORGANISATION.id, password: DEMO_PASSWORD });
    for (const [spaceId, role] of account.memberships) await accounts.setMembership(spaceId, user.id, role);
  }
}
