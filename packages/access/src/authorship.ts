/**
 * Who said it: which keys of a per-person document a writer may create, overwrite or delete. The sync server
 * reads each update's writes against the document (sync-server/src/writes.ts) and drops an update when one of
 * them breaks a rule here, so a post, comment, like or vote always carries the person whose session wrote it.
 * The rule table per kind is in docs/privacy.md ("Who said it"). Shared work (pages, boards) is not judged.
 */
import { parseDocName, type DocKind } from '@kring/shapes/names';
import type { AccessUser, SpaceGrant } from './index.ts';

/** One key set or deleted, as a path of map keys from the root; null stands for a position in a list. */
export interface KeyWrite {
  op: 'set' | 'delete';
  path: readonly (string | null)[];
  /** A set that replaces a live value (an overwrite, not an insert). */
  replaces: boolean;
}

/** An update's writes, and what a rule reads of the document to judge them. */
export interface WrittenChange {
  writes: readonly KeyWrite[];
  /** The plain value at `path` with the update applied, as far as it sets it; else as the document holds it. */
  read(path: readonly string[]): unknown;
  /** Whether the update makes the map at `path`. */
  creates(path: readonly string[]): boolean;
}

/** The person behind a session, as the server knows them. */
export interface Writer {
  user: AccessUser;
  name: string;
}

/** Kinds whose content belongs to people: the server keeps them open as documents and judges every write. */
const PERSONAL: ReadonlySet<DocKind> = new Set(['feed']);

/** Whether the writes to this document are judged per person (feeds); pages and boards are shared work. */
export function judgesWrites(docName: string): boolean {
  const name = parseDocName(docName);
  return name !== null && PERSONAL.has(name.kind);
}

/** What a person may do to others' content in a space's feed. */
export interface FeedRights {
  /** Remove anyone's post or comment, and close anyone's poll. */
  moderate: boolean;
  /** Pin and unpin posts. */
  pin: boolean;
}

/**
 * Moderation is one rule: editors and administrators everywhere; a space's owners, except in a team's own space
 * (where the team is among equals); and the staff of a client space, who answer for what clients read there.
 * Pinning: every member of a team, and moderators elsewhere.
 */
export function feedRights(user: AccessUser, grant: SpaceGrant): FeedRights {
  const staff = user.role !== 'client' && user.role !== 'guest';
  const moderate = user.role === 'editor' || user.role === 'admin' || (grant.kind !== 'team' && grant.role === 'owner') || (grant.kind === 'client' && staff);
  return { moderate, pin: grant.kind === 'team' || moderate };
}

/** Parts of a post made with it and never replaced or removed alone: that would wipe others' comments, likes, votes. */
const POST_PARTS: ReadonlySet<string> = new Set(['comments', 'likes', 'poll']);
const AUTHOR_FIELDS: ReadonlySet<string> = new Set(['authorId', 'authorName']);

/**
 * Whether `writer`'s change to the document `docName` must be refused: one of its writes is not theirs to
 * make. Unknown places in a judged document are refused too.
 */
export function refusesWrites({ user, name: writerName }: Writer, docName: string, change: WrittenChange): boolean {
  const name = parseDocName(docName);
  const grant = name && Object.hasOwn(user.spaces, name.spaceId) ? user.spaces[name.spaceId] : undefined;
  if (!name || !grant || !PERSONAL.has(name.kind)) return false;
  const rights = feedRights(user, grant);
  const pollsOff = grant.features !== undefined && !grant.features.includes('polls');
  return change.writes.some((write) => !mayWriteFeed(write, { user, writerName, rights, pollsOff, change }));
}

interface FeedJudge {
  user: AccessUser;
  writerName: string;
  rights: FeedRights;
  pollsOff: boolean;
  change: WrittenChange;
}

/** The feed's rule table (packages/shapes/src/feed.ts for the layout). */
function mayWriteFeed({ op, path, replaces }: KeyWrite, { user, writerName, rights, pollsOff, change }: FeedJudge): boolean {
  if (path[0] !== 'posts' || path.some((key) => key === null)) return false;
  const keys = path as readonly string[];
  const post = keys.slice(0, 2);
  const isBy = (entry: readonly string[]) => change.read([...entry, 'authorId']) === user.id;
  /** A new post or comment, made by the writer in their own name. */
  const madeAsWriter = (entry: readonly string[]) =>
    op === 'set' && !replaces && change.creates(entry) && isBy(entry) && change.read([...entry, 'authorName']) === writerName;
  const newPost = change.creates(post);
  const [, , part, key, leaf] = keys;
  switch (keys.length) {
    case 2: // a post
      return op === 'delete' ? isBy(post) || rights.moderate : madeAsWriter(post);
    case 3: // a field of a post
      if (part === 'poll' && op === 'set' && pollsOff) return false;
      if (newPost) return op === 'set';
      if (AUTHOR_FIELDS.has(part) || POST_PARTS.has(part)) return false;
      return isBy(post) || (part === 'pinned' && rights.pin);
    case 4: {
      if (part === 'likes') return key === user.id;
      if (part === 'comments') {
        const comment = keys;
        return op === 'delete' ? isBy(comment) || rights.moderate : madeAsWriter(comment);
      }
      // A poll's options and votes map are fixed when the post is made; only opening and closing follows.
      if (part === 'poll') return newPost ? op === 'set' : key === 'closed' && (isBy(post) || rights.moderate);
      return false;
    }
    case 5: {
      if (part === 'poll' && key === 'votes') return leaf === user.id;
      if (part !== 'comments') return false;
      const comment = keys.slice(0, 4);
      if (change.creates(comment)) return op === 'set';
      return !AUTHOR_FIELDS.has(leaf) && isBy(comment);
    }
    default:
      return false;
  }
}
