import { json } from '@sveltejs/kit';
import { SpaceRename, type SpaceAnswer, type SpaceDetail } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { spaceView } from '../../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {space, members: [{userId, name, email, role, active, membership}]}. Admins only. */
export const GET: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, admin } = await requireAdmin(locals);
    const { space, members } = await kring.spaces.members(admin, params.spaceId);
    return json({ space: spaceView(space), members } satisfies SpaceDetail, { headers: NO_STORE });
  },
  { not_found: 404 },
);

/** PATCH {name} → {space}: renames the space (its id, and so its documents' names, stay). Admins only. */
export const PATCH: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, admin } = await requireAdmin(locals);
    const { name } = await readBody(request, SpaceRename);
    return json({ space: spaceView(await kring.spaces.rename(admin, params.spaceId, name)) } satisfies SpaceAnswer);
  },
  { not_found: 404 },
);
