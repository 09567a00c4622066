import { VersionsQuery } from '@kring/contract';
import { endpoint, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET ?name → the approved version of a protocol as a Yjs update (application/octet-stream), for everyone who may
 * read the page: those who only read it get this and never the draft. 404 while nothing was approved.
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, url }) => {
    const { kring, person } = await requirePerson(locals);
    const { name } = readQuery(url, VersionsQuery);
    const state = await kring.pageVersions.approved(person, name);
    kring.accessLog.noteDocument(await kring.accounts.accessUser(person), locals.sessionId, name, 'read', 'api');
    return new Response(new Uint8Array(state), { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' } });
  },
  { bad_request: 400, forbidden: 403, not_found: 404 },
);
