import { json } from '@sveltejs/kit';
import { ApprovePage, type PageControl } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST {name} → as GET /api/documents/control. The page as it is now becomes the approved version readers see. Only
 * the protocol's owner or its approver (mayApprove); 403 for everyone else.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, person } = await requirePerson(locals);
    const { name } = await readBody(request, ApprovePage);
    return json((await kring.pageVersions.approve(person, name)) satisfies PageControl);
  },
  { bad_request: 400, forbidden: 403, not_found: 404 },
);
