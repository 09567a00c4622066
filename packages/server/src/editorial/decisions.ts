/**
 * The editorial rules in one place: who may take which action on a submission, and what each action does to the
 * records and the documents. The endpoint only reads the request and writes the answer.
 */
import { canEditSubmissionsIn, canSubmitTo, type AccessUser } from '@kring/access';
import type { NotificationKind, SubmissionAction } from '@kring/contract';
import type { KringServices } from '../kring.ts';
import { EditorialError, isLive, type Submission } from './editorial.ts';
import { createPublishedPage, currentTitle, listInIndex, serially, tellReaders, unlistFromIndex } from './publishing.ts';

const EDITOR_ONLY: readonly SubmissionAction[] = ['request-changes', 'reject', 'publish', 'unpublish'];
const NEEDS_COMMENT: readonly SubmissionAction[] = ['request-changes', 'reject', 'comment'];

/** What a person sent with an action (times in milliseconds). */
export interface DecisionInput {
  comment: string;
  publishAt: number | null;
  unpublishAt: number | null;
  /** `publish`: the version of the article the editor read (@kring/shapes `versionOf`). */
  reviewed: string | null;
}

/**
 * Takes `action` on the submission for `user`, one editorial change at a time. Refuses with `not_found` whom
 * the submission is hidden from (as for an unknown id, so ids cannot be probed), `forbidden` an action that is
 * not theirs, `bad_request` a missing comment or version and impossible dates; the workflow's own refusals
 * (`invalid_state`, `empty_submission`, `changed_since_review`) come from the steps.
 */
export async function actOnSubmission(kring: KringServices, user: AccessUser, submissionId: string, action: SubmissionAction, input: DecisionInput): Promise<Submission> {
  if (NEEDS_COMMENT.includes(action) && input.comment === '') throw new EditorialError('bad_request', 'Say why in a comment: the author reads it.');
  const found = await kring.editorial.get(submissionId);
  const isAuthor = found?.authorId === user.id;
  const isEditor = !!found && canEditSubmissionsIn(user, found.spaceId);
  if (!found || (!isAuthor && !isEditor)) throw new EditorialError('not_found', 'No such submission.');
  if (EDITOR_ONLY.includes(action) && !isEditor) throw new EditorialError('forbidden', 'Only editors decide on submissions.');
  if (action === 'resubmit' && !(isAuthor && canSubmitTo(user, found.spaceId))) throw new EditorialError('forbidden', 'Only the author sends a submission again.');

  const submission = await serially(() => act(kring, action, found, user.id, input));
  await tellAuthor(kring, action, submission, user.id);
  if (action !== 'comment') await kring.accounts.audit({ userId: user.id, action: `editorial.${action}`, subject: submission.docName, detail: datesOf(submission) });
  return submission;
}

const TOLD: Partial<Record<SubmissionAction, NotificationKind>> = {
  'request-changes': 'submission-changes-requested',
  reject: 'submission-rejected',
  publish: 'submission-published',
};

/** The author hears of an editor's decision on their submission (never of their own doing). */
async function tellAuthor(kring: KringServices, action: SubmissionAction, submission: Submission, editorId: string): Promise<void> {
  const kind = TOLD[action];
  if (!kind) return;
  // The decision's time names it: the same decision told twice is one notification, a later one another.
  const eventKey = `${kind}:${submission.docName}:${submission.updatedAt}`;
  const told = [{ kind, recipientId: submission.authorId, subject: submission.id, eventKey, excerpt: submission.title.slice(0, 200) }];
  await kring.notifications.notify(submission.docName, editorId, told).catch((error: unknown) => console.error(`notifications of ${submission.docName}: storing failed`, error));
}

function datesOf(submission: Submission) {
  const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
  return { status: submission.status, pageId: submission.pageId, publishAt: iso(submission.publishAt), unpublishAt: iso(submission.unpublishAt) };
}

async function act(kring: KringServices, action: SubmissionAction, found: Submission, userId: string, input: DecisionInput): Promise<Submission> {
  const { editorial } = kring;
  const now = Date.now();
  switch (action) {
    case 'comment':
      await editorial.addComment(found.id, userId, input.comment, now);
      return found;
    case 'resubmit':
      return editorial.resubmit(found.id, userId, { title: await currentTitle(kring, found), comment: input.comment, now });
    case 'request-changes':
    case 'reject':
      return editorial.decide(found.id, action, userId, { title: await currentTitle(kring, found), comment: input.comment, now });
    case 'unpublish': {
      const submission = await editorial.recordUnpublication(found.id, userId, { comment: input.comment, now });
      if (submission.pageId !== null) await unlistFromIndex(kring, submission.spaceId, submission.pageId, userId);
      // Readers with the page open lose it now, not at the next minute's check.
      await kring.events.emit('access.changed', {});
      return submission;
    }
    case 'publish': {
      const current = await editorial.check(found.id, 'publish');
      if (input.unpublishAt !== null && input.unpublishAt <= (input.publishAt ?? now)) throw new EditorialError('bad_request', 'unpublishAt must be after publishAt (or after now).');
      let pageId = current.pageId;
      let title = current.title;
      if (pageId === null) {
        // The first publication copies the article: only the version the editor read.
        if (!input.reviewed) throw new EditorialError('bad_request', 'Say which version you reviewed (reviewed).');
        ({ pageId, title } = await createPublishedPage(kring, current, userId, input.reviewed));
      }
      const submission = await editorial.recordPublication(found.id, userId, { pageId, title, publishAt: input.publishAt, unpublishAt: input.unpublishAt, comment: input.comment, now });
      if (isLive(submission, now)) {
        await listInIndex(kring, submission.spaceId, pageId, title, userId);
        // Not waited for: telling a whole organisation takes a while, and the editor's answer need not wait for it.
        void tellReaders(kring, submission, now).catch((error: unknown) => console.error(`telling the readers of ${submission.docName} failed`, error));
      } else {
        await unlistFromIndex(kring, submission.spaceId, pageId, userId);
        await kring.events.emit('access.changed', {});
      }
      return submission;
    }
  }
}
