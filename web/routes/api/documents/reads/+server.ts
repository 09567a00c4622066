import { json } from '@sveltejs/kit';
import { ConfirmRead, VersionsQuery, type ReadStatus } from '@kring/contract';
import { NO_STORE, endpoint, readBody, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

const STATUSES = { bad_request: 400, forbidden: 403, not_found: 404 } as const;

/** GET ?name → where this person stands with the protocol; its keepers also see everyone who must read it. */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
  const { kring, person } = await requirePerson(locals);
  const { name } = readQuery(url, VersionsQuery);
  return json((await kring.readConfirmations.status(person, name)) satisfies ReadStatus, { headers: NO_STORE });
}, STATUSES);

/** POST {name, versionId} → as GET. The session's person read that approved version; sent again, it changes nothing. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { name, versionId } = await readBody(request, ConfirmRead);
  return json((await kring.readConfirmations.confirm(person, name, versionId)) satisfies ReadStatus);
}, STATUSES);
