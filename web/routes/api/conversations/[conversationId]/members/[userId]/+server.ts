import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** DELETE → {removed: true}: takes someone out of a group (oneself: leaving). They lose it at once, history included. */
export const DELETE: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, person } = await requirePerson(locals);
  await kring.conversations.removeMember(person, params.conversationId, params.userId);
  return json({ removed: true });
}, { not_found: 404, forbidden: 403, not_a_group: 409, self: 400 });
