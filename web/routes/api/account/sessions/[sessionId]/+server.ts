import { json } from '@sveltejs/kit';
import { SessionIdParam, type OkAnswer } from '@kring/contract';
import { endpoint, valid } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * DELETE → {ok}: ends one of the person's other sessions (a lost phone): its cookie stops working and its sync
 * sockets close at once (4410). 404 for an id that is not one of the person's sessions, 409 `self` for this one.
 */
export const DELETE: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, person } = await requirePerson(locals);
    await kring.ownAccount.endSession(person, locals.sessionId!, valid(SessionIdParam, params.sessionId));
    return json({ ok: true } satisfies OkAnswer);
  },
  { not_found: 404, self: 409 },
);
