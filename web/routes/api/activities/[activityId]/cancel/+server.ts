import { json } from '@sveltejs/kit';
import type { SignupAnswer } from '@kring/contract';
import { Refusal, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { activityView, signupView } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * POST → {signup: {status: cancelled} | null, activity}: cancels the person's own sign-up; a freed place goes
 * to the first on the waiting list. Idempotent: cancelling again answers `signup: null`. 409 `started` once the
 * activity began.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, person } = await requirePerson(locals);
    const found = await kring.activities.visibleTo(await kring.accounts.accessUser(person), params.activityId);
    if (!found) throw new Refusal(404, 'not_found', 'No such activity.');
    if (!found.rights.signUp) throw new Refusal(403, 'forbidden', 'You can only look at the activities of this space.');
    const { signup } = await kring.activities.cancelSignup(found.activity.id, person.id);
    const activity = (await kring.activities.get(found.activity.id))!;
    return json({ signup: signupView(signup), activity: activityView(activity, null, found.rights) } satisfies SignupAnswer);
  },
  { started: 409 },
);
