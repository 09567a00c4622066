import { json } from '@sveltejs/kit';
import type { PeopleList } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import { personView } from '../admin.ts';
import type { RequestHandler } from './$types';

/** GET → {people: [{id, name, email, role, active, createdAt, memberships: [{spaceId, role}]}]}, by name. Admins only. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, admin } = await requireAdmin(locals);
  return json({ people: (await kring.people.list(admin)).map(personView) } satisfies PeopleList, { headers: NO_STORE });
});
