import { json } from '@sveltejs/kit';
import { activityRights } from '@kring/access';
import { ActivityListQuery, NewActivity, type ActivityAnswer, type ActivityList } from '@kring/contract';
import { NO_STORE, Refusal, endpoint, readJson, readQuery, valid } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { activityView } from './views.ts';
import type { RequestHandler } from './$types';

/**
 * GET ?spaceId=<id>[&from=<ISO>] → {activities}: the client space's activities that have not ended before
 * `from` (default now), soonest first, each with the person's own sign-up (`me`). For members of the space with
 * the activities feature on; 404 otherwise.
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
  const { kring, person } = await requirePerson(locals);
  const { spaceId, from = Date.now() } = readQuery(url, ActivityListQuery);
  const rights = activityRights(await kring.accounts.accessUser(person), spaceId);
  if (!rights.view) throw new Refusal(404, 'not_found', 'No activities here.');
  const list = await kring.activities.list(spaceId, from);
  const mine = await kring.activities.signupsOf(list.map((a) => a.id), person.id);
  return json({ activities: list.map((a) => activityView(a, mine.get(a.id) ?? null, rights)) } satisfies ActivityList, { headers: NO_STORE });
});

/**
 * POST {spaceId, title, description?, startsAt, endsAt?, place?, capacity} → 201 {activity}. Times are ISO 8601
 * with a time zone. For the staff of the client space (who keep its pages); 403 for its other members.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const body = await readJson(request);
  // Who may plan here is answered before what is wrong with the plan.
  const spaceId = (body as { spaceId?: unknown } | null)?.spaceId;
  const rights = activityRights(await kring.accounts.accessUser(person), typeof spaceId === 'string' ? spaceId : '');
  if (!rights.view) throw new Refusal(404, 'not_found', 'No activities here.');
  if (!rights.manage) throw new Refusal(403, 'forbidden', 'Only the staff of this space plan activities.');
  const { spaceId: space, ...input } = valid(NewActivity, body);
  const activity = await kring.activities.create(space, input, person.id);
  await kring.accounts.audit({ userId: person.id, action: 'activity.create', subject: activity.id, detail: { spaceId: space } });
  return json({ activity: activityView(activity, null, rights) } satisfies ActivityAnswer, { status: 201 });
});
