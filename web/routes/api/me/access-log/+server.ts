import { json } from '@sveltejs/kit';
import type { MyAccessLogAnswer } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → `{entries}`: who else read or changed information about me, newest first (at most 1000). Staff and the
 * system by name and function, other clients as a member of a space. Empty for anyone who is not a client.
 */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return json({ entries: await kring.accessOverview.forClient(person) } satisfies MyAccessLogAnswer, { headers: NO_STORE });
});
