/** The editorial API's answers, as docs/api.md describes them. */
export type SubmissionStatus = 'submitted' | 'changes_requested' | 'scheduled' | 'published' | 'rejected' | 'unpublished';

export interface Submission {
  id: string;
  spaceId: string;
  docName: string;
  status: SubmissionStatus;
  title: string;
  author: { id: string; name: string } | null;
  pageId: string | null;
  pageDocName: string | null;
  publishAt: string | null;
  unpublishAt: string | null;
  createdAt: string;
  updatedAt: string;
  decidedBy: { id: string; name: string } | null;
}

export interface SubmissionComment {
  id: number;
  author: { id: string; name: string } | null;
  at: string;
  action: string;
  text: string;
}

/** An article as the author's list shows it: registered with the editors, or still only written. */
export type ArticleState = SubmissionStatus | 'draft' | 'sending';
