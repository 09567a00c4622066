/** A page's versions and a handbook protocol's status, as the device and the server speak of them (docs/api.md). */
import * as v from 'valibot';

/** Names of versions people give; those the server keeps by itself start with `auto:`, people's may not. */
export const MAX_VERSION_LABEL = 80;

/** How a version came to be: named by a person, or kept by the server (daily, at compaction, before a restore, approved). */
export type VersionKind = 'named' | 'daily' | 'compaction' | 'restore' | 'approved';

export interface PageVersion {
  id: number;
  kind: VersionKind;
  /** The person's name for it ('' for the server's own). */
  label: string;
  /** Who saved it, as the server recorded it (null: the server itself, or an account that is gone). */
  author: { id: string; name: string } | null;
  /** ISO time. */
  at: string;
}

export interface PageVersionList {
  name: string;
  /** Newest first. */
  versions: PageVersion[];
  /** Whether this person may name and restore versions (write access). */
  mayChange: boolean;
}

/** GET /api/documents/versions?name and GET /api/documents/versions/<id>?name. */
export const VersionsQuery = v.object({ name: v.string() });

/** POST /api/documents/versions. */
export const NameVersion = v.object({
  name: v.string(),
  label: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(MAX_VERSION_LABEL, `must be at most ${MAX_VERSION_LABEL} characters`),
    v.check((label) => !label.startsWith('auto:'), 'must not start with auto:'),
  ),
});

/** POST /api/documents/versions/<id>/restore. */
export const RestoreVersion = v.object({ name: v.string() });

/** A version's readable text, per top-level block, for a comparison on the device. */
export interface PageVersionText {
  name: string;
  id: number;
  title: string;
  blocks: string[];
}

export interface RestoredVersion {
  /** The version restored. */
  id: number;
  /** The version the server kept of the page just before the restore, so a restore can be undone too. */
  before: number;
  /** How many blocks the restore removed and inserted (blocks equal to the version's were left alone). */
  removed: number;
  inserted: number;
}

export const PAGE_STATUSES = ['draft', 'in_review', 'approved'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/** A protocol in a handbook space: owner, approver, review date and status. */
export interface PageControl {
  name: string;
  status: PageStatus;
  owner: { id: string; name: string } | null;
  approver: { id: string; name: string } | null;
  /** YYYY-MM-DD, or null. */
  reviewOn: string | null;
  /** Whether the review date has come. */
  reviewDue: boolean;
  /** The version readers see, or null while none was approved. */
  approved: { versionId: number; at: string; by: { id: string; name: string } | null } | null;
  /** What this person may do: approve (owner or approver), assign (space owner, administrator, protocol owner), edit (write access). */
  mayApprove: boolean;
  mayAssign: boolean;
  mayEdit: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** PUT /api/documents/control: what is not named stays. Status here is draft or in review: approving is its own act. */
export const ChangePageControl = v.object({
  name: v.string(),
  ownerId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
  approverId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
  reviewOn: v.optional(v.nullable(v.pipe(v.string(), v.regex(DATE, 'must be YYYY-MM-DD'), v.check((day) => !Number.isNaN(Date.parse(day)), 'must be a date')))),
  status: v.optional(v.picklist(['draft', 'in_review'] as const, 'must be draft or in_review')),
});

export type ChangePageControlBody = v.InferInput<typeof ChangePageControl>;

/** POST /api/documents/control/approve. */
export const ApprovePage = v.object({ name: v.string() });
