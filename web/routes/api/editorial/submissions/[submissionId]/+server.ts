import { json } from '@sveltejs/kit';
import { canEditSubmissionsIn } from '@kring/access';
import { NO_STORE, Refusal, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { runEditorialClock } from '@kring/server';
import { fullView } from '../../views.ts';
import type { RequestHandler } from './$types';

/**
 * GET → {submission, comments}: for its author and the editors of its space. 404 for anyone else, the same as
 * for a submission that does not exist, so ids cannot be probed.
 */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
  const { kring, person } = await requirePerson(locals);
  await runEditorialClock(kring).catch((error: unknown) => console.error('editorial clock:', error));
  const submission = await kring.editorial.get(params.submissionId);
  const user = await kring.accounts.accessUser(person);
  if (!submission || (submission.authorId !== user.id && !canEditSubmissionsIn(user, submission.spaceId))) {
    throw new Refusal(404, 'not_found', 'No such submission.');
  }
  return json(await fullView(kring, submission), { headers: NO_STORE });
});
