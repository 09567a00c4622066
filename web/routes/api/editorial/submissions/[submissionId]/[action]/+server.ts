import { json } from '@sveltejs/kit';
import { canEditSubmissionsIn, canSubmitTo } from '@kring/access';
import { AUTHOR_ACTIONS, EDITOR_ACTIONS, SUBMISSION_ACTIONS, SubmissionDecision, type Output, type SubmissionAction, type SubmissionDetail, isoOrNull } from '@kring/contract';
import { Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import {
  Editorial,
  EditorialError,
  ChangedSinceReviewError,
  EmptySubmissionError,
  createPublishedPage,
  currentTitle,
  isLive,
  listInIndex,
  serially,
  unlistFromIndex,
  type KringServices,
  type Submission,
} from '@kring/server';
import { fullView } from '../../../views.ts';
import type { RequestHandler } from './$types';

const isEditorAction = (action: string) => (EDITOR_ACTIONS as readonly string[]).includes(action);
const isAuthorAction = (action: string) => (AUTHOR_ACTIONS as readonly string[]).includes(action);

type Body = Output<typeof SubmissionDecision>;

/**
 * POST /api/editorial/submissions/<id>/<action> {comment?, publishAt?, unpublishAt?} → {submission, comments}.
 * Editors (and admins): `request-changes` and `reject` (with a comment), `publish` (optionally with ISO dates;
 * a later publishAt schedules it), `unpublish`. The author: `resubmit` after changes were requested. Both:
 * `comment`. 404 for people who may not see the submission; 403 for an action that is not theirs; 409
 * `invalid_state` for a decision the status does not allow, `empty_submission` to publish an empty article,
 * `changed_since_review` to publish an article that is no longer the version the editor reviewed.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const action = params.action as SubmissionAction;
    if (!SUBMISSION_ACTIONS.includes(action)) throw new Refusal(404, 'not_found', 'No such action.');
    const body = await readBody(request, SubmissionDecision);
    if ((action === 'request-changes' || action === 'reject' || action === 'comment') && body.comment === '') {
      throw new Refusal(400, 'bad_request', 'Say why in a comment: the author reads it.');
    }

    const user = await kring.accounts.accessUser(person);
    const found = await kring.editorial.get(params.submissionId);
    const isAuthor = found?.authorId === user.id;
    const isEditor = !!found && canEditSubmissionsIn(user, found.spaceId);
    if (!found || (!isAuthor && !isEditor)) throw new Refusal(404, 'not_found', 'No such submission.');
    if (isEditorAction(action) && !isEditor) throw new Refusal(403, 'forbidden', 'Only editors decide on submissions.');
    if (isAuthorAction(action) && !(isAuthor && canSubmitTo(user, found.spaceId))) throw new Refusal(403, 'forbidden', 'Only the author sends a submission again.');

    try {
      const submission = await serially(() => act(kring, kring.editorial, action, found, user.id, body));
      if (action !== 'comment') await kring.accounts.audit({ userId: user.id, action: `editorial.${action}`, subject: submission.docName, detail: datesOf(submission) });
      return json((await fullView(kring, submission)) satisfies SubmissionDetail);
    } catch (error) {
      if (error instanceof EmptySubmissionError) throw new Refusal(409, error.code, 'The article is empty: nothing to publish.');
      if (error instanceof ChangedSinceReviewError) throw new Refusal(409, error.code, 'The article changed since you read it (or your own changes are not saved yet): read it again, then publish.');
      if (error instanceof RangeError) throw new Refusal(400, 'bad_request', error.message);
      throw error;
    }
  },
  { not_found: 404, invalid_state: 409, conflict: 409 },
);

function datesOf(submission: Submission) {
  return { status: submission.status, pageId: submission.pageId, publishAt: isoOrNull(submission.publishAt), unpublishAt: isoOrNull(submission.unpublishAt) };
}

async function act(kring: KringServices, editorial: Editorial, action: string, found: Submission, userId: string, body: Body): Promise<Submission> {
  const now = Date.now();
  switch (action) {
    case 'comment':
      await editorial.addComment(found.id, userId, body.comment, now);
      return found;
    case 'resubmit':
      return editorial.resubmit(found.id, userId, { title: await currentTitle(kring, found), comment: body.comment, now });
    case 'request-changes':
    case 'reject':
      return editorial.decide(found.id, action, userId, { title: await currentTitle(kring, found), comment: body.comment, now });
    case 'unpublish': {
      const submission = await editorial.recordUnpublication(found.id, userId, { comment: body.comment, now });
      if (submission.pageId !== null) await unlistFromIndex(kring, submission.spaceId, submission.pageId, userId);
      // Readers with the page open lose it now, not at the next minute's check.
      await kring.events.emit('access.changed', {});
      return submission;
    }
    case 'publish': {
      const current = await editorial.check(found.id, 'publish');
      if (body.unpublishAt !== null && body.unpublishAt <= (body.publishAt ?? now)) throw new RangeError('unpublishAt must be after publishAt (or after now).');
      let pageId = current.pageId;
      let title = current.title;
      if (pageId === null) {
        if (!body.reviewed) throw new Refusal(400, 'bad_request', 'Say which version you reviewed (reviewed).');
        ({ pageId, title } = await createPublishedPage(kring, current, userId, body.reviewed));
      }
      const submission = await editorial.recordPublication(found.id, userId, { pageId, title, publishAt: body.publishAt, unpublishAt: body.unpublishAt, comment: body.comment, now });
      if (isLive(submission, now)) {
        await listInIndex(kring, submission.spaceId, pageId, title, userId);
      } else {
        await unlistFromIndex(kring, submission.spaceId, pageId, userId);
        await kring.events.emit('access.changed', {});
      }
      return submission;
    }
  }
  throw new EditorialError('not_found', 'no such action');
}
