/** Activities in a client space, with sign-up (docs/api.md, "Activities"). */
import * as v from 'valibot';
import { isoTime, requiredText, text, type IsoTime } from './http.ts';

export const ACTIVITY_LIMITS = { title: 200, description: 4000, place: 200, capacity: 10_000 } as const;

const capacity = v.pipe(
  v.number(),
  v.integer(`must be a whole number from 1 to ${ACTIVITY_LIMITS.capacity}`),
  v.minValue(1, `must be a whole number from 1 to ${ACTIVITY_LIMITS.capacity}`),
  v.maxValue(ACTIVITY_LIMITS.capacity, `must be a whole number from 1 to ${ACTIVITY_LIMITS.capacity}`),
);
const endsAfterStart = (activity: { startsAt?: number; endsAt?: number | null }) =>
  activity.startsAt === undefined || activity.endsAt == null || activity.endsAt > activity.startsAt;

/** POST /api/activities: a new activity; times in, milliseconds out. */
export const NewActivity = v.pipe(
  v.object({
    spaceId: v.string(),
    title: requiredText(ACTIVITY_LIMITS.title),
    description: v.optional(text(ACTIVITY_LIMITS.description), ''),
    startsAt: isoTime,
    endsAt: v.optional(v.nullable(isoTime), null),
    place: v.optional(text(ACTIVITY_LIMITS.place), ''),
    capacity,
  }),
  v.check((activity) => endsAfterStart(activity), 'endsAt must be after startsAt.'),
);
export type NewActivityBody = v.InferInput<typeof NewActivity>;
/** An activity as the planning form fills it in, for a new one or an edit. */
export type ActivityPlan = Omit<NewActivityBody, 'spaceId'>;

/** PATCH /api/activities/<id>: only the fields given change; `cancelled: true` calls the activity off. */
export const ActivityChanges = v.pipe(
  v.object({
    title: v.optional(requiredText(ACTIVITY_LIMITS.title)),
    description: v.optional(text(ACTIVITY_LIMITS.description)),
    startsAt: v.optional(isoTime),
    endsAt: v.optional(v.nullable(isoTime)),
    place: v.optional(text(ACTIVITY_LIMITS.place)),
    capacity: v.optional(capacity),
    cancelled: v.optional(v.literal(true, 'can only be true')),
  }),
  v.check((activity) => endsAfterStart(activity), 'endsAt must be after startsAt.'),
);
export type ActivityChangesBody = v.InferInput<typeof ActivityChanges>;

/** A client-made request id: 8 to 64 letters, digits, `_` or `-` (a UUID fits). */
export const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** POST /api/activities/<id>/signup. */
export const SignupRequest = v.object({ requestId: v.pipe(v.string(), v.regex(REQUEST_ID, 'must be 8 to 64 letters, digits, _ or -')) });
export type SignupBody = v.InferInput<typeof SignupRequest>;

/** GET /api/activities?spaceId&from. */
export const ActivityListQuery = v.object({ spaceId: v.optional(v.string(), ''), from: v.optional(isoTime) });

export interface MySignup {
  status: 'confirmed' | 'waiting';
  /** Place on the waiting list, from 1; null with a place. */
  position: number | null;
  requestId: string | null;
}

export interface Activity {
  id: string;
  spaceId: string;
  title: string;
  description: string;
  startsAt: IsoTime;
  endsAt: IsoTime | null;
  place: string;
  capacity: number;
  confirmed: number;
  waiting: number;
  placesLeft: number;
  cancelledAt: IsoTime | null;
  me: MySignup | null;
  canSignUp: boolean;
  canManage: boolean;
}

export interface Participant {
  userId: string;
  name: string;
  status: 'confirmed' | 'waiting';
  position: number | null;
}

export interface ActivityList {
  activities: Activity[];
}
export interface ActivityDetail {
  activity: Activity;
  participants?: Participant[];
}
export interface ActivityAnswer {
  activity: Activity;
}
export interface SignupAnswer {
  /** `cancelled` after a cancellation; null when there was nothing to cancel. */
  signup: { status: 'confirmed' | 'waiting' | 'cancelled'; position: number | null; requestId: string | null } | null;
  activity: Activity;
}
export interface Reminders {
  hours: number;
  reminders: Activity[];
}
