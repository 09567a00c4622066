import { json } from '@sveltejs/kit';
import type { ConversationList } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {conversations}: the person's one-to-ones and groups, newest first, with unread counts (docs/api.md). */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json({ conversations: await kring.conversations.list(person) } satisfies ConversationList, { headers: NO_STORE });
});
