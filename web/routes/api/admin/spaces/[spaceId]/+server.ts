import { json } from '@sveltejs/kit';
import { problem, readJson } from '$lib/server/http';
import { requireAdmin, spaceView } from '../../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {space, members: [{userId, name, email, role, active, membership}]}. Admins only. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const space = await allowed.kring.accounts.space(params.spaceId);
  if (!space || space.organisationId !== allowed.admin.organisationId) return problem(404, 'not_found', 'No such space.');
  return json({ space: spaceView(space), members: await allowed.kring.accounts.membersOf(space.id) }, { headers: { 'cache-control': 'no-store' } });
};

/** PATCH {name} → {space}: renames the space (its id, and so its documents' names, stay). Admins only. */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const { kring, admin } = allowed;
  const body = (await readJson(request)) as { name?: unknown } | null;
  if (!body || typeof body.name !== 'string' || body.name.trim().length === 0 || body.name.length > 100) {
    return problem(400, 'bad_request', 'Send {"name": text of 1 to 100 characters}.');
  }
  const space = await kring.accounts.space(params.spaceId);
  if (!space || space.organisationId !== admin.organisationId) return problem(404, 'not_found', 'No such space.');
  await kring.accounts.renameSpace(space.id, body.name.trim());
  await kring.accounts.audit({ userId: admin.id, action: 'admin.space.rename', subject: space.id, detail: { from: space.name, to: body.name.trim() } });
  return json({ space: spaceView((await kring.accounts.space(space.id))!) });
};
