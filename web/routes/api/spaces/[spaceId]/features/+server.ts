import { json } from '@sveltejs/kit';
import { FeatureSwitches, type SpaceFeatures } from '@kring/contract';
import type { SpaceFeatures as Found } from '@kring/server';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

const view = ({ space, features, canManage }: Found): SpaceFeatures => ({ spaceId: space.id, features, canManage });

/**
 * GET → {spaceId, features: {feed, wiki, boards, chat, polls, activities: boolean}, canManage}. For people who
 * see the space, and administrators. 404 otherwise (the same as for a space that does not exist).
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, person } = await requirePerson(locals);
    return json(view(await kring.spaces.features(person, params.spaceId)), { headers: NO_STORE });
  },
  { not_found: 404 },
);

/**
 * PUT {features: {chat: false, …}} → as GET. Switches features on or off; those not named keep their setting.
 * Documents of a switched-off kind are refused by the server from then on (open sync sockets close with 4403);
 * their content stays stored and comes back when the feature is switched on again. For the space's owners and
 * administrators; 403 for others who see the space.
 */
export const PUT: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const { features } = await readBody(request, FeatureSwitches);
    return json(view(await kring.spaces.switchFeatures(person, params.spaceId, features)));
  },
  { not_found: 404, forbidden: 403 },
);
