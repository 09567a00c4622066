import { json } from '@sveltejs/kit';
import { CancelBookingQuery, type BookingAnswer } from '@kring/contract';
import { endpoint, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { bookingView, requireRoomUser } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * DELETE[?series=1] → {bookings}: the cancelled bookings (with `series=1` also the later times of its series).
 * The person's own bookings; administrators any. 404 for a booking that is gone or of another organisation.
 */
export const DELETE: RequestHandler = endpoint(
  async ({ locals, params, url }) => {
    const { kring, person } = await requirePerson(locals);
    requireRoomUser(person);
    const { series } = readQuery(url, CancelBookingQuery);
    const cancelled = await kring.rooms.cancel(person.organisationId, person, params.bookingId, series === '1');
    await kring.accounts.audit({ userId: person.id, action: 'room.cancel', subject: params.bookingId, detail: { bookings: cancelled.length } });
    return json({ bookings: cancelled.map((b) => bookingView(b, person)) } satisfies BookingAnswer);
  },
  { not_found: 404, forbidden: 403 },
);
