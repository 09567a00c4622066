/** Room booking (docs/api.md, "Rooms"). Times go in as ISO 8601 with a zone and come out in UTC. */
import * as v from 'valibot';
import { isoTime, requiredText, text, type IsoTime } from './http.ts';
import { REQUEST_ID } from './activities.ts';

export const ROOM_LIMITS = { name: 100, location: 200, capacity: 1000, facility: 40, facilities: 12, title: 120, maxWeeks: 52, days: 7 } as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const date = v.pipe(v.string(), v.regex(DATE, 'must be a date, YYYY-MM-DD'), v.check((value) => !Number.isNaN(Date.parse(value)), 'is not a date'));

const capacity = v.pipe(
  v.number(),
  v.integer(`must be a whole number from 1 to ${ROOM_LIMITS.capacity}`),
  v.minValue(1, `must be a whole number from 1 to ${ROOM_LIMITS.capacity}`),
  v.maxValue(ROOM_LIMITS.capacity, `must be a whole number from 1 to ${ROOM_LIMITS.capacity}`),
);
const facilities = v.pipe(v.array(requiredText(ROOM_LIMITS.facility)), v.maxLength(ROOM_LIMITS.facilities, `at most ${ROOM_LIMITS.facilities} facilities`));

/** POST /api/rooms (administrators). */
export const NewRoom = v.object({
  name: requiredText(ROOM_LIMITS.name),
  location: v.optional(text(ROOM_LIMITS.location), ''),
  capacity,
  facilities: v.optional(facilities, []),
});
export type NewRoomBody = v.InferInput<typeof NewRoom>;

/** PATCH /api/rooms/<roomId> (administrators): only the fields given change. */
export const RoomChanges = v.object({
  name: v.optional(requiredText(ROOM_LIMITS.name)),
  location: v.optional(text(ROOM_LIMITS.location)),
  capacity: v.optional(capacity),
  facilities: v.optional(facilities),
});
export type RoomChangesBody = v.InferInput<typeof RoomChanges>;

/** GET /api/rooms?from=YYYY-MM-DD&days=1..7: the rooms and their bookings on these Amsterdam days. */
export const RoomsQuery = v.object({
  from: v.optional(date),
  days: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[1-7]$/, 'must be 1 to 7'),
      v.transform((value) => Number(value)),
    ),
    '1',
  ),
});

/** Every week, a number of times in all (2 to 52) or until a date (Amsterdam, included). */
export const Repeat = v.union([
  v.object({ weeks: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(2, 'must be 2 to 52'), v.maxValue(ROOM_LIMITS.maxWeeks, 'must be 2 to 52')) }),
  v.object({ until: date }),
]);

/** POST /api/rooms/<roomId>/bookings. */
export const NewBooking = v.pipe(
  v.object({
    requestId: v.pipe(v.string(), v.regex(REQUEST_ID, 'must be 8 to 64 letters, digits, _ or -')),
    startsAt: isoTime,
    endsAt: isoTime,
    title: v.optional(text(ROOM_LIMITS.title), ''),
    repeat: v.optional(Repeat),
  }),
  v.check((booking) => booking.endsAt > booking.startsAt, 'endsAt must be after startsAt.'),
);
export type NewBookingBody = v.InferInput<typeof NewBooking>;

/** DELETE /api/rooms/bookings/<bookingId>?series=1 also cancels the later times of its series. */
export const CancelBookingQuery = v.object({ series: v.optional(v.picklist(['0', '1'], 'must be 0 or 1'), '0') });

/** POST /api/rooms/feed and /api/rooms/<roomId>/feed. */
export interface CalendarFeedAnswer {
  /** The secret address for a calendar program; the one before stops working. */
  url: string;
}

export interface RoomView {
  id: string;
  name: string;
  location: string;
  capacity: number;
  facilities: string[];
}

export interface BookingView {
  id: string;
  roomId: string;
  title: string;
  startsAt: IsoTime;
  endsAt: IsoTime;
  /** Who booked it (colleagues see this in the planner). */
  bookedBy: string;
  seriesId: string | null;
  mine: boolean;
  canCancel: boolean;
  /** The device's request id (own bookings only), so a device can match its kept request to the answer. */
  requestId: string | null;
}

export interface RoomsAnswer {
  /** The first Amsterdam day shown and how many. */
  from: string;
  days: number;
  rooms: RoomView[];
  bookings: BookingView[];
  /** The person's own coming bookings, soonest first. */
  mine: BookingView[];
  canManage: boolean;
  /** Bookings start and end on multiples of this many minutes. */
  slotMinutes: number;
}

export interface RoomAnswer {
  room: RoomView;
}

export interface BookingAnswer {
  bookings: BookingView[];
}

export interface Alternative {
  roomId: string;
  roomName: string;
  startsAt: IsoTime;
  endsAt: IsoTime;
}

/** The 409 `room_taken` answer: nothing was booked. */
export interface RoomTakenBody {
  error: { code: 'room_taken'; message: string };
  /** The asked times that are taken. */
  clashes: { startsAt: IsoTime; endsAt: IsoTime }[];
  /** What is free nearest the first of them: other rooms then, and this room at other times. */
  alternatives: Alternative[];
}
