import { json } from '@sveltejs/kit';
import { AddConversationMember, type ConversationAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** POST {personId} → {conversation}: adds someone to a group; every member must be allowed to chat with them. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { personId } = await readBody(request, AddConversationMember);
  return json({ conversation: await kring.conversations.addMember(person, params.conversationId, personId) } satisfies ConversationAnswer);
}, { not_found: 404, forbidden: 403, not_a_group: 409, self: 400 });
