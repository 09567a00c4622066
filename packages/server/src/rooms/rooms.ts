/**
 * Room booking: the organisation's meeting rooms and who has them when. Authoritative SQL, decided in one
 * transaction per request, because a room must never be given twice for the same time: the check for a clash
 * and the insert happen under the database's write lock (one connection per process, and SQLite refuses a
 * second process's write on a stale read), so of two people racing for the last slot exactly one gets it. A
 * request carries the device's id, so a booking retried after the device was offline is decided once.
 */
import { createHash, randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { OrgRole } from '@kring/access';
import type { KringDb } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { DAY_MS, MINUTE, ZONE, addDays, amsterdamClock, amsterdamDate, amsterdamTime } from '@kring/contract';
import type { RoomBookingTable, RoomTable } from './migration.ts';

/** Bookings start and end on a quarter of an hour. */
export const SLOT_MINUTES = 15;
export const BOOKING_RULES = {
  slotMs: SLOT_MINUTES * MINUTE,
  maxLengthMs: 12 * 60 * MINUTE,
  /** How far ahead a room can be booked. */
  horizonMs: 366 * DAY_MS,
  maxOccurrences: 52,
  /** The hours (Amsterdam) in which other free times are looked for. */
  openFrom: 8,
  openUntil: 18,
} as const;

export interface RoomInput {
  name: string;
  location: string;
  capacity: number;
  facilities: string[];
}

export interface Room extends RoomInput {
  id: string;
  createdAt: number;
}

export interface Booking {
  id: string;
  roomId: string;
  userId: string;
  bookedBy: string;
  title: string;
  startsAt: number;
  endsAt: number;
  seriesId: string | null;
  requestId: string;
}

/** Every week, `count` times in all, or until (and including) the Amsterdam date `until`. */
export type Repeat = { weeks: number } | { until: string };

export interface BookingRequest {
  requestId: string;
  startsAt: number;
  endsAt: number;
  title: string;
  repeat?: Repeat;
}

/** Another time or room that is free, offered when the asked one is taken. */
export interface Alternative {
  roomId: string;
  roomName: string;
  startsAt: number;
  endsAt: number;
}

/** An occurrence that could not be booked. */
export interface Clash {
  startsAt: number;
  endsAt: number;
}

export type RoomErrorCode = 'not_found' | 'forbidden' | 'bad_request' | 'started' | 'room_taken' | 'request_id_reused';

export class RoomError extends DomainError<RoomErrorCode> {}

/** The room was taken: which asked times clash, and what is free nearest to the first of them. */
export class RoomTaken extends RoomError {
  readonly clashes: Clash[];
  readonly alternatives: Alternative[];
  constructor(clashes: Clash[], alternatives: Alternative[]) {
    super('room_taken', clashes.length > 1 ? `${clashes.length} of the times are taken; nothing was booked.` : 'The room is taken at that time.');
    this.clashes = clashes;
    this.alternatives = alternatives;
  }
}

/** Staff (employees, editors, administrators, the privacy officer) book rooms; clients and guests do not see them. */
export function mayUseRooms(role: OrgRole): boolean {
  return role === 'employee' || role === 'editor' || role === 'admin' || role === 'privacy';
}

const toRoom = (row: RoomTable): Room => ({
  id: row.id,
  name: row.name,
  location: row.location,
  capacity: Number(row.capacity),
  facilities: JSON.parse(row.facilities) as string[],
  createdAt: Number(row.created_at),
});

const toBooking = (row: RoomBookingTable & { booked_by: string }): Booking => ({
  id: row.id,
  roomId: row.room_id,
  userId: row.user_id,
  bookedBy: row.booked_by,
  title: row.title,
  startsAt: Number(row.starts_at),
  endsAt: Number(row.ends_at),
  seriesId: row.series_id,
  requestId: row.request_id,
});

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class Rooms {
  readonly #db: KringDb;

  constructor(db: KringDb) {
    this.#db = db;
  }

  async list(organisationId: string): Promise<Room[]> {
    const rows = await this.#db.selectFrom('rooms').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
    return rows.map(toRoom);
  }

  /** The room, or null when it is not this organisation's. */
  async get(organisationId: string, id: string): Promise<Room | null> {
    const row = await this.#db.selectFrom('rooms').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst();
    return row ? toRoom(row) : null;
  }

  async create(organisationId: string, input: RoomInput, now = Date.now()): Promise<Room> {
    const row: RoomTable = {
      id: crypto.randomUUID(),
      organisation_id: organisationId,
      name: input.name,
      location: input.location,
      capacity: input.capacity,
      facilities: JSON.stringify(input.facilities),
      created_at: now,
      updated_at: now,
    };
    await this.#db.insertInto('rooms').values(row).execute();
    return toRoom(row);
  }

  async update(organisationId: string, id: string, changes: Partial<RoomInput>, now = Date.now()): Promise<Room> {
    const room = await this.get(organisationId, id);
    if (!room) throw new RoomError('not_found', 'No such room.');
    const next = { ...room, ...changes };
    await this.#db
      .updateTable('rooms')
      .set({ name: next.name, location: next.location, capacity: next.capacity, facilities: JSON.stringify(next.facilities), updated_at: now })
      .where('id', '=', id)
      .execute();
    return next;
  }

  /** Removes the room with its bookings and its feed. */
  async remove(organisationId: string, id: string): Promise<void> {
    const room = await this.get(organisationId, id);
    if (!room) throw new RoomError('not_found', 'No such room.');
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('calendar_feeds').where('owner', '=', `room:${id}`).execute();
      await trx.deleteFrom('room_bookings').where('room_id', '=', id).execute();
      await trx.deleteFrom('rooms').where('id', '=', id).execute();
    });
  }

  /** The live bookings of the organisation's rooms overlapping [from, to), in time order. */
  async bookingsBetween(organisationId: string, from: number, to: number): Promise<Booking[]> {
    const rows = await this.#live()
      .where('rooms.organisation_id', '=', organisationId)
      .where('room_bookings.starts_at', '<', to)
      .where('room_bookings.ends_at', '>', from)
      .orderBy('room_bookings.starts_at')
      .execute();
    return rows.map(toBooking);
  }

  /** The person's live bookings ending after `from`, soonest first. */
  async bookingsOf(userId: string, from: number): Promise<Booking[]> {
    const rows = await this.#live().where('room_bookings.user_id', '=', userId).where('room_bookings.ends_at', '>', from).orderBy('room_bookings.starts_at').execute();
    return rows.map(toBooking);
  }

  /**
   * Books the room for the person: every occurrence of a series, or none (a `RoomTaken` lists the ones that
   * clash and what is free nearest the first). Idempotent: the same request id again answers the bookings it made
   * (`created: false`).
   */
  async book(organisationId: string, userId: string, roomId: string, request: BookingRequest, now = Date.now()): Promise<{ bookings: Booking[]; created: boolean }> {
    return this.#db.transaction().execute(async (trx) => {
      const earlier = await this.#live(trx).where('room_bookings.user_id', '=', userId).where('room_bookings.request_id', '=', request.requestId).orderBy('room_bookings.starts_at').execute();
      const anyEarlier = await trx.selectFrom('room_bookings').select(['room_id']).where('user_id', '=', userId).where('request_id', '=', request.requestId).executeTakeFirst();
      if (anyEarlier && anyEarlier.room_id !== roomId) throw new RoomError('request_id_reused', 'This request id was used for another room.');
      if (anyEarlier) return { bookings: earlier.map(toBooking), created: false };
      const room = await trx.selectFrom('rooms').select(['id', 'name']).where('id', '=', roomId).where('organisation_id', '=', organisationId).executeTakeFirst();
      if (!room) throw new RoomError('not_found', 'No such room.');
      const times = occurrences(request, now);
      const clashes: Clash[] = [];
      for (const time of times) {
        const taken = await trx
          .selectFrom('room_bookings')
          .select('id')
          .where('room_id', '=', roomId)
          .where('cancelled_at', 'is', null)
          .where('starts_at', '<', time.endsAt)
          .where('ends_at', '>', time.startsAt)
          .executeTakeFirst();
        if (taken) clashes.push(time);
      }
      if (clashes.length > 0) throw new RoomTaken(clashes, await alternatives(trx, organisationId, roomId, clashes[0], now));
      const seriesId = times.length > 1 ? crypto.randomUUID() : null;
      const rows: RoomBookingTable[] = times.map((time) => ({
        id: crypto.randomUUID(),
        room_id: roomId,
        user_id: userId,
        title: request.title,
        starts_at: time.startsAt,
        ends_at: time.endsAt,
        request_id: request.requestId,
        series_id: seriesId,
        created_at: now,
        cancelled_at: null,
        cancelled_by: null,
      }));
      await trx.insertInto('room_bookings').values(rows).execute();
      const made = await this.#live(trx).where('room_bookings.user_id', '=', userId).where('room_bookings.request_id', '=', request.requestId).orderBy('room_bookings.starts_at').execute();
      return { bookings: made.map(toBooking), created: true };
    });
  }

  /**
   * Cancels a booking (with `series`, also the later occurrences of its series). The person's own, or any for
   * an administrator; `not_found` alike for a booking that is not there and one that is not theirs to see.
   */
  async cancel(organisationId: string, actor: { id: string; role: OrgRole }, bookingId: string, series = false, now = Date.now()): Promise<Booking[]> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#live(trx).where('room_bookings.id', '=', bookingId).where('rooms.organisation_id', '=', organisationId).executeTakeFirst();
      if (!row) throw new RoomError('not_found', 'No such booking.');
      if (row.user_id !== actor.id && actor.role !== 'admin') throw new RoomError('forbidden', 'Only the person who booked, or an administrator, can cancel this.');
      let query = this.#live(trx);
      query = series && row.series_id ? query.where('room_bookings.series_id', '=', row.series_id).where('room_bookings.starts_at', '>=', Number(row.starts_at)) : query.where('room_bookings.id', '=', bookingId);
      const rows = await query.execute();
      await trx
        .updateTable('room_bookings')
        .set({ cancelled_at: now, cancelled_by: actor.id })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows.map(toBooking);
    });
  }

  /** Deletes every booking the person made and their calendar address (their erasure). */
  async forget(userId: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('room_bookings').where('user_id', '=', userId).execute();
      await trx.deleteFrom('calendar_feeds').where('owner', '=', `person:${userId}`).execute();
    });
  }

  /** A new secret feed address for the person or room (`person:<id>`, `room:<id>`); the old one stops working. */
  async renewFeed(owner: string, now = Date.now()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('calendar_feeds').where('owner', '=', owner).execute();
      await trx.insertInto('calendar_feeds').values({ token_hash: hashToken(token), owner, created_at: now }).execute();
    });
    return token;
  }

  /** When the person's or room's feed address was made, or null when there is none. */
  async feedMadeAt(owner: string): Promise<number | null> {
    const row = await this.#db.selectFrom('calendar_feeds').select('created_at').where('owner', '=', owner).executeTakeFirst();
    return row ? Number(row.created_at) : null;
  }

  /**
   * The iCalendar text behind a feed token: the person's or room's live bookings from 30 days ago on. Null for an
   * unknown or renewed token, or a person no longer active. A room's feed names no one: it says only what is on.
   */
  async calendar(token: string, now = Date.now()): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const feed = await this.#db.selectFrom('calendar_feeds').select('owner').where('token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!feed) return null;
    const [kind, id] = feed.owner.split(':');
    const from = now - 30 * DAY_MS;
    const rooms = new Map<string, RoomTable>();
    let rows;
    let name: string;
    if (kind === 'person') {
      const person = await this.#db.selectFrom('users').select(['name', 'active']).where('id', '=', id).executeTakeFirst();
      if (!person || !person.active) return null;
      rows = await this.#live().where('room_bookings.user_id', '=', id).where('room_bookings.ends_at', '>', from).orderBy('room_bookings.starts_at').execute();
      name = 'Kring: mijn ruimtes';
    } else {
      const room = await this.#db.selectFrom('rooms').selectAll().where('id', '=', id).executeTakeFirst();
      if (!room) return null;
      rows = await this.#live().where('room_bookings.room_id', '=', id).where('room_bookings.ends_at', '>', from).orderBy('room_bookings.starts_at').execute();
      name = `Kring: ${room.name}`;
    }
    for (const roomId of new Set(rows.map((row) => row.room_id))) {
      const room = await this.#db.selectFrom('rooms').selectAll().where('id', '=', roomId).executeTakeFirst();
      if (room) rooms.set(roomId, room);
    }
    const calendar = ical({ name, prodId: { company: 'Kring', product: 'Kring ruimtes', language: 'NL' }, ttl: 15 * 60, x: { 'X-WR-TIMEZONE': ZONE } });
    for (const row of rows) {
      const room = rooms.get(row.room_id);
      calendar.createEvent({
        id: `${row.id}@kring`,
        start: new Date(Number(row.starts_at)),
        end: new Date(Number(row.ends_at)),
        stamp: new Date(Number(row.created_at)),
        // The feeds are read by calendar programs with no language setting: Dutch, the organisation's language.
        summary: kind === 'person' ? `${row.title || 'Geboekt'} (${room?.name ?? ''})` : row.title || 'Bezet',
        location: room ? `${room.name}, ${room.location}` : null,
      });
    }
    return calendar.toString();
  }

  #live(db: KringDb = this.#db) {
    return db
      .selectFrom('room_bookings')
      .innerJoin('rooms', 'rooms.id', 'room_bookings.room_id')
      .innerJoin('users', 'users.id', 'room_bookings.user_id')
      .selectAll('room_bookings')
      .select('users.name as booked_by')
      .where('room_bookings.cancelled_at', 'is', null);
  }
}

