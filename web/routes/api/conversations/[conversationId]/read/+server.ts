import { json } from '@sveltejs/kit';
import { ReadMarker } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * PUT {until} → {ok: true}: moves the person's read marker forward (never back), for all their devices; the
 * conversation's message notification is read with it.
 */
export const PUT: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { until } = await readBody(request, ReadMarker);
  await kring.conversations.markRead(person, params.conversationId, new Date(until));
  await kring.notifications.conversationRead(person.id, params.conversationId);
  return json({ ok: true });
}, { not_found: 404, forbidden: 403, not_a_group: 409, self: 400 });
