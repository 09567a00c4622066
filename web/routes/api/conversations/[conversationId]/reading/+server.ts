import { json } from '@sveltejs/kit';
import { ReadingSwitch } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** PUT {shares} → {shares}: whether the person lets the others who do the same see how far they have read. */
export const PUT: RequestHandler = endpoint(async ({ locals, params, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { shares } = await readBody(request, ReadingSwitch);
  await kring.conversations.setSharesReading(person, params.conversationId, shares);
  return json({ shares });
}, { not_found: 404, forbidden: 403, not_a_group: 409, self: 400 });
