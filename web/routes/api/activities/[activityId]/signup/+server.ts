import { json } from '@sveltejs/kit';
import { SignupRequest, type SignupAnswer } from '@kring/contract';
import { ActivityError } from '@kring/server';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { activityView, signupView } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * POST {requestId} → 201 {signup: {status: confirmed|waiting, position}, activity} (200 when the request, or
 * another one, already signed the person up: a retry never signs up twice). `requestId` is made by the device
 * once per sign-up (8 to 64 letters, digits, _ or -; a UUID fits). Beyond the capacity the sign-up goes on the
 * waiting list, `position` counting from 1. 409 `started` or `cancelled` for an activity that began or was
 * called off. For members who may write in the client space; readers get 403.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const { requestId } = await readBody(request, SignupRequest);
    const found = await kring.activities.visibleTo(await kring.accounts.accessUser(person), params.activityId);
    if (!found) throw new Refusal(404, 'not_found', 'No such activity.');
    if (!found.rights.signUp) throw new Refusal(403, 'forbidden', 'You can only look at the activities of this space.');
    try {
      const { signup, created } = await kring.activities.signUp(found.activity.id, person.id, requestId);
      const activity = (await kring.activities.get(found.activity.id))!;
      return json({ signup: signupView(signup), activity: activityView(activity, signup.status === 'cancelled' ? null : signup, found.rights) } satisfies SignupAnswer, { status: created ? 201 : 200 });
    } catch (error) {
      // The domain finds the request id already used, for another activity.
      if (error instanceof ActivityError && error.code === 'not_found') throw new Refusal(409, 'request_id_reused', 'This request id was used for another activity.');
      throw error;
    }
  },
  { started: 409, cancelled: 409 },
);
