/** How activities look in the API's answers: times as ISO 8601, the person's own sign-up beside the counts. */
import { activityRights, type AccessUser, type ActivityRights } from '@kring/access';
import { Activities, type Activity, type Signup } from '@kring/server';
import type { KringServices } from '@kring/server';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function signupView(signup: Signup | null) {
  return signup && { status: signup.status, position: signup.position, requestId: signup.requestId };
}

export function activityView(activity: Activity, me: Signup | null, rights: ActivityRights) {
  return {
    id: activity.id,
    spaceId: activity.spaceId,
    title: activity.title,
    description: activity.description,
    startsAt: iso(activity.startsAt),
    endsAt: iso(activity.endsAt),
    place: activity.place,
    capacity: activity.capacity,
    confirmed: activity.confirmed,
    waiting: activity.waiting,
    placesLeft: Math.max(0, activity.capacity - activity.confirmed),
    cancelledAt: iso(activity.cancelledAt),
    me: signupView(me),
    canSignUp: rights.signUp,
    canManage: rights.manage,
  };
}

/**
 * The activity and what the person may do with it; null when they may not see it (or it does not exist): the
 * two give the same answer, so activity ids cannot be probed.
 */
export async function activityFor(kring: KringServices, user: AccessUser, id: string): Promise<{ activity: Activity; rights: ActivityRights } | null> {
  const activity = await new Activities(kring.db).get(id);
  if (!activity) return null;
  const rights = activityRights(user, activity.spaceId);
  return rights.view ? { activity, rights } : null;
}
