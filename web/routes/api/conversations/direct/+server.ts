import { json } from '@sveltejs/kit';
import { StartDirect, type ConversationAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** POST {personId} → {conversation}: the one-to-one with that person, the same one every time. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { personId } = await readBody(request, StartDirect);
  return json({ conversation: await kring.conversations.startDirect(person, personId) } satisfies ConversationAnswer);
}, { not_found: 404, forbidden: 403, not_a_group: 409, self: 400 });
