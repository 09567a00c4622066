/** Demo mode: the organisation and accounts of the design, so a newcomer can log in on first start. */
import type { MembershipRole, OrgRole, SpaceKind } from '@kring/access';
import { Accounts } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';

export const DEMO_PASSWORD = 'kring-demo';
/** The demo administrator; with DEMO_TOTP_SECRET set, their authenticator app is set up from the start. */
export const DEMO_ADMIN_EMAIL = 'admin@kring.test';
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

/** Demo profiles (the smoelenboek): what the organisation keeps and what each person wrote. */
export const DEMO_PROFILES: Record<string, { jobTitle?: string; locations?: string[]; phone?: string; expertise?: string[]; languages?: string[]; about?: string; workingDays?: string[] }> = {
  'anna@kring.test': {
    jobTitle: 'Wijkverpleegkundige',
    locations: ['Noord'],
    phone: '06 12345678',
    expertise: ['wondverzorging', 'diabetes', 'palliatieve zorg'],
    languages: ['Nederlands', 'Engels'],
    about: 'Ik werk sinds 2015 in de wijk. Vragen over wonden? Bel of app mij gerust.',
    workingDays: ['mon', 'tue', 'thu'],
  },
  'bram@kring.test': {
    jobTitle: 'Verzorgende IG',
    locations: ['Zuid'],
    phone: '06 23456789',
    expertise: ['dementie', 'valpreventie'],
    languages: ['Nederlands', 'Turks'],
    about: 'Nieuw in het team Zuid.',
    workingDays: ['mon', 'wed', 'fri'],
  },
  'daan@kring.test': { languages: ['Nederlands'], about: 'Ik wandel graag en ik hou van puzzels.' },
  'eva@kring.test': { jobTitle: 'Communicatieadviseur', locations: ['Hoofdkantoor'], phone: '0223 123456', expertise: ['nieuwsbrief', 'teksten'], languages: ['Nederlands'], workingDays: ['tue', 'wed', 'thu'] },
  'admin@kring.test': { jobTitle: 'Functioneel beheerder', locations: ['Hoofdkantoor'], expertise: ['Kring', 'accounts'], languages: ['Nederlands'] },
};

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
    await seedProfiles(trx);
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

async function seedProfiles(db: KringDb): Promise<void> {
  for (const [email, profile] of Object.entries(DEMO_PROFILES)) {
    const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    await db
      .insertInto('profiles')
      .values({
        user_id: user.id,
        job_title: profile.jobTitle ?? null,
        locations: JSON.stringify(profile.locations ?? []),
        phone: profile.phone ?? null,
        expertise: JSON.stringify(profile.expertise ?? []),
        languages: JSON.stringify(profile.languages ?? []),
        about: profile.about ?? '',
        working_days: JSON.stringify(profile.workingDays ?? []),
        share_with_clients: 0,
        photo: null,
        updated_at: Date.now(),
      })
      .execute();
  }
}