/** The times a request asks for, checked against the rules; a weekly series keeps its Amsterdam clock time. */
export function occurrences(request: BookingRequest, now: number): Clash[] {
  const { startsAt, endsAt, repeat } = request;
  const { slotMs, maxLengthMs, horizonMs, maxOccurrences } = BOOKING_RULES;
  if (startsAt % slotMs !== 0 || endsAt % slotMs !== 0) throw new RoomError('bad_request', `Bookings start and end on a quarter of an hour.`);
  if (endsAt <= startsAt) throw new RoomError('bad_request', 'The end must be after the start.');
  if (endsAt - startsAt > maxLengthMs) throw new RoomError('bad_request', 'A booking lasts at most 12 hours.');
  if (startsAt < Math.floor(now / slotMs) * slotMs) throw new RoomError('started', 'That time has passed.');
  const length = endsAt - startsAt;
  const date = amsterdamDate(startsAt);
  const { hour, minute } = amsterdamClock(startsAt);
  const times: Clash[] = [];
  const count = !repeat ? 1 : 'weeks' in repeat ? repeat.weeks : Number.POSITIVE_INFINITY;
  for (let week = 0; week < count; week++) {
    const day = addDays(date, 7 * week);
    if (repeat && 'until' in repeat && day > repeat.until) break;
    if (times.length === maxOccurrences) throw new RoomError('bad_request', `A series has at most ${maxOccurrences} times.`);
    const start = week === 0 ? startsAt : amsterdamTime(day, hour, minute);
    times.push({ startsAt: start, endsAt: start + length });
  }
  if (times.length === 0) throw new RoomError('bad_request', 'The series ends before it starts.');
  if (times.at(-1)!.endsAt > now + horizonMs) throw new RoomError('bad_request', 'Rooms can be booked up to a year ahead.');
  return times;
}

