import { json } from '@sveltejs/kit';
import { RestoreVersion, type RestoredVersion } from '@kring/contract';
import { endpoint, readBody, versionId } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST {name} → `{id, before, removed, inserted}`. Restores the version as a new change by this person, touching only
 * the blocks that differ; the state before is kept as a version (`before`). For those who write the page.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, request, params }) => {
    const { kring, person } = await requirePerson(locals);
    const { name } = await readBody(request, RestoreVersion);
    const restored = await kring.pageVersions.restore(person, name, versionId(params.id));
    return json(restored satisfies RestoredVersion);
  },
  { bad_request: 400, forbidden: 403, not_found: 404 },
);
