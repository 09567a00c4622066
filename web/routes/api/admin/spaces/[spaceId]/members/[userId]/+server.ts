import { json } from '@sveltejs/kit';
import { MembershipRequest, type MembershipAnswer, type RemovedAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * PUT {role: owner|member|reader} → {membership: {spaceId, userId, role}}: adds the person to the space or
 * changes their role there. A client is never put in a team space (409 `client_in_team_space`): team spaces
 * hold care details about clients. Sync sockets that lost access close at once. Admins only.
 */
export const PUT: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, admin } = await requireAdmin(locals);
    const { role } = await readBody(request, MembershipRequest);
    await kring.spaces.setMembership(admin, params.spaceId, params.userId, role);
    return json({ membership: { spaceId: params.spaceId, userId: params.userId, role } } satisfies MembershipAnswer);
  },
  { not_found: 404, client_in_team_space: 409 },
);

/** DELETE → {removed: boolean}: takes the person out of the space; their open sync sockets there close (4403). Admins only. */
export const DELETE: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, admin } = await requireAdmin(locals);
    return json({ removed: await kring.spaces.removeMembership(admin, params.spaceId, params.userId) } satisfies RemovedAnswer);
  },
  { not_found: 404 },
);
