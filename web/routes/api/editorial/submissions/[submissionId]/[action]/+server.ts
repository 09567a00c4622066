import { json } from '@sveltejs/kit';
import { SUBMISSION_ACTIONS, SubmissionDecision, type SubmissionAction, type SubmissionDetail } from '@kring/contract';
import { actOnSubmission } from '@kring/server';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { fullView } from '../../../views.ts';
import type { RequestHandler } from './$types';

/**
 * POST /api/editorial/submissions/<id>/<action> {comment?, publishAt?, unpublishAt?, reviewed?} → {submission,
 * comments}. The rules (who may do what, what each action does) are in @kring/server editorial/decisions.ts:
 * 404 for people who may not see the submission; 403 for an action that is not theirs; 400 for a missing
 * comment or version; 409 `invalid_state`, `empty_submission`, `changed_since_review`.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const action = params.action as SubmissionAction;
    if (!SUBMISSION_ACTIONS.includes(action)) throw new Refusal(404, 'not_found', 'No such action.');
    const body = await readBody(request, SubmissionDecision);
    const submission = await actOnSubmission(kring, await kring.accounts.accessUser(person), params.submissionId, action, body);
    return json((await fullView(kring, submission)) satisfies SubmissionDetail);
  },
  { not_found: 404, forbidden: 403, bad_request: 400, invalid_state: 409, conflict: 409, empty_submission: 409, changed_since_review: 409 },
);
