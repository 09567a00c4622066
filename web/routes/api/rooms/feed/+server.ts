import { json } from '@sveltejs/kit';
import type { CalendarFeedAnswer } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { feedUrl, requireRoomUser } from '../views.ts';
import type { RequestHandler } from './$types';

/** POST → {url}: a new secret address of the person's own bookings for a calendar program; the old one stops working. */
export const POST: RequestHandler = endpoint(async ({ locals, url }) => {
  const { kring, person } = await requirePerson(locals);
  requireRoomUser(person);
  const token = await kring.rooms.renewFeed(`person:${person.id}`);
  return json({ url: feedUrl(url.origin, token) } satisfies CalendarFeedAnswer, { headers: NO_STORE });
});
