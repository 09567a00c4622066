import { json } from '@sveltejs/kit';
import { ChangePageControl, VersionsQuery, type PageControl } from '@kring/contract';
import { NO_STORE, endpoint, readBody, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

const STATUSES = { bad_request: 400, forbidden: 403, not_found: 404 } as const;

/** GET ?name → the protocol's status, owner, approver, review date, approved version and what this person may do. */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
  const { kring, person } = await requirePerson(locals);
  const { name } = readQuery(url, VersionsQuery);
  return json((await kring.pageVersions.control(person, name)) satisfies PageControl, { headers: NO_STORE });
}, STATUSES);

/**
 * PUT {name, ownerId?, approverId?, reviewOn?, status?} → as GET. Owner, approver and review date: the space's
 * owners, administrators and the protocol's owner. Status draft or in_review: any writer. Approving is POST …/approve.
 */
export const PUT: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { name, ...change } = await readBody(request, ChangePageControl);
  return json((await kring.pageVersions.changeControl(person, name, change)) satisfies PageControl);
}, STATUSES);
