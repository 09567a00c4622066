import { json } from '@sveltejs/kit';
import type { ProtocolsToRead } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET → the protocols this person must still confirm, newest approval first. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json({ protocols: await kring.readConfirmations.toRead(person) } satisfies ProtocolsToRead, { headers: NO_STORE });
}, {});
