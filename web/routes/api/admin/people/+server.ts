import { json } from '@sveltejs/kit';
import { personView, requireAdmin } from '../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {people: [{id, name, email, role, active, createdAt, memberships: [{spaceId, role}]}]}, by name. Admins only. */
export const GET: RequestHandler = async ({ locals }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const people = await allowed.kring.accounts.listPeople(allowed.admin.organisationId);
  return json({ people: people.map(personView) }, { headers: { 'cache-control': 'no-store' } });
};
