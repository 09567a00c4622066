import { json } from '@sveltejs/kit';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * GET → {user, spaces: [{id, name, kind, audience, role}]}; 401 without a session, with code `deactivated` when
 * the account was deactivated: the device then hands in its unsaved work (POST /api/sync/handover) and deletes
 * its local copy.
 */
export const GET: RequestHandler = async ({ locals }) => {
  if (locals.retired) return problem(401, 'deactivated', 'This account was deactivated.');
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const { accounts } = await services();
  const { id, name, email, role } = locals.user;
  return json({ user: { id, name, email, role }, spaces: await accounts.spacesOf(locals.user) }, { headers: { 'cache-control': 'no-store' } });
};
