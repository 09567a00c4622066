import { json } from '@sveltejs/kit';
import type { CalendarFeedAnswer } from '@kring/contract';
import { NO_STORE, Refusal, endpoint } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { feedUrl } from '../../views.ts';
import type { RequestHandler } from './$types';

/** POST → {url}: a new secret calendar address for the room; the old one stops working. Administrators only. */
export const POST: RequestHandler = endpoint(async ({ locals, params, url }) => {
  const { kring, admin } = await requireAdmin(locals);
  if (!(await kring.rooms.get(admin.organisationId, params.roomId))) throw new Refusal(404, 'not_found', 'No such room.');
  const token = await kring.rooms.renewFeed(`room:${params.roomId}`);
  await kring.accounts.audit({ userId: admin.id, action: 'room.feed', subject: params.roomId });
  return json({ url: feedUrl(url.origin, token) } satisfies CalendarFeedAnswer, { headers: NO_STORE });
});
