import { json } from '@sveltejs/kit';
import { canEditSubmissionsIn, canSubmitTo, isSubmissionBy, submissionDocId } from '@kring/access';
import { Editorial, EditorialError, MAX_TITLE_LENGTH, runEditorialClock } from '@kring/server';
import { docName, getPageTitle, isValidId, randomId } from '@kring/shapes';
import * as Y from 'yjs';
import { problem, readJson } from '$lib/server/http';
import { services } from '$lib/server/services';
import { fullView, nameBook, submissionView } from '../views.ts';
import type { RequestHandler } from './$types';

/**
 * GET → {editor, submissions}: editors and admins see every submission of the news spaces they see; everyone
 * else sees their own, with status. Newest first.
 */
export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const kring = await services();
  // Brings due publications in step before answering; a failure there must not hide the list.
  await runEditorialClock(kring).catch((error: unknown) => console.error('editorial clock:', error));
  const user = await kring.accounts.accessUser(locals.user);
  const editorial = new Editorial(kring.db);
  const editorOf = Object.keys(user.spaces).filter((spaceId) => canEditSubmissionsIn(user, spaceId));
  const submissions = editorOf.length > 0 ? await editorial.list({ spaceIds: editorOf }) : await editorial.list({ authorId: user.id });
  const person = nameBook(kring);
  return json(
    { editor: editorOf.length > 0, submissions: await Promise.all(submissions.map((s) => submissionView(kring, s, person))) },
    { headers: { 'cache-control': 'no-store' } },
  );
};

/**
 * POST {spaceId, docId?, title?} → 201 {submission, comments} (200 when this submission already exists: a
 * retried request). The article is written in the document `<spaceId>/submission/<docId>`; a device may pick
 * the id itself (it must start with the author's key, see @kring/access submissionDocId) and write offline
 * before registering it. Anyone who sees the news space may submit, except guests.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
  if (!locals.user) return problem(401, 'no_session', 'Not logged in.');
  const body = (await readJson(request)) as { spaceId?: unknown; docId?: unknown; title?: unknown } | null;
  if (!body || typeof body !== 'object' || typeof body.spaceId !== 'string') return problem(400, 'bad_request', 'Send {"spaceId": string, "docId"?: string, "title"?: string}.');
  if (body.title !== undefined && (typeof body.title !== 'string' || body.title.length > MAX_TITLE_LENGTH)) {
    return problem(400, 'bad_request', `title must be a text of at most ${MAX_TITLE_LENGTH} characters.`);
  }
  const kring = await services();
  const user = await kring.accounts.accessUser(locals.user);
  if (!canSubmitTo(user, body.spaceId)) return problem(403, 'forbidden', 'You cannot submit articles to this space.');
  let id: string;
  if (body.docId === undefined) id = submissionDocId(user.id, randomId());
  else if (typeof body.docId === 'string' && isValidId(body.docId) && isSubmissionBy(user.id, body.docId)) id = body.docId;
  else return problem(400, 'bad_request', "docId must be a document id starting with your author key (your user id without dashes) and '_'.");

  const stored = await kring.store.load(docName(body.spaceId, 'submission', id));
  const doc = new Y.Doc();
  if (stored) Y.applyUpdate(doc, stored);
  const title = getPageTitle(doc).trim().slice(0, MAX_TITLE_LENGTH) || (typeof body.title === 'string' ? body.title.trim() : '');
  try {
    const { submission, created } = await new Editorial(kring.db).create({ id, spaceId: body.spaceId, authorId: user.id, title });
    if (created) await kring.accounts.audit({ userId: user.id, action: 'editorial.submit', subject: submission.docName });
    return json(await fullView(kring, submission), { status: created ? 201 : 200 });
  } catch (error) {
    if (error instanceof EditorialError && error.code === 'conflict') return problem(409, 'conflict', 'This submission id is taken.');
    throw error;
  }
};
