/**
 * Profiles and the smoelenboek. The organisation keeps job title, locations and work phone (administrators now,
 * an HR sync later) and the team spaces someone is in; the person keeps the rest. Who sees whom, and how much,
 * is the access policy's `profileView`: what a viewer may not see is left out here, never on the device.
 */
import { profileView, type AccessUser, type OrgRole, type ProfileView } from '@kring/access';
import { WEEKDAYS, type Profile, type Weekday } from '@kring/contract';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb, ProfileTable } from '../db/schema.ts';
import { DomainError } from '../errors.ts';

export type ProfileErrorCode = 'not_found';

/** A profile request the rules refuse; `not_found` also for a person the asker may not see. */
export class ProfileError extends DomainError<ProfileErrorCode> {}

/** What the person writes: the fields depend on whether they are a client (see @kring/contract). */
export interface OwnProfileChanges {
  expertise?: string[];
  languages?: string[];
  about?: string;
  workingDays?: Weekday[];
  shareWithClients?: boolean;
}

export interface OrganisationProfileChanges {
  jobTitle?: string | null;
  locations?: string[];
  phone?: string | null;
}

/** A profile seen, with the client spaces it was seen through (for the access log). */
export interface SeenProfile {
  profile: Profile;
  /** Client spaces the viewer shares with this client; empty for anyone else. */
  clientSpaces: string[];
}

interface Row {
  id: string;
  name: string;
  email: string;
  role: OrgRole;
  memberOf: string[];
  teams: string[];
  profile: ProfileTable | undefined;
}

const EMPTY: Omit<ProfileTable, 'user_id' | 'updated_at'> = {
  job_title: null,
  locations: '[]',
  phone: null,
  expertise: '[]',
  languages: '[]',
  about: '',
  working_days: '[]',
  share_with_clients: 0,
  photo: null,
};

const list = (json: string | undefined): string[] => {
  const parsed: unknown = json ? JSON.parse(json) : [];
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
};

export class Profiles {
  readonly #db: KringDb;
  readonly #accounts: Accounts;

  constructor(db: KringDb, accounts: Accounts) {
    this.#db = db;
    this.#accounts = accounts;
  }

  /** Everyone of the person's organisation they may see, active, by name. */
  async directory(user: User): Promise<SeenProfile[]> {
    const asker = await this.#accounts.accessUser(user);
    const rows = await this.#rows(user.organisationId);
    return rows.flatMap((row) => {
      const seen = this.#seen(asker, row);
      return seen ? [seen] : [];
    });
  }

