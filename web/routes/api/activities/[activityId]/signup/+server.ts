import { json } from '@sveltejs/kit';
import { Activities, ActivityError, REQUEST_ID } from '@kring/server';
import { problem, readJson } from '$lib/server/http';
import { services } from '$lib/server/services';
import { activityFor, activityView, signupView } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * POST {requestId} → 201 {signup: {status: confirmed|waiting, position}, activity} (200 when the request, or
 * another one, already signed the person up: a retry never signs up twice). `requestId` is made by the device
 * once per sign-up (8 to 64 letters, digits, _ or -; a UUID fits). Beyond the capacity the sign-up goes on the
 * waiting list, `position` counting from 1. 409 `started` or `cancelled` for an activity that began or was
 * called off. For members who may write in the client space; readers get 403.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const body = (await readJson(request)) as { requestId?: unknown } | null;
  if (typeof body?.requestId !== 'string' || !REQUEST_ID.test(body.requestId)) return problem(400, 'bad_request', 'Send {"requestId": 8 to 64 letters, digits, _ or -}.');
  const kring = await services();
  const found = await activityFor(kring, await kring.accounts.accessUser(locals.user), params.activityId);
  if (!found) return problem(404, 'not_found', 'No such activity.');
  if (!found.rights.signUp) return problem(403, 'forbidden', 'You can only look at the activities of this space.');
  const activities = new Activities(kring.db);
  try {
    const { signup, created } = await activities.signUp(found.activity.id, locals.user.id, body.requestId);
    const activity = (await activities.get(found.activity.id))!;
    return json({ signup: signupView(signup), activity: activityView(activity, signup.status === 'cancelled' ? null : signup, found.rights) }, { status: created ? 201 : 200 });
  } catch (error) {
    if (error instanceof ActivityError && error.code === 'not_found') return problem(409, 'request_id_reused', 'This request id was used for another activity.');
    if (error instanceof ActivityError) return problem(409, error.code, error.code === 'started' ? 'The activity has started.' : 'The activity is called off.');
    throw error;
  }
};
