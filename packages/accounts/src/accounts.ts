/** People, spaces and memberships: the authoritative records the access policy is fed from. */
import { hash, verify } from '@node-rs/argon2';
import { audienceOf, type AccessUser, type Audience, type MembershipRole, type OrgRole, type SpaceGrant, type SpaceKind } from '@kring/access';
import type { KringDb } from './schema.ts';

export interface User {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: OrgRole;
  active: boolean;
}

/** A space as a person sees it in `/api/me`. */
export interface SpaceSummary {
  id: string;
  name: string;
  kind: SpaceKind;
  audience: Audience;
  /** The person's membership role, or null for an organisation-wide space they are not a member of. */
  role: MembershipRole | null;
}

const SPACE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Spaces everyone in the organisation but guests sees without being a member. */
const ORGANISATION_WIDE: readonly SpaceKind[] = ['news', 'organisation'];

/** argon2id with the library's defaults (19 MiB, 2 passes: the OWASP minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

type UserRow = { id: string; organisation_id: string; email: string; name: string; role: OrgRole; active: number };
const toUser = (row: UserRow): User => ({
  id: row.id,
  organisationId: row.organisation_id,
  email: row.email,
  name: row.name,
  role: row.role,
  active: row.active === 1,
});

// Verifying against this when the email is unknown keeps the response time the same, so timing does not
// reveal which email addresses have an account.
let dummyHash: Promise<string> | undefined;

export class Accounts {
  readonly #db: KringDb;

  constructor(db: KringDb) {
    this.#db = db;
  }

  async createOrganisation(id: string, name: string): Promise<void> {
    await this.#db.insertInto('organisations').values({ id, name, created_at: Date.now() }).execute();
  }

  async createUser(input: { organisationId: string; email: string; name: string; password: string; role: OrgRole }): Promise<User> {
    const row = {
      id: crypto.randomUUID(),
      organisation_id: input.organisationId,
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      password_hash: await hashPassword(input.password),
      role: input.role,
      active: 1,
      created_at: Date.now(),
    };
    await this.#db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async userById(id: string): Promise<User | null> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  /** The active account with this email and password, or null. Takes as long whether or not the email exists. */
  async verifyPassword(email: string, password: string): Promise<User | null> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
    if (!row) {
      dummyHash ??= hashPassword('no account has this password');
      await verify(await dummyHash, password);
      return null;
    }
    const ok = await verify(row.password_hash, password);
    return ok && row.active === 1 ? toUser(row) : null;
  }

  async setActive(userId: string, active: boolean): Promise<void> {
    await this.#db.updateTable('users').set({ active: active ? 1 : 0 }).where('id', '=', userId).execute();
  }

  async createSpace(input: { id: string; organisationId: string; name: string; kind: SpaceKind }): Promise<void> {
    if (!SPACE_ID.test(input.id)) throw new RangeError(`invalid space id: ${input.id}`);
    await this.#db
      .insertInto('spaces')
      .values({ id: input.id, organisation_id: input.organisationId, name: input.name, kind: input.kind, created_at: Date.now() })
      .execute();
  }

  async setMembership(spaceId: string, userId: string, role: MembershipRole): Promise<void> {
    await this.#db
      .insertInto('memberships')
      .values({ space_id: spaceId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['space_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  }

  /** Every space the person can see: their memberships plus, except for guests, the organisation-wide spaces. */
  async spacesOf(user: User): Promise<SpaceSummary[]> {
    const rows = await this.#db
      .selectFrom('spaces')
      .leftJoin('memberships', (join) => join.onRef('memberships.space_id', '=', 'spaces.id').on('memberships.user_id', '=', user.id))
      .select(['spaces.id', 'spaces.name', 'spaces.kind', 'memberships.role'])
      .where('spaces.organisation_id', '=', user.organisationId)
      .orderBy('spaces.name')
      .execute();
    return rows
      .filter((row) => row.role !== null || (user.role !== 'guest' && ORGANISATION_WIDE.includes(row.kind)))
      .filter((row) => !(row.kind === 'team' && user.role === 'client'))
      .map((row) => ({ id: row.id, name: row.name, kind: row.kind, audience: audienceOf(row.kind), role: row.role }));
  }

  /** The person as the access policy sees them. */
  async accessUser(user: User): Promise<AccessUser> {
    const spaces: Record<string, SpaceGrant> = {};
    for (const space of await this.spacesOf(user)) spaces[space.id] = { kind: space.kind, role: space.role };
    return { id: user.id, role: user.role, active: user.active, spaces };
  }

  async audit(entry: { userId: string | null; action: string; subject?: string | null }): Promise<void> {
    await this.#db
      .insertInto('audit_log')
      .values({ at: Date.now(), user_id: entry.userId, action: entry.action, subject: entry.subject ?? null })
      .execute();
  }
}