  /** One person as `user` may see them; `not_found` for anyone they may not see. */
  async get(user: User, userId: string): Promise<SeenProfile> {
    const asker = await this.#accounts.accessUser(user);
    const row = (await this.#rows(user.organisationId, userId))[0];
    const seen = row && this.#seen(asker, row);
    if (!seen) throw new ProfileError('not_found', 'No such person.');
    return seen;
  }

  /** The person's own profile and whether fellow clients see more than their name. */
  async own(user: User): Promise<{ profile: Profile; shareWithClients: boolean }> {
    const row = (await this.#rows(user.organisationId, user.id))[0];
    if (!row) throw new ProfileError('not_found', 'No such person.');
    return { profile: view(row, user.role === 'client' ? 'client' : 'staff'), shareWithClients: row.profile?.share_with_clients === 1 };
  }

  /** Changes the person's own fields; the caller has checked which fields their role may send. */
  async changeOwn(user: User, changes: OwnProfileChanges): Promise<{ profile: Profile; shareWithClients: boolean }> {
    const set: Partial<ProfileTable> = {};
    if (changes.expertise !== undefined) set.expertise = JSON.stringify(changes.expertise);
    if (changes.languages !== undefined) set.languages = JSON.stringify(changes.languages);
    if (changes.about !== undefined) set.about = changes.about;
    if (changes.workingDays !== undefined) set.working_days = JSON.stringify(changes.workingDays);
    if (changes.shareWithClients !== undefined) set.share_with_clients = changes.shareWithClients ? 1 : 0;
    await this.#write(user.id, set);
    return this.own(user);
  }

  /** Puts `photoId` (a profile photo just stored, or null for none) on the person's profile. */
  async setPhoto(user: User, photoId: string | null): Promise<{ profile: Profile; shareWithClients: boolean }> {
    await this.#write(user.id, { photo: photoId });
    return this.own(user);
  }

  /** Changes the organisation's fields of someone in the administrator's organisation; audited. */
  async changeOrganisation(admin: User, userId: string, changes: OrganisationProfileChanges): Promise<Profile> {
    const person = await this.#accounts.userById(userId);
    if (!person || person.organisationId !== admin.organisationId) throw new ProfileError('not_found', 'No such person.');
    const set: Partial<ProfileTable> = {};
    if (changes.jobTitle !== undefined) set.job_title = changes.jobTitle;
    if (changes.locations !== undefined) set.locations = JSON.stringify(changes.locations);
    if (changes.phone !== undefined) set.phone = changes.phone;
    await this.#write(userId, set);
    await this.#accounts.audit({ userId: admin.id, action: 'admin.person.profile', subject: userId, detail: { fields: Object.keys(changes) } });
    const row = (await this.#rows(admin.organisationId, userId))[0]!;
    return view(row, person.role === 'client' ? 'client' : 'staff');
  }

  async #write(userId: string, set: Partial<ProfileTable>): Promise<void> {
    const updatedAt = Date.now();
    await this.#db
      .insertInto('profiles')
      .values({ ...EMPTY, ...set, user_id: userId, updated_at: updatedAt } as ProfileTable)
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ ...set, updated_at: updatedAt }))
      .execute();
  }

  #seen(asker: AccessUser, row: Row): SeenProfile | null {
    const level = profileView(asker, row);
    if (level === 'none') return null;
    const clientSpaces = row.role === 'client' && row.id !== asker.id ? row.memberOf.filter((spaceId) => asker.spaces[spaceId]?.kind === 'client') : [];
    return { profile: view(row, level), clientSpaces };
  }

  /** The active people of an organisation (or one of them) with memberships, team names and profile, by name. */
  async #rows(organisationId: string, userId?: string): Promise<Row[]> {
    let people = this.#db
      .selectFrom('users')
      .leftJoin('profiles', 'profiles.user_id', 'users.id')
      .selectAll('profiles')
      .select(['users.id', 'users.name', 'users.email', 'users.role'])
      .where('users.organisation_id', '=', organisationId)
      .where('users.active', '=', 1);
    if (userId !== undefined) people = people.where('users.id', '=', userId);
    let memberships = this.#db
      .selectFrom('memberships')
      .innerJoin('spaces', 'spaces.id', 'memberships.space_id')
      .select(['memberships.user_id', 'memberships.space_id', 'spaces.kind', 'spaces.name'])
      .where('spaces.organisation_id', '=', organisationId);
    if (userId !== undefined) memberships = memberships.where('memberships.user_id', '=', userId);
    const [found, joined] = await Promise.all([people.orderBy('users.name').orderBy('users.id').execute(), memberships.orderBy('spaces.name').execute()]);
    const byPerson = Map.groupBy(joined, (membership) => membership.user_id);
    return found.map((person) => {
      const of = byPerson.get(person.id) ?? [];
      const profile = person.user_id === null ? undefined : (person as unknown as ProfileTable);
      return {
        id: person.id,
        name: person.name,
        email: person.email,
        role: person.role,
        memberOf: of.map((membership) => membership.space_id),
        teams: of.filter((membership) => membership.kind === 'team').map((membership) => membership.name),
        profile,
      };
    });
  }
}

/** The profile as `level` lets a viewer see it: what they may not see is empty. */
function view(row: Row, level: Exclude<ProfileView, 'none'>): Profile {
  const p = row.profile;
  const base: Profile = {
    id: row.id,
    name: row.name,
    kind: level === 'staff' ? 'staff' : 'client',
    role: row.role,
    photo: p?.photo ?? null,
    jobTitle: null,
    teams: [],
    locations: [],
    phone: null,
    email: null,
    expertise: [],
    languages: [],
    about: '',
    workingDays: [],
  };
  // A fellow client sees only the name, unless the client chose to show more: not even the photo.
  if (level === 'shared' && p?.share_with_clients !== 1) return { ...base, photo: null };
  if (level !== 'staff') return { ...base, languages: list(p?.languages), about: p?.about ?? '' };
  return {
    ...base,
    jobTitle: p?.job_title ?? null,
    teams: row.teams,
    locations: list(p?.locations),
    phone: p?.phone ?? null,
    email: row.email.includes('@') ? row.email : null,
    expertise: list(p?.expertise),
    languages: list(p?.languages),
    about: p?.about ?? '',
    workingDays: list(p?.working_days).filter((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day)),
  };
}
