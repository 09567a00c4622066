import { json } from '@sveltejs/kit';
import { SPACE_KINDS, type SpaceKind } from '@kring/access';
import { isValidId } from '@kring/shapes';
import { problem, readJson } from '$lib/server/http';
import { requireAdmin, spaceView } from '../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {spaces: [{id, name, kind, audience, features, memberCount, createdAt}]}: every space of the organisation, by name. Admins only. */
export const GET: RequestHandler = async ({ locals }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const spaces = await allowed.kring.accounts.listSpaces(allowed.admin.organisationId);
  return json({ spaces: spaces.map(spaceView) }, { headers: { 'cache-control': 'no-store' } });
};

/** A readable id from a name: "Buurtteam Oost" → "buurtteam-oost". */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

/**
 * POST {name, kind, id?} → 201 {space}. Without an id one is made from the name (letters, digits, dashes).
 * 409 `space_exists` for an id that is taken. Every feature starts switched on. Admins only.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const { kring, admin } = allowed;
  const body = (await readJson(request)) as { id?: unknown; name?: unknown; kind?: unknown } | null;
  if (!body || typeof body.name !== 'string' || body.name.trim().length === 0 || body.name.length > 100) {
    return problem(400, 'bad_request', 'Send {"name": text of 1 to 100 characters, "kind": team|client|news|organisation, "id"?}.');
  }
  if (!SPACE_KINDS.includes(body.kind as SpaceKind)) return problem(400, 'bad_request', `kind must be one of ${SPACE_KINDS.join(', ')}.`);
  if (body.id !== undefined && !isValidId(body.id)) return problem(400, 'bad_request', 'id must be 1 to 64 letters, digits, _ or -.');
  let id = typeof body.id === 'string' ? body.id : slug(body.name) || 'ruimte';
  if (body.id === undefined) {
    for (let n = 2; await kring.accounts.space(id); n++) id = `${slug(body.name) || 'ruimte'}-${n}`;
  } else if (await kring.accounts.space(id)) {
    return problem(409, 'space_exists', 'A space with this id exists.');
  }
  await kring.accounts.createSpace({ id, organisationId: admin.organisationId, name: body.name.trim(), kind: body.kind as SpaceKind });
  await kring.accounts.audit({ userId: admin.id, action: 'admin.space.create', subject: id, detail: { name: body.name.trim(), kind: body.kind } });
  return json({ space: spaceView((await kring.accounts.space(id))!) }, { status: 201 });
};
