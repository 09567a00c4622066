import { json } from '@sveltejs/kit';
import { NewGroup, type ConversationAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** POST {name, memberIds} → 201 {conversation}: a named group of the person and those they may all chat with. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { name, memberIds } = await readBody(request, NewGroup);
  const conversation = await kring.conversations.createGroup(person, name, memberIds);
  return json({ conversation } satisfies ConversationAnswer, { status: 201 });
}, { not_found: 404, forbidden: 403, not_a_group: 409, self: 400 });
