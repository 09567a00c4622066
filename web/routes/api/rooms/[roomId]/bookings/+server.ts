import { json } from '@sveltejs/kit';
import { NewBooking, type BookingAnswer } from '@kring/contract';
import { RoomTaken } from '@kring/server';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { bookingView, requireRoomUser, roomTakenBody } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * POST {requestId, startsAt, endsAt, title?, repeat?: {weeks} | {until}} → 201 {bookings} (200 with the same
 * bookings when this request id already booked them: a retry never books twice). Decided in one transaction:
 * 409 `room_taken` with `clashes` and `alternatives` when any asked time is taken (nothing is booked then);
 * 409 `started` for a time that has passed; 400 for times off the quarter hour, longer than 12 hours, more
 * than a year ahead, or a series of more than 52 times.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    requireRoomUser(person);
    const body = await readBody(request, NewBooking);
    try {
      const { bookings, created } = await kring.rooms.book(person.organisationId, person.id, params.roomId, body);
      if (created) await kring.accounts.audit({ userId: person.id, action: 'room.book', subject: params.roomId, detail: { bookings: bookings.length } });
      return json({ bookings: bookings.map((b) => bookingView(b, person)) } satisfies BookingAnswer, { status: created ? 201 : 200 });
    } catch (error) {
      if (error instanceof RoomTaken) return json(roomTakenBody(error), { status: 409 });
      throw error;
    }
  },
  { not_found: 404, bad_request: 400, started: 409, request_id_reused: 409 },
);
