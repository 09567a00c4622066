import { json } from '@sveltejs/kit';
import { ORG_ROLES, type OrgRole } from '@kring/access';
import { problem, readJson } from '$lib/server/http';
import { personView, requireAdmin } from '../../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {person}; 404 for nobody of this organisation. Admins only. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const person = await allowed.kring.accounts.person(params.userId);
  if (!person || person.organisationId !== allowed.admin.organisationId) return problem(404, 'not_found', 'No such person.');
  return json({ person: personView(person) }, { headers: { 'cache-control': 'no-store' } });
};

/**
 * PATCH {name?, role?, active?} → {person}. A new role takes effect at once: sync sockets that lost access
 * close (4403). `active: false` deactivates: no login, every session ends and every sync socket of the person
 * closes (4410); each device may then hand in its unsaved work once and is told to delete its local copy
 * (GET /api/me answers 401 `deactivated`, POST /api/sync/handover). An administrator cannot demote or deactivate themselves, nor the last active administrator
 * (409 `self`, `last_admin`). Every change is in the audit log. Admins only.
 */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const { kring, admin } = allowed;
  const body = (await readJson(request)) as { name?: unknown; role?: unknown; active?: unknown } | null;
  if (!body || typeof body !== 'object') return problem(400, 'bad_request', 'Send {"name"?, "role"?, "active"?} as JSON.');
  const { name, role, active } = body;
  if (name !== undefined && (typeof name !== 'string' || name.trim().length === 0 || name.length > 100)) return problem(400, 'bad_request', 'name must be a text of 1 to 100 characters.');
  if (role !== undefined && !ORG_ROLES.includes(role as OrgRole)) return problem(400, 'bad_request', `role must be one of ${ORG_ROLES.join(', ')}.`);
  if (active !== undefined && typeof active !== 'boolean') return problem(400, 'bad_request', 'active must be true or false.');

  const person = await kring.accounts.person(params.userId);
  if (!person || person.organisationId !== admin.organisationId) return problem(404, 'not_found', 'No such person.');
  const demoting = role !== undefined && role !== 'admin' && person.role === 'admin';
  const deactivating = active === false && person.active;
  if ((demoting || deactivating) && person.id === admin.id) return problem(409, 'self', 'You cannot take away your own administrator rights.');
  if ((demoting || deactivating) && person.role === 'admin' && person.active && (await kring.accounts.activeAdminCount(admin.organisationId)) <= 1) {
    return problem(409, 'last_admin', 'The organisation needs at least one active administrator.');
  }

  if (typeof name === 'string' && name.trim() !== person.name) {
    await kring.accounts.setName(person.id, name);
    await kring.accounts.audit({ userId: admin.id, action: 'admin.person.name', subject: person.id, detail: { from: person.name, to: name.trim() } });
  }
  if (role !== undefined && role !== person.role) {
    await kring.accounts.setRole(person.id, role as OrgRole);
    await kring.accounts.audit({ userId: admin.id, action: 'admin.person.role', subject: person.id, detail: { from: person.role, to: role } });
    // Open sync sockets follow the new role now, not at the next minute's check.
    await kring.events.emit('access.changed', {});
  }
  if (active !== undefined && active !== person.active) {
    await kring.accounts.setActive(person.id, active);
    // Each device of the person is recognised once more, to hand in unsaved work and delete its copy.
    if (!active) await kring.sessions.retireAll(person.id);
    await kring.accounts.audit({ userId: admin.id, action: active ? 'admin.person.reactivate' : 'admin.person.deactivate', subject: person.id });
  }
  return json({ person: personView((await kring.accounts.person(person.id))!) });
};
