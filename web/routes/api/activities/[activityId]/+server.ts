import { json } from '@sveltejs/kit';
import { ActivityChanges, type ActivityAnswer, type ActivityDetail } from '@kring/contract';
import { NO_STORE, Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { activityView } from '../views.ts';
import type { RequestHandler } from './$types';

/**
 * GET → {activity, participants?}: the activity with the person's own sign-up; staff also get who has a place
 * and who waits (`participants: [{userId, name, status, position}]`). Clients never see who else signed up.
 */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, person } = await requirePerson(locals);
  const found = await kring.activities.visibleTo(await kring.accounts.accessUser(person), params.activityId);
  if (!found) throw new Refusal(404, 'not_found', 'No such activity.');
  const me = await kring.activities.signupOf(found.activity.id, person.id);
  const participants = found.rights.manage ? await kring.activities.participants(found.activity.id) : undefined;
  return json({ activity: activityView(found.activity, me, found.rights), ...(participants ? { participants } : {}) } satisfies ActivityDetail, { headers: NO_STORE });
});

/**
 * PATCH {title?, description?, startsAt?, endsAt?, place?, capacity?, cancelled?: true} → {activity}. A larger
 * capacity gives places to the waiting list in order; a smaller one takes no place away. `cancelled: true`
 * calls the activity off. Staff only (403 for other members).
 */
export const PATCH: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const found = await kring.activities.visibleTo(await kring.accounts.accessUser(person), params.activityId);
    if (!found) throw new Refusal(404, 'not_found', 'No such activity.');
    if (!found.rights.manage) throw new Refusal(403, 'forbidden', 'Only the staff of this space change activities.');
    const { cancelled, ...changes } = await readBody(request, ActivityChanges);
    try {
      let activity = await kring.activities.update(found.activity.id, changes);
      if (cancelled) activity = await kring.activities.cancel(found.activity.id);
      await kring.accounts.audit({ userId: person.id, action: cancelled ? 'activity.cancel' : 'activity.update', subject: activity.id });
      return json({ activity: activityView(activity, await kring.activities.signupOf(activity.id, person.id), found.rights) } satisfies ActivityAnswer);
    } catch (error) {
      // The domain refuses an end before the start once it sees the stored times beside the changed ones.
      if (error instanceof RangeError) throw new Refusal(400, 'bad_request', error.message);
      throw error;
    }
  },
  { cancelled: 409 },
);
