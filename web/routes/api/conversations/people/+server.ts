import { json } from '@sveltejs/kit';
import type { ChatPartnerList } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {people}: whom the person may start a conversation with (`mayChat` in @kring/access). */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json({ people: await kring.conversations.partners(person) } satisfies ChatPartnerList, { headers: NO_STORE });
});
