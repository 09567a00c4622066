import { Refusal, endpoint } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * GET → text/calendar: the bookings of the person or room whose secret address this is, for calendar programs
 * (they send no cookie; the token in the path is the key). 404 for an unknown or renewed token.
 */
export const GET: RequestHandler = endpoint(async ({ params }) => {
  const kring = await services();
  const text = await kring.rooms.calendar(params.token);
  if (text === null) throw new Refusal(404, 'not_found', 'No such calendar.');
  return new Response(text, {
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300', 'content-disposition': 'inline; filename="kring.ics"' },
  });
});
