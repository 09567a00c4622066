import { json } from '@sveltejs/kit';
import { Activities, ActivityError, parseActivityInput } from '@kring/server';
import { problem, readJson } from '$lib/server/http';
import { services } from '$lib/server/services';
import { activityFor, activityView } from '../views.ts';
import type { RequestHandler } from './$types';

/**
 * GET → {activity, participants?}: the activity with the person's own sign-up; staff also get who has a place
 * and who waits (`participants: [{userId, name, status, position}]`). Clients never see who else signed up.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const kring = await services();
  const found = await activityFor(kring, await kring.accounts.accessUser(locals.user), params.activityId);
  if (!found) return problem(404, 'not_found', 'No such activity.');
  const activities = new Activities(kring.db);
  const me = await activities.signupOf(found.activity.id, locals.user.id);
  const participants = found.rights.manage ? await activities.participants(found.activity.id) : undefined;
  return json({ activity: activityView(found.activity, me, found.rights), ...(participants ? { participants } : {}) }, { headers: { 'cache-control': 'no-store' } });
};

/**
 * PATCH {title?, description?, startsAt?, endsAt?, place?, capacity?, cancelled?: true} → {activity}. A larger
 * capacity gives places to the waiting list in order; a smaller one takes no place away. `cancelled: true`
 * calls the activity off. Staff only (403 for other members).
 */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const body = (await readJson(request)) as { cancelled?: unknown } | null;
  const kring = await services();
  const found = await activityFor(kring, await kring.accounts.accessUser(locals.user), params.activityId);
  if (!found) return problem(404, 'not_found', 'No such activity.');
  if (!found.rights.manage) return problem(403, 'forbidden', 'Only the staff of this space change activities.');
  if (body?.cancelled !== undefined && body.cancelled !== true) return problem(400, 'bad_request', 'cancelled can only be true.');
  const parsed = parseActivityInput(body, true);
  if (!parsed.ok) return problem(400, 'bad_request', parsed.message);
  const activities = new Activities(kring.db);
  try {
    let activity = await activities.update(found.activity.id, parsed.value);
    if (body?.cancelled === true) activity = await activities.cancel(found.activity.id);
    await kring.accounts.audit({ userId: locals.user.id, action: body?.cancelled === true ? 'activity.cancel' : 'activity.update', subject: activity.id });
    return json({ activity: activityView(activity, await activities.signupOf(activity.id, locals.user.id), found.rights) });
  } catch (error) {
    if (error instanceof ActivityError && error.code === 'cancelled') return problem(409, 'cancelled', 'The activity is called off.');
    if (error instanceof RangeError) return problem(400, 'bad_request', error.message);
    throw error;
  }
};
