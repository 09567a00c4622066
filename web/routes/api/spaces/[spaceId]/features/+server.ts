import { json } from '@sveltejs/kit';
import { SPACE_FEATURES, canManageFeatures, canSeeSpace, type SpaceFeature } from '@kring/access';
import type { User } from '@kring/server';
import type { KringServices } from '@kring/server';
import { problem, readJson } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

type Features = Record<SpaceFeature, boolean>;

const asRecord = (enabled: readonly SpaceFeature[]): Features =>
  Object.fromEntries(SPACE_FEATURES.map((feature) => [feature, enabled.includes(feature)])) as Features;

/** The space if the person may see it (or is an administrator of its organisation), with their membership. */
async function spaceFor(kring: KringServices, user: User, spaceId: string) {
  const space = await kring.accounts.space(spaceId);
  if (!space || space.organisationId !== user.organisationId) return null;
  const admin = user.role === 'admin';
  if (!admin && !canSeeSpace(await kring.accounts.accessUser(user), spaceId)) return null;
  return { space, membership: await kring.accounts.membership(spaceId, user.id) };
}

/**
 * GET → {spaceId, features: {feed, wiki, boards, chat, polls, activities: boolean}, canManage}. For people who
 * see the space, and administrators. 404 otherwise (the same as for a space that does not exist).
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const kring = await services();
  const found = await spaceFor(kring, locals.user, params.spaceId);
  if (!found) return problem(404, 'not_found', 'No such space.');
  return json(
    { spaceId: found.space.id, features: asRecord(found.space.features), canManage: canManageFeatures(locals.user.role, found.membership) },
    { headers: { 'cache-control': 'no-store' } },
  );
};

/**
 * PUT {features: {chat: false, …}} → as GET. Switches features on or off; those not named keep their setting.
 * Documents of a switched-off kind are refused by the server from then on (open sync sockets close with 4403);
 * their content stays stored and comes back when the feature is switched on again. For the space's owners and
 * administrators; 403 for others who see the space.
 */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const body = (await readJson(request)) as { features?: unknown } | null;
  const changes = body?.features;
  if (
    typeof changes !== 'object' ||
    changes === null ||
    Object.entries(changes).some(([key, value]) => !SPACE_FEATURES.includes(key as SpaceFeature) || typeof value !== 'boolean')
  ) {
    return problem(400, 'bad_request', `Send {"features": {${SPACE_FEATURES.join('|')}: boolean, …}}.`);
  }
  const kring = await services();
  const found = await spaceFor(kring, locals.user, params.spaceId);
  if (!found) return problem(404, 'not_found', 'No such space.');
  if (!canManageFeatures(locals.user.role, found.membership)) return problem(403, 'forbidden', 'Only the owners of the space and administrators switch its features.');
  const before = asRecord(found.space.features);
  const switched = Object.fromEntries(Object.entries(changes as Partial<Features>).filter(([feature, on]) => before[feature as SpaceFeature] !== on));
  if (Object.keys(switched).length > 0) {
    await kring.accounts.setFeatures(found.space.id, switched);
    await kring.accounts.audit({ userId: locals.user.id, action: 'space.features', subject: found.space.id, detail: switched });
    // Sockets on documents of a kind just switched off close now, not at the next minute's check.
    if (Object.values(switched).includes(false)) await kring.events.emit('access.changed', {});
  }
  const space = (await kring.accounts.space(found.space.id))!;
  return json({ spaceId: space.id, features: asRecord(space.features), canManage: true });
};
