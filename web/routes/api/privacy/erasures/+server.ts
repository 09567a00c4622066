import { json } from '@sveltejs/kit';
import { ErasureRequest, type ErasureAnswer } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST {personId} → {erasure}: erases a person (AVG art. 17): their posts, comments, likes, votes and chat messages leave every
 * feed, their name and login name are replaced, their sessions end. Cannot be undone. Privacy officer only (403);
 * 404 for nobody of this organisation, 409 `self`. Audited.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, person } = await requirePerson(locals);
    const { personId } = await readBody(request, ErasureRequest);
    const report = await kring.erasures.erase(person, personId);
    return json({ erasure: { personId, ...report } } satisfies ErasureAnswer, { headers: NO_STORE });
  },
  { forbidden: 403, not_found: 404, self: 409 },
);
