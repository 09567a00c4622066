import { json } from '@sveltejs/kit';
import { activityRights } from '@kring/access';
import { Activities } from '@kring/server';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import { activityView } from '../views.ts';
import type { RequestHandler } from './$types';

const WINDOW_HOURS = 24;

/**
 * GET → {hours: 24, reminders: [activity]}: the activities starting in the next 24 hours that the person signed
 * up for (with a place or waiting; `me` says which), soonest first. The app shows these when it opens; no push
 * message or email is sent.
 */
export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const kring = await services();
  const user = await kring.accounts.accessUser(locals.user);
  const now = Date.now();
  const upcoming = await new Activities(kring.db).upcomingFor(locals.user.id, now, now + WINDOW_HOURS * 3600_000);
  const reminders = upcoming
    .map(({ activity, signup }) => ({ activity, signup, rights: activityRights(user, activity.spaceId) }))
    .filter(({ rights }) => rights.view)
    .map(({ activity, signup, rights }) => activityView(activity, signup, rights));
  return json({ hours: WINDOW_HOURS, reminders }, { headers: { 'cache-control': 'no-store' } });
};
