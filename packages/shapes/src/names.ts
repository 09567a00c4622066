/**
 * Document names: `<spaceId>/<kind>/<docId>`. The space in the name decides access, so the sync server and the
 * access policy authorise a connection from the name alone; the parser is therefore strict and rejects
 * anything that is not exactly one valid name.
 *
 * This file imports nothing (not even yjs) so the access policy can use it through `@kring/shapes/names`.
 */

/**
 * The kinds of collaborative documents. `index` is a space's own table of contents. `submission` is an article
 * submitted to a news space, readable only by its author and the editors (its id names the author, see
 * @kring/access).
 */
export const DOC_KINDS = ['feed', 'page', 'board', 'chat', 'index', 'submission'] as const;

export type DocKind = (typeof DOC_KINDS)[number];

/** Space ids and document ids: 1 to 64 ASCII letters, digits, `_` or `-` (safe in URLs and file names). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The parts of a document name. */
export interface DocName {
  spaceId: string;
  kind: DocKind;
  docId: string;
}

/** Thrown by `docName` when a part is not valid; `code` lets callers react without matching message text. */
export class InvalidDocNameError extends Error {
  readonly code = 'invalid-doc-name';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidDocNameError';
  }
}

const KIND_SET: ReadonlySet<string> = new Set(DOC_KINDS);
// Longest valid name: two 64-character ids, the longest kind and two slashes. Checked first so a huge string
// costs nothing.
const MAX_NAME_LENGTH = 64 + 1 + Math.max(...DOC_KINDS.map((kind) => kind.length)) + 1 + 64;

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export function isDocKind(value: unknown): value is DocKind {
  return typeof value === 'string' && KIND_SET.has(value);
}

/** Parses a document name; returns null for anything that is not exactly `<spaceId>/<kind>/<docId>`. */
export function parseDocName(name: unknown): DocName | null {
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH) return null;
  const parts = name.split('/');
  if (parts.length !== 3) return null;
  const [spaceId, kind, docId] = parts as [string, string, string];
  if (!isValidId(spaceId) || !isDocKind(kind) || !isValidId(docId)) return null;
  return { spaceId, kind, docId };
}

/** Builds a document name; throws `InvalidDocNameError` if any part is invalid. */
export function docName(spaceId: string, kind: DocKind, docId: string): string {
  if (!isValidId(spaceId)) throw new InvalidDocNameError(`invalid space id: ${JSON.stringify(spaceId)}`);
  if (!isDocKind(kind)) throw new InvalidDocNameError(`invalid document kind: ${JSON.stringify(kind)}`);
  if (!isValidId(docId)) throw new InvalidDocNameError(`invalid document id: ${JSON.stringify(docId)}`);
  return `${spaceId}/${kind}/${docId}`;
}
