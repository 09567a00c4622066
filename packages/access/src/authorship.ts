/**
 * Who said it: which keys of a per-person document a writer may create, overwrite or delete. The sync server
 * reads each update's writes against the document (sync-server/src/writes.ts) and drops an update when one of
 * them breaks a rule here, so a post, comment, like or vote always carries the person whose session wrote it.
 * The rule table per kind is in docs/privacy.md ("Who said it"). Pages are shared work and not judged; on a board
 * only what names a person (a card's assignment, a hand-over) is, the rest of it is shared work.
 */
import { MAX_MESSAGE_LENGTH, MAX_NOTE_LENGTH, isPictureList, isReaction } from '@kring/shapes';
import { parseDocName, type DocKind } from '@kring/shapes/names';
import type { AccessUser, SpaceGrant } from './index.ts';

/** One key set or deleted, as a path of map keys from the root; null stands for a position in a list. */
export interface KeyWrite {
  op: 'set' | 'delete';
  path: readonly (string | null)[];
  /** A set that replaces a live value (an overwrite, not an insert). */
  replaces: boolean;
  /** For a set, the value it writes; for a deletion, the value it removes (one per value of a list). */
  value?: unknown;
  /** The kind of shared type a set makes, when it makes one. */
  made?: 'map' | 'array' | 'text' | 'other';
}

/** An update's writes, and what a rule reads of the document to judge them. */
export interface WrittenChange {
  writes: readonly KeyWrite[];
  /** The plain value at `path` with the update applied, as far as it sets it; else as the document holds it. */
  read(path: readonly string[]): unknown;
  /** Whether the update makes the map at `path`. */
  creates(path: readonly string[]): boolean;
  /** The live entries (key, plain value) of the map at `path` as the document holds it, before the update. */
  entries(path: readonly string[]): Iterable<readonly [string, unknown]>;
}

/** The person behind a session, as the server knows them. */
export interface Writer {
  user: AccessUser;
  name: string;
}

/** Kinds with content that belongs to people: the server keeps them open as documents and judges every write. */
const PERSONAL: ReadonlySet<DocKind> = new Set(['feed', 'board', 'chat']);

/** Whether the writes to this document are judged per person (feeds, boards, chats); pages are shared work. */
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
 * A moderator may remove what others wrote (a post, a comment, a hand-over note), never write in their name.
 */
export function moderates(user: AccessUser, grant: SpaceGrant): boolean {
  const staff = user.role !== 'client' && user.role !== 'guest';
  return user.role === 'editor' || user.role === 'admin' || (grant.kind !== 'team' && grant.role === 'owner') || (grant.kind === 'client' && staff);
}

/** A feed's rights: moderation (above), and pinning for every member of a team and moderators elsewhere. */
export function feedRights(user: AccessUser, grant: SpaceGrant): FeedRights {
  const moderate = moderates(user, grant);
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
  if (name.kind === 'chat') return change.writes.some((write) => !mayWriteChat(write, user.id, writerName, change));
  if (name.kind === 'board') {
    const judge: BoardJudge = { userId: user.id, writerName, moderate: moderates(user, grant) };
    return change.writes.some((write) => !mayWriteBoard(write, judge));
  }
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
function mayWriteFeed({ op, path, replaces, value }: KeyWrite, { user, writerName, rights, pollsOff, change }: FeedJudge): boolean {
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
      // Keys only, which name files the post's author uploaded for this document (packages/shapes/src/files.ts).
      if (part === 'pictures' && op === 'set' && !isPictureList(value)) return false;
      if (newPost) return op === 'set';
      if (AUTHOR_FIELDS.has(part) || POST_PARTS.has(part)) return false;
      return isBy(post) || (part === 'pinned' && rights.pin);
    case 4: {
      if (part === 'likes') return mayWritePersonal(keys, op, replaces, user.id, change, (value) => isPlainRecord(value, ['userId']));
      if (part === 'comments') {
        const comment = keys;
        return op === 'delete' ? isBy(comment) || rights.moderate : madeAsWriter(comment);
      }
      // A poll's options and votes map are fixed when the post is made; only opening and closing follows.
      if (part === 'poll') return newPost ? op === 'set' : key === 'closed' && (isBy(post) || rights.moderate);
      return false;
    }
    case 5: {
      if (part === 'poll' && key === 'votes') return mayWritePersonal(keys, op, replaces, user.id, change, (value) => isPlainRecord(value, ['userId', 'optionId']) && typeof value.optionId === 'string');
      if (part !== 'comments') return false;
      const comment = keys.slice(0, 4);
      if (change.creates(comment)) return op === 'set';
      return !AUTHOR_FIELDS.has(leaf) && isBy(comment);
    }
    default:
      return false;
  }
}

