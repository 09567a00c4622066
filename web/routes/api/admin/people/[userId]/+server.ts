import { json } from '@sveltejs/kit';
import { PersonChanges, type PersonAnswer } from '@kring/contract';
import { NO_STORE, endpoint, readBody } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { personView } from '../../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {person}; 404 for nobody of this organisation. Admins only. */
export const GET: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, admin } = await requireAdmin(locals);
    return json({ person: personView(await kring.people.get(admin, params.userId)) } satisfies PersonAnswer, { headers: NO_STORE });
  },
  { not_found: 404 },
);

/**
 * PATCH {name?, role?, active?} → {person}. A new role takes effect at once: sync sockets that lost access
 * close (4403). `active: false` deactivates: no login, every session ends and every sync socket of the person
 * closes (4410); each device may then hand in its unsaved work once and is told to delete its local copy
 * (GET /api/me answers 401 `deactivated`, POST /api/sync/handover). An administrator cannot demote or deactivate
 * themselves, nor the last active administrator (409 `self`, `last_admin`: the rule is in People). Admins only.
 */
export const PATCH: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, admin } = await requireAdmin(locals);
    const changes = await readBody(request, PersonChanges);
    return json({ person: personView(await kring.people.change(admin, params.userId, changes)) } satisfies PersonAnswer);
  },
  { not_found: 404, self: 409, last_admin: 409 },
);
