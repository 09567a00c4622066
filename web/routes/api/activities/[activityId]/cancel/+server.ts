import { json } from '@sveltejs/kit';
import { Activities, ActivityError } from '@kring/server';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import { activityFor, activityView, signupView } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * POST → {signup: {status: cancelled} | null, activity}: cancels the person's own sign-up; a freed place goes
 * to the first on the waiting list. Idempotent: cancelling again answers `signup: null`. 409 `started` once the
 * activity began.
 */
export const POST: RequestHandler = async ({ locals, params }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const kring = await services();
  const found = await activityFor(kring, await kring.accounts.accessUser(locals.user), params.activityId);
  if (!found) return problem(404, 'not_found', 'No such activity.');
  if (!found.rights.signUp) return problem(403, 'forbidden', 'You can only look at the activities of this space.');
  const activities = new Activities(kring.db);
  try {
    const { signup } = await activities.cancelSignup(found.activity.id, locals.user.id);
    const activity = (await activities.get(found.activity.id))!;
    return json({ signup: signupView(signup), activity: activityView(activity, null, found.rights) });
  } catch (error) {
    if (error instanceof ActivityError && error.code === 'started') return problem(409, 'started', 'The activity has started.');
    throw error;
  }
};
