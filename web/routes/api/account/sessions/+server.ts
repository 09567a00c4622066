import { json } from '@sveltejs/kit';
import { iso, type AccountSessionList } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → {sessions}: where the person is signed in (browser, system, kind of device, last seen), this device first. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  const sessions = await kring.ownAccount.sessions(person, locals.sessionId!);
  return json(
    { sessions: sessions.map((session) => ({ ...session, signedInAt: iso(session.signedInAt), lastSeenAt: iso(session.lastSeenAt) })) } satisfies AccountSessionList,
    { headers: NO_STORE },
  );
});