/** Fields a message's author may change after sending it. */
const MESSAGE_EDITS: ReadonlySet<string> = new Set(['text', 'editedAt', 'mentions']);
/** Every field a message may have (packages/shapes/src/chat.ts); nothing else is stored. */
const MESSAGE_FIELDS: ReadonlySet<string> = new Set(['authorId', 'authorName', 'text', 'createdAt', 'editedAt', 'replyTo', 'mentions', 'pictures']);

/**
 * The chat's rule table (packages/shapes/src/chat.ts for the layout): a message is made by its writer in their own
 * name, with plain fields only; only its author changes its text or deletes it. Nobody moderates a conversation:
 * who said something there takes it back. A reaction is the writer's own, on a message that is there, each emoji
 * once per person and message; only they take it back, unless its message is gone (then anyone may clear it).
 */
function mayWriteChat(write: KeyWrite, userId: string, writerName: string, change: WrittenChange): boolean {
  const { op, path, replaces, value, made } = write;
  if (path[0] === 'reactions') return mayReact(write, userId, change);
  if (path[0] !== 'messages' || path.length < 2 || path.length > 3 || path.some((key) => key === null)) return false;
  const message = path.slice(0, 2) as string[];
  const isBy = () => change.read([...message, 'authorId']) === userId;
  if (path.length === 2) {
    if (op === 'delete') return isBy();
    return !replaces && change.creates(message) && isBy() && change.read([...message, 'authorName']) === writerName && typeof change.read([...message, 'text']) === 'string';
  }
  const field = path[2]!;
  if (!MESSAGE_FIELDS.has(field) || made !== undefined) return false;
  if (op === 'set' && field === 'text' && (typeof value !== 'string' || value.length > MAX_MESSAGE_LENGTH)) return false;
  // Keys only, which name files the message's author uploaded for this document; fixed when it is sent.
  if (op === 'set' && field === 'pictures' && !isPictureList(value)) return false;
  if (change.creates(message)) return op === 'set';
  return MESSAGE_EDITS.has(field) && isBy();
}

function mayReact({ op, path, replaces, value, made }: KeyWrite, userId: string, change: WrittenChange): boolean {
  if (path.length !== 2 || path[1] === null || made !== undefined) return false;
  if (op === 'delete') {
    if (!isPlainRecord(value) || typeof value.messageId !== 'string') return false;
    const messageId = value.messageId;
    const messageGoes = change.writes.some((other) => other.op === 'delete' && other.path.length === 2 && other.path[0] === 'messages' && other.path[1] === messageId);
    return value.userId === userId || messageGoes || change.read(['messages', messageId]) === undefined;
  }
  if (replaces || !isPlainRecord(value, ['messageId', 'userId', 'emoji']) || value.userId !== userId || !isReaction(value.emoji)) return false;
  const { messageId, emoji } = value;
  if (typeof messageId !== 'string' || typeof change.read(['messages', messageId, 'authorId']) !== 'string') return false;
  // Once per person, message and emoji: what the document holds and this update does not take back, and what it adds.
  const same = (entry: unknown) => isPlainRecord(entry) && entry.userId === userId && entry.messageId === messageId && entry.emoji === emoji;
  const deleted = new Set(change.writes.filter((w) => w.op === 'delete' && w.path.length === 2 && w.path[0] === 'reactions').map((w) => w.path[1]));
  let mine = 0;
  for (const [key, entry] of change.entries(['reactions'])) if (!deleted.has(key) && same(entry)) mine++;
  for (const w of change.writes) if (w.op === 'set' && w.path.length === 2 && w.path[0] === 'reactions' && same(w.value)) mine++;
  return mine <= 1;
}

