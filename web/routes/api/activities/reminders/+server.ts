import { json } from '@sveltejs/kit';
import { activityRights } from '@kring/access';
import type { Reminders } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { activityView } from '../views.ts';
import type { RequestHandler } from './$types';

const WINDOW_HOURS = 24;

/**
 * GET → {hours: 24, reminders: [activity]}: the activities starting in the next 24 hours that the person signed
 * up for (with a place or waiting; `me` says which), soonest first. The app shows these when it opens; no push
 * message or email is sent.
 */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  const user = await kring.accounts.accessUser(person);
  const now = Date.now();
  const upcoming = await kring.activities.upcomingFor(person.id, now, now + WINDOW_HOURS * 3600_000);
  const reminders = upcoming
    .map(({ activity, signup }) => ({ activity, signup, rights: activityRights(user, activity.spaceId) }))
    .filter(({ rights }) => rights.view)
    .map(({ activity, signup, rights }) => activityView(activity, signup, rights));
  return json({ hours: WINDOW_HOURS, reminders } satisfies Reminders, { headers: NO_STORE });
});
