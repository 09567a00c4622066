/** The editorial workflow: articles submitted to a news space, and the editors' decisions (docs/api.md). */
import * as v from 'valibot';
import { isoTime, text, type IsoTime } from './http.ts';

export const MAX_TITLE_LENGTH = 200;
export const MAX_COMMENT_LENGTH = 4000;

/** POST /api/editorial/submissions. */
export const NewSubmission = v.object({
  spaceId: v.string(),
  docId: v.optional(v.string()),
  title: v.optional(text(MAX_TITLE_LENGTH)),
});
export type NewSubmissionBody = v.InferInput<typeof NewSubmission>;

export const EDITOR_ACTIONS = ['request-changes', 'reject', 'publish', 'unpublish'] as const;
export const AUTHOR_ACTIONS = ['resubmit'] as const;
export const SUBMISSION_ACTIONS = [...EDITOR_ACTIONS, ...AUTHOR_ACTIONS, 'comment'] as const;
export type SubmissionAction = (typeof SUBMISSION_ACTIONS)[number];

/** POST /api/editorial/submissions/<id>/<action>: dates in, milliseconds out; an empty body is an empty request. */
export const SubmissionDecision = v.pipe(
  v.optional(v.nullable(v.object({ comment: v.optional(text(MAX_COMMENT_LENGTH), ''), publishAt: v.optional(v.nullable(isoTime), null), unpublishAt: v.optional(v.nullable(isoTime), null) }))),
  v.transform((body) => body ?? { comment: '', publishAt: null, unpublishAt: null }),
);
export type SubmissionDecisionBody = v.InferInput<typeof SubmissionDecision>;

export type SubmissionStatus = 'submitted' | 'changes_requested' | 'scheduled' | 'published' | 'rejected' | 'unpublished';

export interface PersonName {
  id: string;
  name: string;
}

export interface Submission {
  id: string;
  spaceId: string;
  docName: string;
  status: SubmissionStatus;
  title: string;
  author: PersonName | null;
  pageId: string | null;
  pageDocName: string | null;
  publishAt: IsoTime | null;
  unpublishAt: IsoTime | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
  decidedBy: PersonName | null;
}

export interface SubmissionComment {
  id: number;
  author: PersonName | null;
  at: IsoTime;
  action: string;
  text: string;
}

export interface SubmissionList {
  editor: boolean;
  submissions: Submission[];
}
export interface SubmissionDetail {
  submission: Submission;
  comments: SubmissionComment[];
}
