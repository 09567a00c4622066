/** People, spaces and memberships: the authoritative records the access policy is fed from. */
import { hash, verify } from '@node-rs/argon2';
import {
  SPACE_FEATURES,
  audienceOf,
  isEditor,
  seesWithoutMembership,
  type AccessUser,
  type Audience,
  type MembershipRole,
  type OrgRole,
  type SpaceFeature,
  type SpaceGrant,
  type SpaceKind,
} from '@kring/access';
import { conversationGrants } from '../conversations/conversations.ts';
import type { MySpace, SpaceMember } from '@kring/contract';
import { hiddenPagesBySpace } from '../editorial/editorial.ts';
import { PageVersions } from '../versions/page-versions.ts';
import type { KringDb } from '../db/schema.ts';

export interface User {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: OrgRole;
  active: boolean;
}

/** A space as an administrator sees it. */
export interface SpaceRecord {
  id: string;
  organisationId: string;
  name: string;
  kind: SpaceKind;
  audience: Audience;
  createdAt: number;
  features: SpaceFeature[];
  memberCount: number;
}

/** A person as an administrator sees them: never the password hash. */
export interface PersonRecord extends User {
  createdAt: number;
  memberships: { spaceId: string; role: MembershipRole }[];
}

export interface AuditEntry {
  id: number;
  at: number;
  userId: string | null;
  action: string;
  subject: string | null;
  detail: unknown;
}

