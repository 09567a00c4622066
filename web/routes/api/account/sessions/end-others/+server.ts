import { json } from '@sveltejs/kit';
import type { SessionsEndedAnswer } from '@kring/contract';
import { endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** POST → {ended}: ends every session of the person but this one; their sockets close at once (4410). */
export const POST: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json({ ended: await kring.ownAccount.endOtherSessions(person, locals.sessionId!) } satisfies SessionsEndedAnswer);
});
