import { json } from '@sveltejs/kit';
import { canEditSubmissionsIn, canSubmitTo } from '@kring/access';
import {
  Editorial,
  EditorialError,
  EmptySubmissionError,
  MAX_COMMENT_LENGTH,
  createPublishedPage,
  currentTitle,
  isLive,
  listInIndex,
  parseIsoTime,
  serially,
  unlistFromIndex,
  type Submission,
} from '@kring/server';
import type { KringServices } from '@kring/server';
import { problem, readJson } from '$lib/server/http';
import { services } from '$lib/server/services';
import { fullView } from '../../../views.ts';
import type { RequestHandler } from './$types';

const EDITOR_ACTIONS = new Set(['request-changes', 'reject', 'publish', 'unpublish']);
const AUTHOR_ACTIONS = new Set(['resubmit']);
const ANYONE_INVOLVED = new Set(['comment']);

interface Body {
  comment: string;
  publishAt: number | null;
  unpublishAt: number | null;
}

function readBody(raw: unknown): Body | string {
  const body = (raw ?? {}) as { comment?: unknown; publishAt?: unknown; unpublishAt?: unknown };
  if (typeof body !== 'object') return 'Send a JSON object.';
  if (body.comment !== undefined && (typeof body.comment !== 'string' || body.comment.length > MAX_COMMENT_LENGTH)) {
    return `comment must be a text of at most ${MAX_COMMENT_LENGTH} characters.`;
  }
  const time = (value: unknown) => (value === undefined || value === null ? null : parseIsoTime(value));
  const publishAt = time(body.publishAt);
  const unpublishAt = time(body.unpublishAt);
  if ((body.publishAt != null && publishAt === null) || (body.unpublishAt != null && unpublishAt === null)) {
    return 'publishAt and unpublishAt must be ISO 8601 date-times with a time zone, or null.';
  }
  return { comment: typeof body.comment === 'string' ? body.comment.trim() : '', publishAt, unpublishAt };
}

/**
 * POST /api/editorial/submissions/<id>/<action> {comment?, publishAt?, unpublishAt?} → {submission, comments}.
 * Editors (and admins): `request-changes` and `reject` (with a comment), `publish` (optionally with ISO dates;
 * a later publishAt schedules it), `unpublish`. The author: `resubmit` after changes were requested. Both:
 * `comment`. 404 for people who may not see the submission; 403 for an action that is not theirs; 409
 * `invalid_state` for a decision the status does not allow, `empty_submission` to publish an empty article.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const action = params.action;
  if (!EDITOR_ACTIONS.has(action) && !AUTHOR_ACTIONS.has(action) && !ANYONE_INVOLVED.has(action)) return problem(404, 'not_found', 'No such action.');
  const body = readBody(await readJson(request));
  if (typeof body === 'string') return problem(400, 'bad_request', body);
  if ((action === 'request-changes' || action === 'reject' || action === 'comment') && body.comment === '') {
    return problem(400, 'bad_request', 'Say why in a comment: the author reads it.');
  }

  const kring = await services();
  const editorial = new Editorial(kring.db);
  const user = await kring.accounts.accessUser(locals.user);
  const found = await editorial.get(params.submissionId);
  const isAuthor = found?.authorId === user.id;
  const isEditor = !!found && canEditSubmissionsIn(user, found.spaceId);
  if (!found || (!isAuthor && !isEditor)) return problem(404, 'not_found', 'No such submission.');
  if (EDITOR_ACTIONS.has(action) && !isEditor) return problem(403, 'forbidden', 'Only editors decide on submissions.');
  if (AUTHOR_ACTIONS.has(action) && !(isAuthor && canSubmitTo(user, found.spaceId))) return problem(403, 'forbidden', 'Only the author sends a submission again.');

  try {
    const submission = await serially(() => act(kring, editorial, action, found, user.id, body));
    if (action !== 'comment') await kring.accounts.audit({ userId: user.id, action: `editorial.${action}`, subject: submission.docName, detail: datesOf(submission) });
    return json(await fullView(kring, submission));
  } catch (error) {
    if (error instanceof EditorialError) {
      return error.code === 'not_found' ? problem(404, 'not_found', 'No such submission.') : problem(409, error.code, error.message);
    }
    if (error instanceof EmptySubmissionError) return problem(409, error.code, 'The article is empty: nothing to publish.');
    if (error instanceof RangeError) return problem(400, 'bad_request', error.message);
    throw error;
  }
};

function datesOf(submission: Submission) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { status: submission.status, pageId: submission.pageId, publishAt: iso(submission.publishAt), unpublishAt: iso(submission.unpublishAt) };
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
      if (pageId === null) ({ pageId, title } = await createPublishedPage(kring, current, userId));
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