const SPACE_ID = /^[A-Za-z0-9_-]{1,64}$/;

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
    return this.createUserWithHash({ ...input, passwordHash: await hashPassword(input.password) });
  }

  /** As createUser, with the password already hashed (so the hashing can happen outside a transaction). */
  async createUserWithHash(input: { organisationId: string; email: string; name: string; passwordHash: string; role: OrgRole }): Promise<User> {
    const row = {
      id: crypto.randomUUID(),
      organisation_id: input.organisationId,
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      password_hash: input.passwordHash,
      role: input.role,
      active: 1,
      created_at: Date.now(),
    };
    await this.#db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  /** Whether an account with this email (or user name) exists, however it is written. */
  async loginNameTaken(email: string): Promise<boolean> {
    return !!(await this.#db.selectFrom('users').select('id').where('email', '=', normaliseEmail(email)).executeTakeFirst());
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

  /** Whether `password` is the person's current password (an active account only). */
  async checkPassword(userId: string, password: string): Promise<boolean> {
    const row = await this.#db.selectFrom('users').select(['password_hash', 'active']).where('id', '=', userId).executeTakeFirst();
    return !!row && row.active === 1 && (await verify(row.password_hash, password));
  }

  /** The active account with this login name, or null; no password is checked (password reset by e-mail). */
  async activeUserByLoginName(email: string): Promise<User | null> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).where('active', '=', 1).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async setPassword(userId: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.#db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  }

  async setActive(userId: string, active: boolean): Promise<void> {
    await this.#db.updateTable('users').set({ active: active ? 1 : 0 }).where('id', '=', userId).execute();
  }

  async setName(userId: string, name: string): Promise<void> {
    await this.#db.updateTable('users').set({ name: name.trim() }).where('id', '=', userId).execute();
  }

  /**
   * An erased person's account: another name, a login name that says nothing (it must stay unique), inactive. The
   * row stays, so the history's author ids and the audit log still point somewhere.
   */
  async anonymise(userId: string, name: string): Promise<void> {
    await this.#db.updateTable('users').set({ name, email: `verwijderd-${userId}`, active: 0 }).where('id', '=', userId).execute();
    // The profile says who they were (job, phone, about me): it goes whole.
    await this.#db.deleteFrom('profiles').where('user_id', '=', userId).execute();
  }

  async setRole(userId: string, role: OrgRole): Promise<void> {
    await this.#db.updateTable('users').set({ role }).where('id', '=', userId).execute();
  }

  /** Everyone in the organisation with their memberships, by name. */
  async listPeople(organisationId: string): Promise<PersonRecord[]> {
    const users = await this.#db.selectFrom('users').selectAll().where('organisation_id', '=', organisationId).orderBy('name').orderBy('email').execute();
    const memberships = await this.#db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.user_id', 'memberships.space_id', 'memberships.role'])
      .where('users.organisation_id', '=', organisationId)
      .orderBy('memberships.space_id')
      .execute();
    // Grouped once: filtering all memberships per person grows with the square of the organisation (5,000 people).
    const byPerson = Map.groupBy(memberships, (m) => m.user_id);
    return users.map((row) => ({
      ...toUser(row),
      createdAt: Number(row.created_at),
      memberships: (byPerson.get(row.id) ?? []).map((m) => ({ spaceId: m.space_id, role: m.role })),
    }));
  }

  async person(userId: string): Promise<PersonRecord | null> {
    const user = await this.userById(userId);
    if (!user) return null;
    return (await this.listPeople(user.organisationId)).find((p) => p.id === userId) ?? null;
  }

  /** Active administrators of the organisation (an organisation must keep at least one). */
  async activeAdminCount(organisationId: string): Promise<number> {
    const rows = await this.#db
      .selectFrom('users')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .execute();
    return rows.length;
  }

  async createSpace(input: { id: string; organisationId: string; name: string; kind: SpaceKind }): Promise<void> {
    if (!SPACE_ID.test(input.id)) throw new RangeError(`invalid space id: ${input.id}`);
    await this.#db
      .insertInto('spaces')
      .values({ id: input.id, organisation_id: input.organisationId, name: input.name, kind: input.kind, created_at: Date.now() })
      .execute();
  }

  async renameSpace(spaceId: string, name: string): Promise<void> {
    await this.#db.updateTable('spaces').set({ name }).where('id', '=', spaceId).execute();
  }

  /** The space with its features and member count, or null. */
  async space(spaceId: string): Promise<SpaceRecord | null> {
    const row = await this.#db.selectFrom('spaces').selectAll().where('id', '=', spaceId).executeTakeFirst();
    if (!row) return null;
    return (await this.#spaceRecords([row]))[0] ?? null;
  }

  /** Every space of the organisation, by name. */
  async listSpaces(organisationId: string): Promise<SpaceRecord[]> {
    const rows = await this.#db.selectFrom('spaces').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
    return this.#spaceRecords(rows);
  }

  async #spaceRecords(rows: { id: string; organisation_id: string; name: string; kind: SpaceKind; created_at: number }[]): Promise<SpaceRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const features = await this.featuresBySpace(ids);
    const counts = await this.#db
      .selectFrom('memberships')
      .select(['space_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('space_id', 'in', ids)
      .groupBy('space_id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      organisationId: row.organisation_id,
      name: row.name,
      kind: row.kind,
      audience: audienceOf(row.kind),
      createdAt: Number(row.created_at),
      features: features.get(row.id) ?? [...SPACE_FEATURES],
      memberCount: Number(counts.find((c) => c.space_id === row.id)?.count ?? 0),
    }));
  }

  /** The members of a space with their organisation role, by name. */
  async membersOf(spaceId: string): Promise<SpaceMember[]> {
    const rows = await this.#db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.name', 'users.email', 'users.role', 'users.active', 'memberships.role as membership'])
      .where('memberships.space_id', '=', spaceId)
      .orderBy('users.name')
      .execute();
    return rows.map((row) => ({ userId: row.id, name: row.name, email: row.email, role: row.role, active: row.active === 1, membership: row.membership }));
  }

  /**
   * The active people of an organisation, by name, each with their membership role in the space (or null) and
   * the ids of every space they are a member of.
   */
  async activePeopleWithMembership(
    organisationId: string,
    spaceId: string,
  ): Promise<{ id: string; name: string; role: OrgRole; membership: MembershipRole | null; memberOf: string[] }[]> {
    const people = await this.#db
      .selectFrom('users')
      .leftJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'users.id').on('memberships.space_id', '=', spaceId))
      .select(['users.id', 'users.name', 'users.role', 'memberships.role as membership'])
      .where('users.organisation_id', '=', organisationId)
      .where('users.active', '=', 1)
      .orderBy('users.name')
      .execute();
    const memberships = await this.#db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.user_id', 'memberships.space_id'])
      .where('users.organisation_id', '=', organisationId)
      .where('users.active', '=', 1)
      .execute();
    const memberOf = Map.groupBy(memberships, (row) => row.user_id);
    return people.map((person) => ({ ...person, memberOf: (memberOf.get(person.id) ?? []).map((row) => row.space_id) }));
  }

  async removeMembership(spaceId: string, userId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('memberships').where('space_id', '=', spaceId).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async membership(spaceId: string, userId: string): Promise<MembershipRole | null> {
    const row = await this.#db.selectFrom('memberships').select('role').where('space_id', '=', spaceId).where('user_id', '=', userId).executeTakeFirst();
    return row?.role ?? null;
  }

  /** The features switched on per space, for these spaces (all of them for a space without rows). */
  async featuresBySpace(spaceIds: readonly string[]): Promise<Map<string, SpaceFeature[]>> {
    const result = new Map<string, SpaceFeature[]>();
    if (spaceIds.length === 0) return result;
    const rows = await this.#db.selectFrom('space_features').selectAll().where('space_id', 'in', [...spaceIds]).execute();
    for (const id of spaceIds) {
      const off = new Set(rows.filter((row) => row.space_id === id && row.enabled === 0).map((row) => row.feature));
      result.set(id, SPACE_FEATURES.filter((feature) => !off.has(feature)));
    }
    return result;
  }

  /** Switches features on (true) or off (false); features not named keep their setting. */
  async setFeatures(spaceId: string, changes: Partial<Record<SpaceFeature, boolean>>): Promise<void> {
    for (const feature of SPACE_FEATURES) {
      const enabled = changes[feature];
      if (enabled === undefined) continue;
      await this.#db
        .insertInto('space_features')
        .values({ space_id: spaceId, feature, enabled: enabled ? 1 : 0 })
        .onConflict((oc) => oc.columns(['space_id', 'feature']).doUpdateSet({ enabled: enabled ? 1 : 0 }))
        .execute();
    }
  }

  async setMembership(spaceId: string, userId: string, role: MembershipRole): Promise<void> {
    await this.#db
      .insertInto('memberships')
      .values({ space_id: spaceId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['space_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  }

  /**
   * Every space the person can see: their memberships, the organisation-wide spaces their role sees, and (for an
   * administrator) the spaces he holds emergency access to at `now`, as a reader until it ends.
   */
  async spacesOf(user: User, now = Date.now()): Promise<MySpace[]> {
    const rows = await this.#db
      .selectFrom('spaces')
      .leftJoin('memberships', (join) => join.onRef('memberships.space_id', '=', 'spaces.id').on('memberships.user_id', '=', user.id))
      .select(['spaces.id', 'spaces.name', 'spaces.kind', 'memberships.role'])
      .where('spaces.organisation_id', '=', user.organisationId)
      .orderBy('spaces.name')
      .execute();
    const emergency = user.role === 'admin' ? await this.emergencyGrantsOf(user.id, now) : new Map<string, number>();
    const visible = rows
      .filter((row) => row.role !== null || seesWithoutMembership(user.role, row.kind) || emergency.has(row.id))
      .filter((row) => !(row.kind === 'team' && user.role === 'client'));
    const features = await this.featuresBySpace(visible.map((row) => row.id));
    return visible.map((row) => {
      const until = row.role === null && !seesWithoutMembership(user.role, row.kind) ? emergency.get(row.id) : undefined;
      const space: MySpace = {
        id: row.id,
        name: row.name,
        kind: row.kind,
        audience: audienceOf(row.kind),
        role: until === undefined ? row.role : 'reader',
        features: features.get(row.id) ?? [...SPACE_FEATURES],
      };
      return until === undefined ? space : { ...space, emergencyUntil: new Date(until).toISOString() };
    });
  }

  /** The spaces a person holds emergency access to at `now`, with when each ends (the latest, if declared twice). */
  async emergencyGrantsOf(userId: string, now = Date.now()): Promise<Map<string, number>> {
    const rows = await this.#db.selectFrom('emergency_access').select(['space_id', 'ends_at']).where('user_id', '=', userId).where('ends_at', '>', now).execute();
    const grants = new Map<string, number>();
    for (const row of rows) grants.set(row.space_id, Math.max(Number(row.ends_at), grants.get(row.space_id) ?? 0));
    return grants;
  }

  /**
   * The person as the access policy sees them, at `now`: their spaces with role and features, and for news
   * spaces the pages outside their publication window (only readers need those; editors keep access).
   */
  async accessUser(user: User, now = Date.now()): Promise<AccessUser> {
    const spaces: Record<string, SpaceGrant> = {};
    const visible = await this.spacesOf(user, now);
    const news = visible.filter((space) => space.kind === 'news' && space.role !== 'owner' && !isEditor(user.role)).map((space) => space.id);
    const hidden = await hiddenPagesBySpace(this.#db, news, now);
    // Approved protocols: the policy closes their draft to those who only read the space.
    const controlled = await PageVersions.controlledPagesBySpace(this.#db, visible.map((space) => space.id));
    for (const space of visible) {
      const grant: SpaceGrant = { kind: space.kind, role: space.role, features: space.features };
      if (space.emergencyUntil) grant.emergencyUntil = Date.parse(space.emergencyUntil);
      const pages = hidden.get(space.id);
      if (pages && pages.length > 0) grant.hiddenPages = pages;
      const approved = controlled.get(space.id);
      if (approved) grant.controlledPages = approved;
      spaces[space.id] = grant;
    }
    // Conversations are spaces of their own kind; their ids (`conv_…`) never meet a space's.
    Object.assign(spaces, await conversationGrants(this.#db, user.id));
    return { id: user.id, role: user.role, active: user.active, spaces };
  }

  /** Writes one audit entry; `detail` is kept as JSON. */
  async audit(entry: { userId: string | null; action: string; subject?: string | null; detail?: unknown }): Promise<void> {
    await this.#db
      .insertInto('audit_log')
      .values({
        at: Date.now(),
        user_id: entry.userId,
        action: entry.action,
        subject: entry.subject ?? null,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      })
      .execute();
  }

  /** The newest audit entries first, at most `limit`, older than the entry `before` when given. */
  async auditLog(options: { limit: number; before?: number }): Promise<AuditEntry[]> {
    const rows = await this.#db
      .selectFrom('audit_log')
      .selectAll()
      .$if(options.before !== undefined, (query) => query.where('id', '<', options.before!))
      .orderBy('id', 'desc')
      .limit(options.limit)
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      at: Number(row.at),
      userId: row.user_id,
      action: row.action,
      subject: row.subject,
      detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
    }));
  }
}
