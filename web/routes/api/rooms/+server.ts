import { json } from '@sveltejs/kit';
import { NewRoom, RoomsQuery, addDays, amsterdamDate, amsterdamTime, type RoomAnswer, type RoomsAnswer } from '@kring/contract';
import { SLOT_MINUTES } from '@kring/server';
import { NO_STORE, endpoint, readBody, readQuery } from '$lib/server/http';
import { requireAdmin, requirePerson } from '$lib/server/principal';
import { bookingView, requireRoomUser, roomView } from './views.ts';
import type { RequestHandler } from './$types';

/**
 * GET ?from=YYYY-MM-DD&days=1..7 → the organisation's rooms, their bookings on those days (Amsterdam time;
 * default today, one day) and the person's own coming bookings. For employees, editors and administrators.
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
  const { kring, person } = await requirePerson(locals);
  requireRoomUser(person);
  const { from = amsterdamDate(Date.now()), days } = readQuery(url, RoomsQuery);
  const start = amsterdamTime(from);
  const end = amsterdamTime(addDays(from, days));
  const [rooms, bookings, mine] = await Promise.all([
    kring.rooms.list(person.organisationId),
    kring.rooms.bookingsBetween(person.organisationId, start, end),
    kring.rooms.bookingsOf(person.id, Date.now()),
  ]);
  return json(
    {
      from,
      days,
      rooms: rooms.map(roomView),
      bookings: bookings.map((b) => bookingView(b, person)),
      mine: mine.map((b) => bookingView(b, person)),
      canManage: person.role === 'admin',
      slotMinutes: SLOT_MINUTES,
    } satisfies RoomsAnswer,
    { headers: NO_STORE },
  );
});

/** POST {name, location?, capacity, facilities?} → 201 {room}. Administrators only. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, admin } = await requireAdmin(locals);
  const input = await readBody(request, NewRoom);
  const room = await kring.rooms.create(admin.organisationId, input);
  await kring.accounts.audit({ userId: admin.id, action: 'room.create', subject: room.id });
  return json({ room: roomView(room) } satisfies RoomAnswer, { status: 201 });
});
