/** The words for an article's status: a short label, and a sentence for the author. */
import { m } from '$lib/paraglide/messages.js';
import type { SubmissionStatus } from '@kring/contract';

/** An article as the author's list shows it: registered with the editors, or still only written. */
export type ArticleState = SubmissionStatus | 'draft' | 'sending';

export const statusLabel: Record<ArticleState, () => string> = {
  draft: m.editorial_status_draft,
  sending: m.editorial_status_sending,
  submitted: m.editorial_status_submitted,
  changes_requested: m.editorial_status_changes_requested,
  scheduled: m.editorial_status_scheduled,
  published: m.editorial_status_published,
  rejected: m.editorial_status_rejected,
  unpublished: m.editorial_status_unpublished,
};

export const statusForAuthor: Record<ArticleState, () => string> = {
  draft: m.editorial_author_draft,
  sending: m.editorial_author_sending,
  submitted: m.editorial_author_submitted,
  changes_requested: m.editorial_author_changes_requested,
  scheduled: m.editorial_author_scheduled,
  published: m.editorial_author_published,
  rejected: m.editorial_author_rejected,
  unpublished: m.editorial_author_unpublished,
};

/** What a history entry did, e.g. "vraagt om aanpassing". */
export function actionLabel(action: string): string {
  switch (action) {
    case 'submit':
      return m.editorial_action_submit();
    case 'comment':
      return m.editorial_action_comment();
    case 'request-changes':
      return m.editorial_action_request_changes();
    case 'reject':
      return m.editorial_action_reject();
    case 'publish':
      return m.editorial_action_publish();
    case 'unpublish':
      return m.editorial_action_unpublish();
    default:
      return action;
  }
}

/** Whether the article can still be changed: before an editor decided, or when changes were asked for. */
export function isOpen(state: ArticleState): boolean {
  return state === 'draft' || state === 'sending' || state === 'submitted' || state === 'changes_requested';
}
