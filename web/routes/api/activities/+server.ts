import { json } from '@sveltejs/kit';
import { activityRights } from '@kring/access';
import { Activities, parseActivityInput, parseIsoTime, type ActivityInput } from '@kring/server';
import { problem, readJson } from '$lib/server/http';
import { services } from '$lib/server/services';
import { activityView } from './views.ts';
import type { RequestHandler } from './$types';

/**
 * GET ?spaceId=<id>[&from=<ISO>] → {activities}: the client space's activities that have not ended before
 * `from` (default now), soonest first, each with the person's own sign-up (`me`). For members of the space with
 * the activities feature on; 404 otherwise.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const spaceId = url.searchParams.get('spaceId') ?? '';
  const fromParam = url.searchParams.get('from');
  const from = fromParam === null ? Date.now() : parseIsoTime(fromParam);
  if (from === null) return problem(400, 'bad_request', 'from must be an ISO 8601 date-time with a time zone.');
  const kring = await services();
  const rights = activityRights(await kring.accounts.accessUser(locals.user), spaceId);
  if (!rights.view) return problem(404, 'not_found', 'No activities here.');
  const activities = new Activities(kring.db);
  const list = await activities.list(spaceId, from);
  const mine = await activities.signupsOf(list.map((a) => a.id), locals.user.id);
  return json({ activities: list.map((a) => activityView(a, mine.get(a.id) ?? null, rights)) }, { headers: { 'cache-control': 'no-store' } });
};

/**
 * POST {spaceId, title, description?, startsAt, endsAt?, place?, capacity} → 201 {activity}. Times are ISO 8601
 * with a time zone. For the staff of the client space (who keep its pages); 403 for its other members.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const body = (await readJson(request)) as { spaceId?: unknown } | null;
  const spaceId = typeof body?.spaceId === 'string' ? body.spaceId : '';
  const parsed = parseActivityInput(body);
  const kring = await services();
  const rights = activityRights(await kring.accounts.accessUser(locals.user), spaceId);
  if (!rights.view) return problem(404, 'not_found', 'No activities here.');
  if (!rights.manage) return problem(403, 'forbidden', 'Only the staff of this space plan activities.');
  if (!parsed.ok) return problem(400, 'bad_request', parsed.message);
  const activity = await new Activities(kring.db).create(spaceId, parsed.value as ActivityInput, locals.user.id);
  await kring.accounts.audit({ userId: locals.user.id, action: 'activity.create', subject: activity.id, detail: { spaceId } });
  return json({ activity: activityView(activity, null, rights) }, { status: 201 });
};
