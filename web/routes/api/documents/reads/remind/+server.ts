import { json } from '@sveltejs/kit';
import { RemindReaders, type Reminded } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST {name} → {reminded}: everyone who must read the approved version and has not confirmed it gets a
 * notification, once a day at most. The protocol's owner, approver, the space's owners and administrators; 403 else.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, person } = await requirePerson(locals);
    const { name } = await readBody(request, RemindReaders);
    return json({ reminded: await kring.readConfirmations.remind(person, name) } satisfies Reminded);
  },
  { bad_request: 400, forbidden: 403, not_found: 404 },
);
