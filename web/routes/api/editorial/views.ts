/** How submissions look in the editorial API's answers: times as ISO 8601, people as {id, name}. */
import { docName } from '@kring/shapes';
import { iso, isoOrNull, type SubmissionComment as CommentView, type SubmissionDetail, type Submission as SubmissionView } from '@kring/contract';
import { currentTitle, type KringServices, type Submission, type SubmissionComment } from '@kring/server';

/** Names of people by id, looked up once each; a removed account shows as null. */
export function nameBook(kring: KringServices): (id: string | null) => Promise<{ id: string; name: string } | null> {
  const names = new Map<string, Promise<string | null>>();
  return async (id) => {
    if (id === null) return null;
    if (!names.has(id)) names.set(id, kring.accounts.userById(id).then((user) => user?.name ?? null));
    const name = await names.get(id)!;
    return name === null ? null : { id, name };
  };
}

/** A submission as answered; the title is read from the document while the article may still change. */
export async function submissionView(kring: KringServices, submission: Submission, person: ReturnType<typeof nameBook>): Promise<SubmissionView> {
  const open = submission.status === 'submitted' || submission.status === 'changes_requested';
  return {
    id: submission.id,
    spaceId: submission.spaceId,
    docName: submission.docName,
    status: submission.status,
    title: open ? await currentTitle(kring, submission) : submission.title,
    author: await person(submission.authorId),
    pageId: submission.pageId,
    pageDocName: submission.pageId === null ? null : docName(submission.spaceId, 'page', submission.pageId),
    publishAt: isoOrNull(submission.publishAt),
    unpublishAt: isoOrNull(submission.unpublishAt),
    createdAt: iso(submission.createdAt),
    updatedAt: iso(submission.updatedAt),
    decidedBy: await person(submission.decidedBy),
  };
}

export async function commentViews(comments: SubmissionComment[], person: ReturnType<typeof nameBook>): Promise<CommentView[]> {
  return Promise.all(comments.map(async (c) => ({ id: c.id, author: await person(c.authorId), at: iso(c.at), action: c.action, text: c.text })));
}

/** The submission with its comments, as the detail endpoint and every decision answer it. */
export async function fullView(kring: KringServices, submission: Submission): Promise<SubmissionDetail> {
  const person = nameBook(kring);
  return {
    submission: await submissionView(kring, submission, person),
    comments: await commentViews(await kring.editorial.comments(submission.id), person),
  };
}