interface BoardJudge {
  userId: string;
  writerName: string;
  moderate: boolean;
}

/**
 * The board's rule table (packages/shapes/src/board.ts for the layout). A board is shared work: titles, columns,
 * card text, labels, dates and checklists are every writer's. Only what names a person is judged: an assignment
 * (`cards/<card>/assignees/<person>`) says who assigned it, and that must be the writer; a hand-over
 * (`cards/<card>/handovers/<n>`) says who handed over, and that must be the writer, and only they or a moderator
 * may remove it. The lists that hold them are made with the card (or once, when missing), never replaced.
 */
function mayWriteBoard({ op, path, replaces, value, made }: KeyWrite, { userId, writerName, moderate }: BoardJudge): boolean {
  if (path[0] !== 'cards' || path.length < 3 || (path[2] !== 'assignees' && path[2] !== 'handovers')) return true;
  const [, , part] = path;
  if (path.length === 3) {
    if (op === 'delete' || replaces) return false; // only with the card: it would remove others' assignments or notes
    return made === (part === 'assignees' ? 'map' : 'array');
  }
  if (path.length !== 4) return false; // assignments and hand-overs are plain values: nothing lives inside them
  if (part === 'assignees') {
    if (op === 'delete') return true; // taking someone off a card is shared work
    return isPlainRecord(value, ['name', 'assignedBy']) && typeof value.name === 'string' && value.assignedBy === userId;
  }
  if (path[3] !== null) return false; // hand-overs are a list
  if (op === 'delete') return moderate || (isPlainRecord(value) && isPlainRecord(value.from) && value.from.id === userId);
  return isHandoverBy(value, userId, writerName);
}

/** A hand-over record `{from, to, note, at}` whose `from` is the writer, with a note of at most 2,000 characters. */
function isHandoverBy(value: unknown, userId: string, writerName: string): boolean {
  if (!isPlainRecord(value, ['from', 'to', 'note', 'at'])) return false;
  const { from, to, note, at } = value;
  return (
    isPlainRecord(from, ['id', 'name']) &&
    from.id === userId &&
    from.name === writerName &&
    isPlainRecord(to, ['id', 'name']) &&
    typeof to.id === 'string' &&
    typeof to.name === 'string' &&
    typeof note === 'string' &&
    note.length <= MAX_NOTE_LENGTH &&
    typeof at === 'string'
  );
}

/**
 * A like or vote (`posts/<post>/likes/<key>`, `posts/<post>/poll/votes/<key>`): only the writer's own, under a new
 * key (never an overwrite), and at most one per person in the map once the update is applied. Old entries keyed by
 * user id (see packages/shapes/src/feed.ts) may only be taken back, by that person.
 */
function mayWritePersonal(
  path: readonly string[],
  op: KeyWrite['op'],
  replaces: boolean,
  userId: string,
  change: WrittenChange,
  isValid: (value: Record<string, unknown>) => boolean,
): boolean {
  const key = path.at(-1)!;
  if (op === 'delete') return key === userId || ownerOf(change.read(path)) === userId;
  const value = change.read(path);
  if (replaces || !isPlainRecord(value) || !isValid(value) || value.userId !== userId) return false;
  // One per person: the writer's entries already there that this update does not take back, and what it adds.
  const map = path.slice(0, -1);
  const deleted = new Set(change.writes.filter((write) => write.op === 'delete' && write.path.length === path.length && samePrefix(write.path, map)).map((write) => write.path.at(-1)));
  let mine = 0;
  for (const [entryKey, entry] of change.entries(map)) if (!deleted.has(entryKey) && (entryKey === userId || ownerOf(entry) === userId)) mine++;
  for (const write of change.writes) if (write.op === 'set' && write.path.length === path.length && samePrefix(write.path, map)) mine++;
  return mine <= 1;
}

function ownerOf(value: unknown): unknown {
  return isPlainRecord(value) ? value.userId : undefined;
}

/** A plain object (not a shared type, not a list), with exactly `keys` when given. */
function isPlainRecord(value: unknown, keys?: readonly string[]): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (!keys) return true;
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => own.includes(key));
}

function samePrefix(path: readonly (string | null)[], prefix: readonly string[]): boolean {
  return prefix.every((key, i) => path[i] === key);
}
