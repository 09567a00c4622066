/**
 * The access log's API (NEN 7513; docs/privacy.md, "Who read it"): the privacy officer's view per document or
 * person (`GET /api/access-log`), and a client's own overview (`GET /api/me/access-log`).
 */
import * as v from 'valibot';
import type { OrgRole } from '@kring/access';

export const ACCESS_EVENTS = ['read', 'create', 'change', 'delete', 'export', 'search', 'emergency'] as const;
/** What happened: read (the server sent it), create, change, delete, export, search (listed), emergency access. */
export type AccessEvent = (typeof ACCESS_EVENTS)[number];
export const ACCESS_POINTS = ['socket', 'batch', 'changes', 'api', 'device', 'server'] as const;
/**
 * How it reached the server: a sync socket, the sync batch, the changes feed, another HTTP API, what a device
 * reported, or the server's own write (publishing, erasure, the demo).
 */
export type AccessPoint = (typeof ACCESS_POINTS)[number];

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** GET /api/access-log query: exactly one of `document` and `person`; `format=csv` for a spreadsheet. */
export const AccessLogQuery = v.pipe(
  v.object({
    document: v.optional(v.pipe(v.string(), v.maxLength(200, 'must be a document name'), v.regex(/^[A-Za-z0-9_-]{1,64}\/(members|[a-z]{1,16}\/[A-Za-z0-9_-]{1,64})$/, 'must be a document name'))),
    person: v.optional(v.pipe(v.string(), v.regex(ID, 'must be a person id'))),
    format: v.optional(v.picklist(['json', 'csv'], 'must be json or csv'), 'json'),
  }),
  v.check((query) => (query.document === undefined) !== (query.person === undefined), 'give either document or person'),
);
export type AccessLogQueryInput = v.InferInput<typeof AccessLogQuery>;

/**
 * Who it was. The privacy officer sees every `person` by id, name and function; a client sees staff by name and
 * function and other clients only as a member of a space; `system` is the server itself.
 */
export type AccessLogActor =
  /** `role` null: an account not (or no longer) in the organisation. */
  | { kind: 'person'; id: string; name: string; role: OrgRole | null }
  | { kind: 'staff'; name: string; role: OrgRole }
  | { kind: 'client'; space: string }
  | { kind: 'system' };

export interface AccessLogEntry {
  /** ISO 8601, UTC. */
  at: string;
  actor: AccessLogActor;
  event: AccessEvent;
  /** A document name, or `<spaceId>/members` for a client space's list of people. */
  document: string;
  accessPoint: AccessPoint;
}

/** The privacy officer's entry: also whom it concerns, for whom it was done, and from which device. */
export interface OfficerAccessLogEntry extends AccessLogEntry {
  clients: { id: string; name: string }[];
  onBehalfOf: { id: string; name: string } | null;
  /** A short mark of the session (not the session itself): the same mark is the same device and login. */
  device: string | null;
}

/** GET /api/access-log (JSON), newest first, at most 1000. */
export interface AccessLogAnswer {
  entries: OfficerAccessLogEntry[];
}

/** GET /api/me/access-log: who else read or changed information about me, newest first. */
export interface MyAccessLogAnswer {
  entries: AccessLogEntry[];
}
