/**
 * Activities in a client space (a coffee morning, a walk) with sign-up: authoritative SQL, because a place on a
 * full activity must not be given twice. Beyond the capacity a sign-up goes on the waiting list in order; when
 * someone with a place cancels, the first on the waiting list gets it. A sign-up carries the client's request id,
 * so a request retried after the device was offline finds its first result instead of signing up again.
 */
import { activityRights, type AccessUser, type ActivityRights } from '@kring/access';
import type { ActivityTable, KringDb, SignupStatus } from '../db/schema.ts';
import { DomainError } from '../errors.ts';

export type { SignupStatus };

export interface ActivityInput {
  title: string;
  description: string;
  startsAt: number;
  endsAt: number | null;
  place: string;
  capacity: number;
}

export interface Activity extends ActivityInput {
  id: string;
  spaceId: string;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  /** People with a place. */
  confirmed: number;
  /** People on the waiting list. */
  waiting: number;
}

export interface Signup {
  activityId: string;
  userId: string;
  status: SignupStatus;
  /** Place on the waiting list, from 1; null unless waiting. */
  position: number | null;
  requestId: string;
  createdAt: number;
}

export interface Participant {
  userId: string;
  name: string;
  status: 'confirmed' | 'waiting';
  position: number | null;
}

export type ActivityErrorCode = 'not_found' | 'cancelled' | 'started';

export class ActivityError extends DomainError<ActivityErrorCode> {}

function toActivity(row: ActivityTable, confirmed: number, waiting: number): Activity {
  return {
    id: row.id,
    spaceId: row.space_id,
    title: row.title,
    description: row.description,
    startsAt: Number(row.starts_at),
    endsAt: row.ends_at === null ? null : Number(row.ends_at),
    place: row.place,
    capacity: Number(row.capacity),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    cancelledAt: row.cancelled_at === null ? null : Number(row.cancelled_at),
    confirmed,
    waiting,
  };
}

export class Activities {
  readonly #db: KringDb;

  constructor(db: KringDb) {
    this.#db = db;
  }

  async create(spaceId: string, input: ActivityInput, createdBy: string | null, now = Date.now()): Promise<Activity> {
    const row: ActivityTable = {
      id: crypto.randomUUID(),
      space_id: spaceId,
      title: input.title,
      description: input.description,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      place: input.place,
      capacity: input.capacity,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
      cancelled_at: null,
    };
    await this.#db.insertInto('activities').values(row).execute();
    return toActivity(row, 0, 0);
  }

  async get(id: string): Promise<Activity | null> {
    const row = await this.#db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const counts = await this.#counts([id]);
    return toActivity(row, counts.get(id)?.confirmed ?? 0, counts.get(id)?.waiting ?? 0);
  }

  /**
   * The activity and what the person may do with it; null when they may not see it (or it does not exist): the
   * two give the same answer, so activity ids cannot be probed.
   */
  async visibleTo(user: AccessUser, id: string): Promise<{ activity: Activity; rights: ActivityRights } | null> {
    const activity = await this.get(id);
    if (!activity) return null;
    const rights = activityRights(user, activity.spaceId);
    return rights.view ? { activity, rights } : null;
  }

  /** The space's activities ending (or, without an end, starting) at or after `from`, soonest first. */
  async list(spaceId: string, from: number): Promise<Activity[]> {
    const rows = await this.#db
      .selectFrom('activities')
      .selectAll()
      .where('space_id', '=', spaceId)
      .where((eb) => eb.or([eb('starts_at', '>=', from), eb('ends_at', '>=', from)]))
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
    const counts = await this.#counts(rows.map((row) => row.id));
    return rows.map((row) => toActivity(row, counts.get(row.id)?.confirmed ?? 0, counts.get(row.id)?.waiting ?? 0));
  }

  /**
   * Changes an activity. A larger capacity gives places to the waiting list, in order; a smaller one takes no
   * place away from anyone who has one.
   */
  async update(id: string, changes: Partial<ActivityInput>, now = Date.now()): Promise<Activity> {
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new ActivityError('not_found', 'no such activity');
      if (row.cancelled_at !== null) throw new ActivityError('cancelled', 'the activity is cancelled');
      const endsAt = changes.endsAt === undefined ? row.ends_at : changes.endsAt;
      const startsAt = changes.startsAt ?? Number(row.starts_at);
      if (endsAt !== null && Number(endsAt) <= startsAt) throw new RangeError('endsAt must be after startsAt');
      await trx
        .updateTable('activities')
        .set({
          title: changes.title ?? row.title,
          description: changes.description ?? row.description,
          place: changes.place ?? row.place,
          starts_at: startsAt,
          ends_at: endsAt,
          capacity: changes.capacity ?? row.capacity,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await promote(trx, id, changes.capacity ?? Number(row.capacity), now);
    });
    return (await this.get(id))!;
  }

