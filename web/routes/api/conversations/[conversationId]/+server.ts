import { json } from '@sveltejs/kit';
import type { ConversationAnswer } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {conversation}; 404 for one the person is not in (the same as for one that does not exist). */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, person } = await requirePerson(locals);
  return json({ conversation: await kring.conversations.get(person, params.conversationId) } satisfies ConversationAnswer, { headers: NO_STORE });
}, { not_found: 404, forbidden: 403, not_a_group: 409, self: 400 });