/**
 * What is free nearest the asked time: other rooms at that very time (up to two), then this room at the nearest
 * free times of the same length within opening hours (up to two), within a week either side and never in the past.
 */
async function alternatives(db: KringDb, organisationId: string, roomId: string, asked: Clash, now: number): Promise<Alternative[]> {
  const length = asked.endsAt - asked.startsAt;
  const rooms = await db.selectFrom('rooms').select(['id', 'name']).where('organisation_id', '=', organisationId).orderBy('name').execute();
  const windowFrom = asked.startsAt - 7 * DAY_MS;
  const windowTo = asked.endsAt + 7 * DAY_MS;
  const busy = await db
    .selectFrom('room_bookings')
    .innerJoin('rooms', 'rooms.id', 'room_bookings.room_id')
    .select(['room_bookings.room_id', 'room_bookings.starts_at', 'room_bookings.ends_at'])
    .where('rooms.organisation_id', '=', organisationId)
    .where('room_bookings.cancelled_at', 'is', null)
    .where('room_bookings.starts_at', '<', windowTo)
    .where('room_bookings.ends_at', '>', windowFrom)
    .execute();
  const free = (id: string, start: number, end: number) => !busy.some((b) => b.room_id === id && Number(b.starts_at) < end && Number(b.ends_at) > start);
  const result: Alternative[] = [];
  for (const room of rooms) {
    if (room.id !== roomId && free(room.id, asked.startsAt, asked.endsAt) && result.length < 2) result.push({ roomId: room.id, roomName: room.name, startsAt: asked.startsAt, endsAt: asked.endsAt });
  }
  const here = rooms.find((room) => room.id === roomId)!;
  const open = (start: number) => {
    const date = amsterdamDate(start);
    return start >= amsterdamTime(date, BOOKING_RULES.openFrom) && start + length <= amsterdamTime(date, BOOKING_RULES.openUntil);
  };
  const earliest = Math.ceil(now / BOOKING_RULES.slotMs) * BOOKING_RULES.slotMs;
  let found = 0;
  for (let step = 1; found < 2 && step * BOOKING_RULES.slotMs <= 7 * DAY_MS; step++) {
    for (const start of [asked.startsAt + step * BOOKING_RULES.slotMs, asked.startsAt - step * BOOKING_RULES.slotMs]) {
      if (found < 2 && start >= earliest && open(start) && free(roomId, start, start + length)) {
        result.push({ roomId, roomName: here.name, startsAt: start, endsAt: start + length });
        found++;
      }
    }
  }
  return result;
}
