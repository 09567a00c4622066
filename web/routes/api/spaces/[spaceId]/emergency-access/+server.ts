import { json } from '@sveltejs/kit';
import { EmergencyAccessRequest, type EmergencyAccessAnswer, type EmergencyAccessList } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → {entries: [{id, spaceId, by, reason, startedAt, endsAt, active}], canDeclare}: the emergency access
 * declared on the space in the last 90 days, for its owners and administrators; 403 for others who see the space,
 * 404 for those who do not.
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, person } = await requirePerson(locals);
    return json((await kring.emergencyAccess.list(person, params.spaceId)) satisfies EmergencyAccessList, { headers: NO_STORE });
  },
  { not_found: 404, forbidden: 403 },
);

/**
 * POST {reason} → 201 {emergencyAccess}. An administrator who is no member of the team or client space reads it
 * until `endsAt` (EMERGENCY_ACCESS_MINUTES, default 240); logged in the access log as `emergency`. 403 for anyone
 * else (404 when they do not see the space); 400 for a reason shorter than 10 characters.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const { reason } = await readBody(request, EmergencyAccessRequest);
    const emergencyAccess = await kring.emergencyAccess.declare(person, params.spaceId, reason, locals.sessionId ?? null);
    return json({ emergencyAccess } satisfies EmergencyAccessAnswer, { status: 201 });
  },
  { not_found: 404, forbidden: 403 },
);