  /** Calls an activity off; sign-ups stay as they were, for the record. */
  async cancel(id: string, now = Date.now()): Promise<Activity> {
    await this.#db.updateTable('activities').set({ cancelled_at: now, updated_at: now }).where('id', '=', id).where('cancelled_at', 'is', null).execute();
    const activity = await this.get(id);
    if (!activity) throw new ActivityError('not_found', 'no such activity');
    return activity;
  }

  /**
   * Signs a person up: a place when there is one, else the end of the waiting list. Idempotent: the same
   * request id again, or a second request while signed up, gives the existing sign-up (`created: false`).
   */
  async signUp(id: string, userId: string, requestId: string, now = Date.now()): Promise<{ signup: Signup; created: boolean }> {
    return this.#db.transaction().execute(async (trx) => {
      const repeated = await trx.selectFrom('activity_signups').selectAll().where('user_id', '=', userId).where('request_id', '=', requestId).executeTakeFirst();
      if (repeated && repeated.activity_id === id) return { signup: await signupState(trx, repeated), created: false };
      const activity = await trx.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
      if (!activity) throw new ActivityError('not_found', 'no such activity');
      if (repeated) throw new ActivityError('not_found', 'this request id belongs to another activity');
      if (activity.cancelled_at !== null) throw new ActivityError('cancelled', 'the activity is cancelled');
      if (Number(activity.starts_at) <= now) throw new ActivityError('started', 'the activity has started');
      const live = await liveSignup(trx, id, userId);
      if (live) return { signup: await signupState(trx, live), created: false };
      const confirmed = await countStatus(trx, id, 'confirmed');
      const status: SignupStatus = confirmed < Number(activity.capacity) ? 'confirmed' : 'waiting';
      await trx
        .insertInto('activity_signups')
        .values({ activity_id: id, user_id: userId, status, request_id: requestId, created_at: now, updated_at: now })
        .execute();
      const row = (await trx.selectFrom('activity_signups').selectAll().where('user_id', '=', userId).where('request_id', '=', requestId).executeTakeFirst())!;
      return { signup: await signupState(trx, row), created: true };
    });
  }

  /**
   * Cancels a person's sign-up. A freed place goes to the first on the waiting list (`promoted`). Idempotent:
   * without a live sign-up it returns `signup: null`.
   */
  async cancelSignup(id: string, userId: string, now = Date.now()): Promise<{ signup: Signup | null; promoted: string | null }> {
    return this.#db.transaction().execute(async (trx) => {
      const activity = await trx.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
      if (!activity) throw new ActivityError('not_found', 'no such activity');
      const live = await liveSignup(trx, id, userId);
      if (!live) return { signup: null, promoted: null };
      if (Number(activity.starts_at) <= now) throw new ActivityError('started', 'the activity has started');
      await trx.updateTable('activity_signups').set({ status: 'cancelled', updated_at: now }).where('id', '=', live.id).execute();
      const promoted = activity.cancelled_at === null ? await promote(trx, id, Number(activity.capacity), now) : [];
      return { signup: { ...(await signupState(trx, live)), status: 'cancelled', position: null }, promoted: promoted[0] ?? null };
    });
  }

  /** The person's live sign-up for the activity, or null. */
  async signupOf(id: string, userId: string): Promise<Signup | null> {
    const row = await liveSignup(this.#db, id, userId);
    return row ? signupState(this.#db, row) : null;
  }

  /** The person's live sign-ups for these activities, by activity id. */
  async signupsOf(ids: readonly string[], userId: string): Promise<Map<string, Signup>> {
    const result = new Map<string, Signup>();
    for (const id of ids) {
      const signup = await this.signupOf(id, userId);
      if (signup) result.set(id, signup);
    }
    return result;
  }

  /** Who has a place and who waits, in order (for the staff who run the activity). */
  async participants(id: string): Promise<Participant[]> {
    const rows = await this.#db
      .selectFrom('activity_signups')
      .innerJoin('users', 'users.id', 'activity_signups.user_id')
      .select(['activity_signups.user_id', 'activity_signups.status', 'users.name'])
      .where('activity_signups.activity_id', '=', id)
      .where('activity_signups.status', '<>', 'cancelled')
      .orderBy('activity_signups.id')
      .execute();
    let waiting = 0;
    return rows.map((row) => ({
      userId: row.user_id,
      name: row.name,
      status: row.status as 'confirmed' | 'waiting',
      position: row.status === 'waiting' ? ++waiting : null,
    }));
  }

  /** The person's live sign-ups for activities (not called off) starting in [from, to), soonest first. */
  async upcomingFor(userId: string, from: number, to: number): Promise<{ activity: Activity; signup: Signup }[]> {
    const rows = await this.#db
      .selectFrom('activity_signups')
      .innerJoin('activities', 'activities.id', 'activity_signups.activity_id')
      .select('activities.id')
      .where('activity_signups.user_id', '=', userId)
      .where('activity_signups.status', '<>', 'cancelled')
      .where('activities.cancelled_at', 'is', null)
      .where('activities.starts_at', '>=', from)
      .where('activities.starts_at', '<', to)
      .orderBy('activities.starts_at')
      .execute();
    const result: { activity: Activity; signup: Signup }[] = [];
    for (const { id } of rows) {
      const [activity, signup] = await Promise.all([this.get(id), this.signupOf(id, userId)]);
      if (activity && signup) result.push({ activity, signup });
    }
    return result;
  }

  async #counts(ids: string[]): Promise<Map<string, { confirmed: number; waiting: number }>> {
    const result = new Map<string, { confirmed: number; waiting: number }>();
    if (ids.length === 0) return result;
    const rows = await this.#db
      .selectFrom('activity_signups')
      .select(['activity_id', 'status', (eb) => eb.fn.countAll<number>().as('count')])
      .where('activity_id', 'in', ids)
      .where('status', '<>', 'cancelled')
      .groupBy(['activity_id', 'status'])
      .execute();
    for (const row of rows) {
      const entry = result.get(row.activity_id) ?? { confirmed: 0, waiting: 0 };
      if (row.status === 'confirmed') entry.confirmed = Number(row.count);
      else if (row.status === 'waiting') entry.waiting = Number(row.count);
      result.set(row.activity_id, entry);
    }
    return result;
  }
}

