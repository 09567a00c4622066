/** How activities look in the API's answers (@kring/contract): times as ISO 8601, the person's own sign-up beside the counts. */
import { activityRights, type AccessUser, type ActivityRights } from '@kring/access';
import { iso, isoOrNull, type Activity as ActivityView, type MySignup } from '@kring/contract';
import type { Activity, KringServices, Signup } from '@kring/server';

export function signupView(signup: Signup | null) {
  return signup && { status: signup.status, position: signup.position, requestId: signup.requestId };
}

export function activityView(activity: Activity, me: Signup | null, rights: ActivityRights): ActivityView {
  return {
    id: activity.id,
    spaceId: activity.spaceId,
    title: activity.title,
    description: activity.description,
    startsAt: iso(activity.startsAt),
    endsAt: isoOrNull(activity.endsAt),
    place: activity.place,
    capacity: activity.capacity,
    confirmed: activity.confirmed,
    waiting: activity.waiting,
    placesLeft: Math.max(0, activity.capacity - activity.confirmed),
    cancelledAt: isoOrNull(activity.cancelledAt),
    me: signupView(me) as MySignup | null,
    canSignUp: rights.signUp,
    canManage: rights.manage,
  };
}

/**
 * The activity and what the person may do with it; null when they may not see it (or it does not exist): the
 * two give the same answer, so activity ids cannot be probed.
 */
export async function activityFor(kring: KringServices, user: AccessUser, id: string): Promise<{ activity: Activity; rights: ActivityRights } | null> {
  const activity = await kring.activities.get(id);
  if (!activity) return null;
  const rights = activityRights(user, activity.spaceId);
  return rights.view ? { activity, rights } : null;
}
