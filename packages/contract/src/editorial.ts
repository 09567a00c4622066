/** The editorial workflow: articles submitted to a news space, and the editors' decisions (docs/api.md). */
import * as v from 'valibot';
import { isoTime, text, type IsoTime } from './http.ts';

export const MAX_TITLE_LENGTH = 200;
export const MAX_COMMENT_LENGTH = 4000;
/** A version names every writer of the article and what they deleted: small for an article, bounded for an attack. */
export const MAX_VERSION_LENGTH = 256 * 1024;

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
  v.optional(
    v.nullable(
      v.object({
        comment: v.optional(text(MAX_COMMENT_LENGTH), ''),
        publishAt: v.optional(v.nullable(isoTime), null),
        unpublishAt: v.optional(v.nullable(isoTime), null),
        // `publish`: the version of the article the editor reviewed (@kring/shapes `versionOf`). Publishing copies
        // exactly that version, or is refused (409 `changed_since_review`) when the article changed since.
        reviewed: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(MAX_VERSION_LENGTH))), null),
      }),
    ),
  ),
  v.transform((body) => body ?? { comment: '', publishAt: null, unpublishAt: null, reviewed: null }),
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
