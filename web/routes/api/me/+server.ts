import { json } from '@sveltejs/kit';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** GET → {user, spaces: [{id, name, kind, audience, role}]}; 401 without a session. */
export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const { accounts } = await services();
  const { id, name, email, role } = locals.user;
  return json({ user: { id, name, email, role }, spaces: await accounts.spacesOf(locals.user) }, { headers: { 'cache-control': 'no-store' } });
};
