/** How activities look in the API's answers (@kring/contract): times as ISO 8601, the person's own sign-up beside the counts. */
import type { ActivityRights } from '@kring/access';
import { iso, isoOrNull, type Activity as ActivityView, type MySignup } from '@kring/contract';
import type { Activity, Signup } from '@kring/server';

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
