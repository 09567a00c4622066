/** A page's versions and a handbook protocol's status, as the device and the server speak of them (docs/api.md). */
import * as v from 'valibot';
import { ORG_ROLES, type OrgRole } from '@kring/access';
import type { IsoTime } from './http.ts';

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
  /** Who must read it and confirm each approved version: everyone who reads the space, people of these roles, or nobody. */
  mustRead: MustRead | null;
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
  /** Set by those who assign (as owner and approver). */
  mustRead: v.optional(
    v.nullable(
      v.union(
        [
          v.literal('space'),
          v.pipe(v.array(v.picklist(ORG_ROLES as OrgRole[])), v.minLength(1, 'must name a role'), v.maxLength(ORG_ROLES.length), v.check((roles) => new Set(roles).size === roles.length, 'must not repeat a role')),
        ],
        `must be "space", a list of roles (${ORG_ROLES.join(', ')}) or null`,
      ),
    ),
  ),
});

export type ChangePageControlBody = v.InferInput<typeof ChangePageControl>;

/** POST /api/documents/control/approve. */
export const ApprovePage = v.object({ name: v.string() });

/**
 * Who must read a protocol: everyone who may read its space (`space`), or only those of these organisation roles
 * among them. Each confirms each approved version (docs/api.md, "Read confirmations").
 */
export type MustRead = 'space' | OrgRole[];

/** One person who must read a protocol, for those who keep it. */
export interface ProtocolReader {
  id: string;
  name: string;
  /** The newest approved version they confirmed, and when the server heard it; null: never. */
  confirmed: { versionId: number; at: IsoTime } | null;
  /** Whether they confirmed the version readers see now. */
  current: boolean;
}

/** GET /api/documents/reads?name: where this person stands with a protocol, and (for its keepers) everyone else. */
export interface ReadStatus {
  name: string;
  /** Whether this person must read it. */
  mustRead: boolean;
  /** The approved version to confirm; null while none was approved. */
  versionId: number | null;
  /** The newest approved version this person confirmed; null: never. */
  confirmed: { versionId: number; at: IsoTime } | null;
  /** Whether this person must still confirm `versionId`. */
  due: boolean;
  /** Everyone who must read it, for its owner, approver, the space's owners and administrators; null for anyone else. */
  readers: ProtocolReader[] | null;
  /** Whether this person may remind those who have not confirmed (the same people who see `readers`). */
  mayRemind: boolean;
}

/** POST /api/documents/reads: "I read this version". The session says who; a version must be one that was approved. */
export const ConfirmRead = v.object({ name: v.string(), versionId: v.pipe(v.number(), v.integer(), v.minValue(1)) });
export type ConfirmReadBody = v.InferInput<typeof ConfirmRead>;

/** POST /api/documents/reads/remind. */
export const RemindReaders = v.object({ name: v.string() });

export interface Reminded {
  /** How many people were reminded now (those already reminded today are not told twice). */
  reminded: number;
}

/** One protocol this person must still confirm (GET /api/documents/to-read), for the home screen. */
export interface ProtocolToRead {
  name: string;
  spaceId: string;
  spaceName: string;
  title: string;
  versionId: number;
  approvedAt: IsoTime;
  /** The version they confirmed before, if any: the page shows what changed since. */
  confirmedVersionId: number | null;
}

export interface ProtocolsToRead {
  protocols: ProtocolToRead[];
}
