import { json } from '@sveltejs/kit';
import { MAX_PROFILE_BODY_BYTES, OrganisationProfileChanges, type ProfileAnswer } from '@kring/contract';
import { endpoint, readBodyWithin } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * PATCH {jobTitle?, locations?, phone?} → {profile}: the fields the organisation keeps (an HR sync later).
 * Admins only (403); 404 for nobody of this organisation; audited.
 */
export const PATCH: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, admin } = await requireAdmin(locals);
    const changes = await readBodyWithin(request, OrganisationProfileChanges, MAX_PROFILE_BODY_BYTES);
    return json({ profile: await kring.profiles.changeOrganisation(admin, params.userId, changes) } satisfies ProfileAnswer);
  },
  { not_found: 404 },
);
