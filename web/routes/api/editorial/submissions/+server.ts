import { json } from '@sveltejs/kit';
import { canEditSubmissionsIn, canSubmitTo, isSubmissionBy, submissionDocId } from '@kring/access';
import { MAX_TITLE_LENGTH, NewSubmission, type SubmissionDetail, type SubmissionList } from '@kring/contract';
import { docName, getPageTitle, isValidId, randomId } from '@kring/shapes';
import * as Y from 'yjs';
import { NO_STORE, Refusal, endpoint, readBody } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { runEditorialClock } from '@kring/server';
import { fullView, nameBook, submissionView } from '../views.ts';
import type { RequestHandler } from './$types';

/**
 * GET → {editor, submissions}: editors and admins see every submission of the news spaces they see; everyone
 * else sees their own, with status. Newest first.
 */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person: me } = await requirePerson(locals);
  // Brings due publications in step before answering; a failure there must not hide the list.
  await runEditorialClock(kring).catch((error: unknown) => console.error('editorial clock:', error));
  const user = await kring.accounts.accessUser(me);
  const editorial = kring.editorial;
  const editorOf = Object.keys(user.spaces).filter((spaceId) => canEditSubmissionsIn(user, spaceId));
  const submissions = editorOf.length > 0 ? await editorial.list({ spaceIds: editorOf }) : await editorial.list({ authorId: user.id });
  const person = nameBook(kring);
  return json(
    { editor: editorOf.length > 0, submissions: await Promise.all(submissions.map((s) => submissionView(kring, s, person))) } satisfies SubmissionList,
    { headers: NO_STORE },
  );
});

/**
 * POST {spaceId, docId?, title?} → 201 {submission, comments} (200 when this submission already exists: a
 * retried request). The article is written in the document `<spaceId>/submission/<docId>`; a device may pick
 * the id itself (it must start with the author's key, see @kring/access submissionDocId) and write offline
 * before registering it. Anyone who sees the news space may submit, except guests.
 */
export const POST: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, person } = await requirePerson(locals);
    const body = await readBody(request, NewSubmission);
    const user = await kring.accounts.accessUser(person);
    if (!canSubmitTo(user, body.spaceId)) throw new Refusal(403, 'forbidden', 'You cannot submit articles to this space.');
    let id: string;
    if (body.docId === undefined) id = submissionDocId(user.id, randomId());
    else if (isValidId(body.docId) && isSubmissionBy(user.id, body.docId)) id = body.docId;
    else throw new Refusal(400, 'bad_request', "docId must be a document id starting with your author key (your user id without dashes) and '_'.");

    const stored = await kring.store.load(docName(body.spaceId, 'submission', id));
    const doc = new Y.Doc();
    if (stored) Y.applyUpdate(doc, stored);
    const title = getPageTitle(doc).trim().slice(0, MAX_TITLE_LENGTH) || (body.title ?? '');
    const { submission, created } = await kring.editorial.create({ id, spaceId: body.spaceId, authorId: user.id, title });
    if (created) await kring.accounts.audit({ userId: user.id, action: 'editorial.submit', subject: submission.docName });
    return json((await fullView(kring, submission)) satisfies SubmissionDetail, { status: created ? 201 : 200 });
  },
  { conflict: 409 },
);
