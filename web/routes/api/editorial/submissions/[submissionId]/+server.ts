import { json } from '@sveltejs/kit';
import { canEditSubmissionsIn } from '@kring/access';
import { Editorial, runEditorialClock } from '@kring/server';
import { problem } from '$lib/server/http';
import { services } from '$lib/server/services';
import { fullView } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * GET → {submission, comments}: for its author and the editors of its space. 404 for anyone else, the same as
 * for a submission that does not exist, so ids cannot be probed.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const kring = await services();
  await runEditorialClock(kring).catch((error: unknown) => console.error('editorial clock:', error));
  const submission = await new Editorial(kring.db).get(params.submissionId);
  const user = await kring.accounts.accessUser(locals.user);
  if (!submission || (submission.authorId !== user.id && !canEditSubmissionsIn(user, submission.spaceId))) {
    return problem(404, 'not_found', 'No such submission.');
  }
  return json(await fullView(kring, submission), { headers: { 'cache-control': 'no-store' } });
};
