import { json } from '@sveltejs/kit';
import { canSeeSpace, spaceAccess, type MembershipRole, type SpaceKind } from '@kring/access';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Spaces everyone in the organisation but guests can read without a membership (see the access policy). */
const ORGANISATION_WIDE: ReadonlySet<SpaceKind> = new Set(['news', 'organisation']);

/**
 * GET → {members: [{id, name}]}: the active people who can read the space's feed, so the UI can resolve
 * `@name` mentions and offer colleagues to assign or hand a card to. 401 without a session; 404 for a space the person cannot see (the same answer as for a
 * space that does not exist, so the list of spaces does not leak).
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const { accounts, db } = await services();
  if (!canSeeSpace(await accounts.accessUser(locals.user), params.spaceId)) return problem(404, 'not_found', 'No such space.');
  const space = await db.selectFrom('spaces').select(['kind', 'organisation_id']).where('id', '=', params.spaceId).executeTakeFirst();
  if (!space) return problem(404, 'not_found', 'No such space.');

  // Everyone of the organisation for an organisation-wide space, otherwise its members; the policy decides.
  const rows = await db
    .selectFrom('users')
    .leftJoin('memberships', (join) => join.onRef('memberships.user_id', '=', 'users.id').on('memberships.space_id', '=', params.spaceId))
    .select(['users.id', 'users.name', 'users.role', 'memberships.role as membership'])
    .where('users.organisation_id', '=', space.organisation_id)
    .where('users.active', '=', 1)
    .$if(!ORGANISATION_WIDE.has(space.kind), (query) => query.where('memberships.role', 'is not', null))
    .orderBy('users.name')
    .execute();
  const members = rows
    .filter((row) => spaceAccess(row.role, { kind: space.kind, role: row.membership as MembershipRole | null }, 'feed') !== 'none')
    .map((row) => ({ id: row.id, name: row.name }));
  return json({ members }, { headers: { 'cache-control': 'no-store' } });
};