type SignupRow = { id: number | null; activity_id: string; user_id: string; status: SignupStatus; request_id: string; created_at: number };

/** The person's sign-up for the activity that is not cancelled; there is at most one. */
function liveSignup(db: KringDb, activityId: string, userId: string) {
  return db
    .selectFrom('activity_signups')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('user_id', '=', userId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
}

async function countStatus(db: KringDb, activityId: string, status: SignupStatus): Promise<number> {
  const row = await db
    .selectFrom('activity_signups')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('activity_id', '=', activityId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function signupState(db: KringDb, row: SignupRow): Promise<Signup> {
  const current = (await db.selectFrom('activity_signups').selectAll().where('id', '=', row.id!).executeTakeFirst()) ?? row;
  let position: number | null = null;
  if (current.status === 'waiting') {
    const ahead = await db
      .selectFrom('activity_signups')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('activity_id', '=', current.activity_id)
      .where('status', '=', 'waiting')
      .where('id', '<', current.id!)
      .executeTakeFirstOrThrow();
    position = Number(ahead.count) + 1;
  }
  return {
    activityId: current.activity_id,
    userId: current.user_id,
    status: current.status,
    position,
    requestId: current.request_id,
    createdAt: Number(current.created_at),
  };
}

/** Gives free places to the waiting list, first come first served; returns who got one. */
async function promote(db: KringDb, activityId: string, capacity: number, now: number): Promise<string[]> {
  const free = capacity - (await countStatus(db, activityId, 'confirmed'));
  if (free <= 0) return [];
  const waiting = await db
    .selectFrom('activity_signups')
    .select(['id', 'user_id'])
    .where('activity_id', '=', activityId)
    .where('status', '=', 'waiting')
    .orderBy('id')
    .limit(free)
    .execute();
  for (const row of waiting) await db.updateTable('activity_signups').set({ status: 'confirmed', updated_at: now }).where('id', '=', row.id).execute();
  return waiting.map((row) => row.user_id);
}
