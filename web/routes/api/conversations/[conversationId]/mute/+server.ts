import { json } from '@sveltejs/kit';
import { MuteSwitch } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** PUT {muted} → {muted}: mutes or unmutes the conversation for the person. */
export const PUT: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { muted } = await readBody(request, MuteSwitch);
  await kring.conversations.setMuted(person, params.conversationId, muted);
  return json({ muted });
}, { not_found: 404, forbidden: 403, not_a_group: 409, self: 400 });
