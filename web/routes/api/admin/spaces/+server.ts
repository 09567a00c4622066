import { json } from '@sveltejs/kit';
import { NewSpace, type SpaceAnswer, type SpaceList } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { spaceView } from '../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {spaces: [{id, name, kind, audience, features, memberCount, createdAt}]}: every space of the organisation, by name. Admins only. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, admin } = await requireAdmin(locals);
  return json({ spaces: (await kring.spaces.list(admin)).map(spaceView) } satisfies SpaceList, { headers: NO_STORE });
});

/**
 * POST {name, kind, id?} → 201 {space}. Without an id one is made from the name (letters, digits, dashes).
 * 409 `space_exists` for an id that is taken. Every feature starts switched on. Admins only.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, admin } = await requireAdmin(locals);
    const space = await kring.spaces.create(admin, await readBody(request, NewSpace));
    return json({ space: spaceView(space) } satisfies SpaceAnswer, { status: 201 });
  },
  { space_exists: 409 },
);
