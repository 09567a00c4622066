/**
 * A space's feed: posts with comments, likes, mentions, polls and pins.
 *
 * A feed grows forever, so it is split by period: one document per calendar month (UTC), named
 * `<spaceId>/feed/<YYYY-MM>` (`feedDocId`). New posts go into the current month's document; older months are
 * loaded on demand (`previousFeedDocId`), and no single document grows without bound.
 *
 * Layout: the root map `posts` holds one Y.Map per post, keyed by post id, with plain fields, a `comments`
 * map (comment id → Y.Map) and a `likes` map (random id → `{ userId }`). Keying by id, not by position, lets
 * concurrent posts, comments and likes merge.
 *
 * A post may carry a poll: its options are fixed when the post is made (a plain value, so nobody can change the
 * question under people who voted), and its `votes` map holds random id → `{ userId, optionId }`; changing a
 * vote deletes the old entry and adds a new one.
 *
 * Why random keys and not user ids: Yjs keeps the key of a deleted map entry for good (only its value is
 * collected), so a like or vote keyed by user id would leave the person's id in the feed after it was taken back
 * or the person was erased. One like and one vote per person is counted when reading (two devices of one person
 * liking at once count once) and held by the server's rule table. The old layout (likes user id → true, votes
 * user id → option id) is still read, and taken back when the person unlikes or votes again.
 *
 * Mentions (`@Anna de Vries`) are stored as given by the UI, which resolves names against the space's members:
 * a plain list of `{userId, name}` beside the text, so the server can notify without parsing text.
 *
 * Author ids and names are written by the device. The server authorises the document, not fields inside it,
 * so a member could forge an author in a raw update; the UI shows what the document says.
 *
 * A post may carry up to `MAX_PICTURES` pictures: a plain list of keys the author's device chose when it uploaded
 * them (`pictures`). The file's id is derived from the author, the document and the key (`fileId`), so a post can
 * only ever show what its own author uploaded for this document: a forged key finds no file. The list is fixed by
 * the author's own writes (packages/access), and the server deletes the files when the post goes.
 *
 * Deleting a post or comment removes it from the map rather than marking it deleted: Yjs then drops the
 * deleted content from the document, which matters when someone posted a client's details by mistake. A
 * comment or like made concurrently on a deleted post goes with it.
 */
import * as Y from 'yjs';
import { ShapeError } from './errors.ts';
import { isFileKey } from './files.ts';
import { randomId } from './ids.ts';
import {
  asMap,
  createEntry,
  mapEntries,
  readBoolean,
  readNullableString,
  readString,
  requireEntry,
  requireString,
  toIsoString,
  type YMap,
} from './internal.ts';

/** Who a post is meant for: the space's members, or (news) the whole organisation. */
export type FeedAudience = 'space' | 'organisation';

export const FEED_AUDIENCES: readonly FeedAudience[] = ['space', 'organisation'];

/** The space a post was written from, when a team posted it for the whole organisation (in its space's feed). */
export interface PostOrigin {
  spaceId: string;
  spaceName: string;
}

/** A person named in a post or comment with `@name`. */
export interface Mention {
  userId: string;
  /** The name as it was written after the `@`, to find it in the text again. */
  name: string;
}

export interface PollOption {
  id: string;
  text: string;
  votes: number;
}

export interface Poll {
  /** In the order they were given. */
  options: PollOption[];
  /** User id → option id, counting only votes for options that exist. */
  votes: Record<string, string>;
  totalVotes: number;
  /** A closed poll takes no new votes. */
  closed: boolean;
}

export interface NewPoll {
  /** 2 to `MAX_POLL_OPTIONS` non-empty texts. */
  options: string[];
}

export const MAX_POLL_OPTIONS = 10;
/** Pictures one post may carry. */
export const MAX_PICTURES = 4;
export const MAX_MENTIONS = 50;

export interface Post {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  /** ISO 8601 (UTC). */
  createdAt: string;
  /** ISO 8601 (UTC) of the last edit, or null if never edited. */
  editedAt: string | null;
  audience?: FeedAudience;
  pinned: boolean;
  /** User ids that like the post, sorted. */
  likedBy: string[];
  likeCount: number;
  commentCount: number;
  mentions: Mention[];
  poll: Poll | null;
  /** Keys of the pictures the author uploaded for this post, in order (`fileId` makes each file's id). */
  pictures: string[];
  from?: PostOrigin;
}

export interface NewPost {
  authorId: string;
  /** Stored with the post so the feed shows names offline. */
  authorName: string;
  text: string;
  audience?: FeedAudience;
  pinned?: boolean;
  mentions?: Mention[];
  poll?: NewPoll;
  /** Keys of pictures uploaded by the author for this document (at most `MAX_PICTURES`). */
  pictures?: string[];
  /** Defaults to now. */
  createdAt?: Date;
  from?: PostOrigin;
}

export interface PostPatch {
  text?: string;
  /** Replaces the mentions (the UI resolves them again from the edited text). */
  mentions?: Mention[];
  /** null clears the audience. */
  audience?: FeedAudience | null;
  /** Defaults to now. */
  editedAt?: Date;
}

export interface PostComment {
  id: string;
  postId: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string;
  mentions: Mention[];
}

export interface NewComment {
  authorId: string;
  authorName: string;
  text: string;
  mentions?: Mention[];
  /** Defaults to now. */
  createdAt?: Date;
}

export interface ListPostsOptions {
  /** Pinned posts first (newest first among them), then the rest. */
  pinnedFirst?: boolean;
}

function posts(doc: Y.Doc): YMap {
  return doc.getMap('posts');
}

function checkAudience(audience: unknown): FeedAudience | undefined {
  if (audience === undefined) return undefined;
  if (audience === 'space' || audience === 'organisation') return audience;
  throw new ShapeError('invalid-argument', `invalid audience: ${String(audience)}`);
}

function readAudience(post: YMap): FeedAudience | undefined {
  const audience = post.get('audience');
  return audience === 'space' || audience === 'organisation' ? audience : undefined;
}

/** Checks mentions from the UI: ids and names non-empty strings, one entry per user, at most `MAX_MENTIONS`. */
export function checkMentions(mentions: unknown): Mention[] {
  if (mentions === undefined) return [];
  if (!Array.isArray(mentions)) throw new ShapeError('invalid-argument', 'mentions must be a list');
  const seen = new Set<string>();
  const result: Mention[] = [];
  for (const mention of mentions as unknown[]) {
    const { userId, name } = (mention ?? {}) as { userId?: unknown; name?: unknown };
    if (typeof userId !== 'string' || userId === '' || typeof name !== 'string' || name.trim() === '') {
      throw new ShapeError('invalid-argument', 'a mention needs a userId and a name');
    }
    if (seen.has(userId)) continue;
    seen.add(userId);
    result.push({ userId, name: name.trim() });
  }
  if (result.length > MAX_MENTIONS) throw new ShapeError('invalid-argument', `at most ${MAX_MENTIONS} mentions`);
  return result;
}

/** Stored mentions, skipping anything malformed a raw update may have put there. */
function readMentions(map: YMap): Mention[] {
  const value = map.get('mentions');
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const result: Mention[] = [];
  for (const mention of value as unknown[]) {
    const { userId, name } = (mention ?? {}) as { userId?: unknown; name?: unknown };
    if (typeof userId !== 'string' || userId === '' || typeof name !== 'string' || seen.has(userId)) continue;
    seen.add(userId);
    result.push({ userId, name });
  }
  return result;
}

/** Checks picture keys from the UI: at most `MAX_PICTURES` distinct keys of the file key form. */
/** `pictures` as a post or chat message stores it: none, or a picture list (`isPictureList`). */
export function checkPictures(pictures: unknown): string[] {
  if (pictures === undefined) return [];
  if (!isPictureList(pictures)) throw new ShapeError('invalid-argument', `at most ${MAX_PICTURES} distinct picture keys`);
  return [...pictures];
}

/** A list of at most `MAX_PICTURES` distinct file keys: what a post's `pictures` may hold (the server's rule too). */
export function isPictureList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_PICTURES &&
    value.every((key) => typeof key === 'string' && isFileKey(key)) &&
    new Set(value).size === value.length
  );
}

/** The picture keys a post or chat message holds (nothing that is not a picture list). */
export function readPictures(post: YMap): string[] {
  const value = post.get('pictures');
  return isPictureList(value) ? [...value] : [];
}

function checkPoll(poll: NewPoll): Array<{ id: string; text: string }> {
  const options = (poll as { options?: unknown }).options;
  if (!Array.isArray(options) || options.length < 2 || options.length > MAX_POLL_OPTIONS) {
    throw new ShapeError('invalid-argument', `a poll needs 2 to ${MAX_POLL_OPTIONS} options`);
  }
  return (options as unknown[]).map((text) => {
    if (typeof text !== 'string' || text.trim() === '') throw new ShapeError('invalid-argument', 'a poll option needs a text');
    return { id: randomId(), text: text.trim() };
  });
}

function pollOf(post: YMap): YMap | null {
  return asMap(post.get('poll'));
}

function readPollOptions(poll: YMap): Array<{ id: string; text: string }> {
  const value = poll.get('options');
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const options: Array<{ id: string; text: string }> = [];
  for (const option of value as unknown[]) {
    const { id, text } = (option ?? {}) as { id?: unknown; text?: unknown };
    if (typeof id !== 'string' || typeof text !== 'string' || seen.has(id)) continue;
    seen.add(id);
    options.push({ id, text });
  }
  return options;
}

function readPoll(poll: YMap): Poll {
  const options = readPollOptions(poll);
  const known = new Set(options.map((option) => option.id));
  const counts = new Map<string, number>();
  const votes: Record<string, string> = {};
  for (const { userId, optionId } of personalEntries(asMap(poll.get('votes')))) {
    if (typeof optionId !== 'string' || !known.has(optionId) || Object.hasOwn(votes, userId)) continue;
    votes[userId] = optionId;
    counts.set(optionId, (counts.get(optionId) ?? 0) + 1);
  }
  return {
    options: options.map((option) => ({ ...option, votes: counts.get(option.id) ?? 0 })),
    votes,
    totalVotes: Object.keys(votes).length,
    closed: readBoolean(poll, 'closed'),
  };
}

/** One person's like or vote: the map key it is stored under, the person and (a vote) the option. */
interface PersonalEntry {
  key: string;
  userId: string;
  optionId?: unknown;
}

/**
 * The likes or votes in `map`, in key order (so every device picks the same one when a person has two): new
 * entries `{ userId, optionId? }` under a random key, and old ones keyed by user id (`true` or an option id).
 */
function personalEntries(map: YMap | null): PersonalEntry[] {
  if (map === null) return [];
  const entries: PersonalEntry[] = [];
  const sorted = [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of sorted) {
    if (value !== null && typeof value === 'object' && !(value instanceof Y.AbstractType)) {
      const { userId, optionId } = value as { userId?: unknown; optionId?: unknown };
      if (typeof userId === 'string' && userId !== '') entries.push({ key, userId, optionId });
    } else if (value === true || typeof value === 'string') entries.push({ key, userId: key, optionId: value });
  }
  return entries;
}

function likesOf(post: YMap): string[] {
  // A like is `{ userId }` or (old layout) `true`; anything else in the map is no like.
  const likes = personalEntries(asMap(post.get('likes'))).filter(({ key, userId, optionId }) => (key === userId ? optionId === true : optionId === undefined));
  return [...new Set(likes.map(({ userId }) => userId))];
}

/** Takes back every like or vote of `userId` in `map`, old layout included. */
function deletePersonal(map: YMap, userId: string): void {
  for (const entry of personalEntries(map)) if (entry.userId === userId) map.delete(entry.key);
}

function readPost(id: string, post: YMap): Post {
  const likedBy = likesOf(post).sort();
  const comments = asMap(post.get('comments'));
  const result: Post = {
    id,
    authorId: readString(post, 'authorId'),
    authorName: readString(post, 'authorName'),
    text: readString(post, 'text'),
    createdAt: readString(post, 'createdAt'),
    editedAt: readNullableString(post, 'editedAt'),
    pinned: readBoolean(post, 'pinned'),
    likedBy,
    likeCount: likedBy.length,
    commentCount: comments === null ? 0 : mapEntries(comments).length,
    mentions: readMentions(post),
    poll: null,
    pictures: readPictures(post),
  };
  const poll = pollOf(post);
  if (poll !== null) result.poll = readPoll(poll);
  const audience = readAudience(post);
  if (audience !== undefined) result.audience = audience;
  const spaceId = post.get('fromSpaceId');
  const spaceName = post.get('fromSpaceName');
  if (typeof spaceId === 'string' && typeof spaceName === 'string') result.from = { spaceId, spaceName };
  return result;
}

function time(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

function newestFirst(a: Post, b: Post): number {
  return time(b.createdAt) - time(a.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Creates a post and returns its id. */
export function createPost(doc: Y.Doc, input: NewPost): string {
  const id = randomId();
  doc.transact(() => {
    const fields = {
      authorId: requireString(input.authorId, 'authorId'),
      authorName: requireString(input.authorName, 'authorName'),
      text: requireString(input.text, 'text'),
      createdAt: toIsoString(input.createdAt, 'createdAt'),
      audience: checkAudience(input.audience),
      pinned: input.pinned === true,
      ...(input.from && { fromSpaceId: requireString(input.from.spaceId, 'from.spaceId'), fromSpaceName: requireString(input.from.spaceName, 'from.spaceName') }),
    };
    const mentions = checkMentions(input.mentions);
    const options = input.poll === undefined ? null : checkPoll(input.poll);
    const pictures = checkPictures(input.pictures);
    const post = createEntry(posts(doc), id, fields);
    if (mentions.length > 0) post.set('mentions', mentions);
    if (pictures.length > 0) post.set('pictures', pictures);
    post.set('comments', new Y.Map());
    post.set('likes', new Y.Map());
    if (options !== null) {
      const poll = new Y.Map<unknown>();
      post.set('poll', poll);
      poll.set('options', options);
      poll.set('votes', new Y.Map());
    }
  });
  return id;
}

/** Edits a post's text or audience and records when. */
export function updatePost(doc: Y.Doc, postId: string, patch: PostPatch): void {
  doc.transact(() => {
    const post = requireEntry(posts(doc), postId, 'post');
    const text = patch.text === undefined ? undefined : requireString(patch.text, 'text');
    const audience = patch.audience === null ? null : checkAudience(patch.audience);
    const mentions = patch.mentions === undefined ? undefined : checkMentions(patch.mentions);
    const editedAt = toIsoString(patch.editedAt, 'editedAt');
    if (text !== undefined) post.set('text', text);
    if (mentions !== undefined) {
      if (mentions.length > 0) post.set('mentions', mentions);
      else post.delete('mentions');
    }
    if (audience === null) post.delete('audience');
    else if (audience !== undefined) post.set('audience', audience);
    post.set('editedAt', editedAt);
  });
}

export function setPinned(doc: Y.Doc, postId: string, pinned: boolean): void {
  doc.transact(() => {
    requireEntry(posts(doc), postId, 'post').set('pinned', pinned === true);
  });
}

/** Removes a post with its comments and likes (see the file comment for why not a soft delete). Idempotent. */
export function deletePost(doc: Y.Doc, postId: string): void {
  doc.transact(() => {
    posts(doc).delete(postId);
  });
}

export function getPost(doc: Y.Doc, postId: string): Post | null {
  const post = asMap(posts(doc).get(postId));
  return post === null ? null : readPost(postId, post);
}

/** Every picture the document's posts carry, as (author, key): what the server keeps files for. */
export function pictureRefs(doc: Y.Doc): Array<{ authorId: string; key: string }> {
  const refs: Array<{ authorId: string; key: string }> = [];
  for (const [, post] of mapEntries(posts(doc))) {
    const authorId = post.get('authorId');
    if (typeof authorId !== 'string') continue;
    for (const key of readPictures(post)) refs.push({ authorId, key });
  }
  return refs;
}

/** All posts, newest first (ties by id), optionally with pinned posts first. */
export function listPosts(doc: Y.Doc, options: ListPostsOptions = {}): Post[] {
  const all = mapEntries(posts(doc))
    .map(([id, post]) => readPost(id, post))
    .sort(newestFirst);
  if (options.pinnedFirst !== true) return all;
  return [...all.filter((post) => post.pinned), ...all.filter((post) => !post.pinned)];
}

/** Pinned posts only, newest first. */
export function pinnedPosts(doc: Y.Doc): Post[] {
  return listPosts(doc).filter((post) => post.pinned);
}

function commentsOf(doc: Y.Doc, postId: string): YMap {
  const comments = asMap(requireEntry(posts(doc), postId, 'post').get('comments'));
  if (comments === null) throw new ShapeError('not-found', `comments of post not found: ${postId}`);
  return comments;
}

/** Adds a comment to a post and returns its id. */
export function addComment(doc: Y.Doc, postId: string, input: NewComment): string {
  const id = randomId();
  doc.transact(() => {
    const comments = commentsOf(doc, postId);
    const mentions = checkMentions(input.mentions);
    createEntry(comments, id, {
      authorId: requireString(input.authorId, 'authorId'),
      authorName: requireString(input.authorName, 'authorName'),
      text: requireString(input.text, 'text'),
      createdAt: toIsoString(input.createdAt, 'createdAt'),
      mentions: mentions.length > 0 ? mentions : undefined,
    });
  });
  return id;
}

/** A post's comments, oldest first (ties by id); empty if the post does not exist. */
export function listComments(doc: Y.Doc, postId: string): PostComment[] {
  const post = asMap(posts(doc).get(postId));
  const comments = post === null ? null : asMap(post.get('comments'));
  if (comments === null) return [];
  return mapEntries(comments)
    .map(([id, comment]) => ({
      id,
      postId,
      authorId: readString(comment, 'authorId'),
      authorName: readString(comment, 'authorName'),
      text: readString(comment, 'text'),
      createdAt: readString(comment, 'createdAt'),
      mentions: readMentions(comment),
    }))
    .sort((a, b) => time(a.createdAt) - time(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Removes a comment. Idempotent. */
export function deleteComment(doc: Y.Doc, postId: string, commentId: string): void {
  doc.transact(() => {
    const post = asMap(posts(doc).get(postId));
    const comments = post === null ? null : asMap(post.get('comments'));
    comments?.delete(commentId);
  });
}

function likesMap(doc: Y.Doc, postId: string): YMap {
  const likes = asMap(requireEntry(posts(doc), postId, 'post').get('likes'));
  if (likes === null) throw new ShapeError('not-found', `likes of post not found: ${postId}`);
  return likes;
}

/** Likes (`liked` true) or unlikes a post for one user. Liking twice is one like. */
export function setLike(doc: Y.Doc, postId: string, userId: string, liked: boolean): void {
  doc.transact(() => {
    const likes = likesMap(doc, postId);
    requireString(userId, 'userId');
    if (liked) {
      // Skip the write when already liked: an unchanged value would still grow the document.
      if (!personalEntries(likes).some((entry) => entry.userId === userId)) likes.set(randomId(), { userId });
    } else {
      deletePersonal(likes, userId);
    }
  });
}

/** Flips a user's like and returns whether the user now likes the post. */
export function toggleLike(doc: Y.Doc, postId: string, userId: string): boolean {
  let liked = false;
  doc.transact(() => {
    liked = !hasLiked(doc, postId, userId);
    setLike(doc, postId, userId, liked);
  });
  return liked;
}

export function hasLiked(doc: Y.Doc, postId: string, userId: string): boolean {
  const post = asMap(posts(doc).get(postId));
  return post !== null && likesOf(post).includes(userId);
}

export function likeCount(doc: Y.Doc, postId: string): number {
  const post = asMap(posts(doc).get(postId));
  return post === null ? 0 : likesOf(post).length;
}

function requirePoll(doc: Y.Doc, postId: string): YMap {
  const poll = pollOf(requireEntry(posts(doc), postId, 'post'));
  if (poll === null) throw new ShapeError('not-found', `post has no poll: ${postId}`);
  return poll;
}

/**
 * Casts or changes `userId`'s vote in a post's poll: one vote per person, the last choice counts. Throws
 * `not-found` for a missing post, poll or option and `invalid-argument` when the poll is closed.
 */
export function vote(doc: Y.Doc, postId: string, userId: string, optionId: string): void {
  doc.transact(() => {
    const poll = requirePoll(doc, postId);
    requireString(userId, 'userId');
    if (userId === '') throw new ShapeError('invalid-argument', 'userId must not be empty');
    if (!readPollOptions(poll).some((option) => option.id === optionId)) {
      throw new ShapeError('not-found', `poll option not found: ${String(optionId)}`);
    }
    if (readBoolean(poll, 'closed')) throw new ShapeError('invalid-argument', 'the poll is closed');
    let votes = asMap(poll.get('votes'));
    if (votes === null) {
      votes = new Y.Map();
      poll.set('votes', votes);
    }
    const mine = personalEntries(votes).filter((entry) => entry.userId === userId);
    if (mine.length === 1 && mine[0].key !== userId && mine[0].optionId === optionId) return;
    deletePersonal(votes, userId);
    votes.set(randomId(), { userId, optionId });
  });
}

/** Takes back `userId`'s vote, if any. Allowed on a closed poll too: nobody is held to a vote. */
export function retractVote(doc: Y.Doc, postId: string, userId: string): void {
  doc.transact(() => {
    const votes = asMap(requirePoll(doc, postId).get('votes'));
    if (votes) deletePersonal(votes, userId);
  });
}

/** Closes (no new votes) or reopens a post's poll. */
export function setPollClosed(doc: Y.Doc, postId: string, closed: boolean): void {
  doc.transact(() => {
    const poll = requirePoll(doc, postId);
    if (readBoolean(poll, 'closed') !== closed) poll.set('closed', closed === true);
  });
}

/** The option `userId` voted for in a post's poll, or null. */
export function voteOf(doc: Y.Doc, postId: string, userId: string): string | null {
  return getPost(doc, postId)?.poll?.votes[userId] ?? null;
}

/** The feed document id for the month (UTC, so every device agrees) that `date` falls in: `YYYY-MM`. */
export function feedDocId(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new ShapeError('invalid-argument', 'feedDocId needs a valid Date');
  }
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new ShapeError('invalid-argument', `year out of range: ${year}`);
  return `${String(year).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The feed document id of the month before `docId` (`2026-01` → `2025-12`), to load older posts. */
export function previousFeedDocId(docId: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(docId);
  const month = match === null ? 0 : Number(match[2]);
  if (match === null || month < 1 || month > 12) {
    throw new ShapeError('invalid-argument', `not a feed document id: ${docId}`);
  }
  // setUTCFullYear, not Date.UTC: the latter reads years below 100 as 19xx.
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), month - 2, 1);
  return feedDocId(date);
}

/** What `erasePerson` took out of a feed. */
export interface FeedErasure {
  posts: number;
  comments: number;
  likes: number;
  votes: number;
}

/**
 * Takes out everything of `userId` in a feed (a person erased, AVG art. 17): their posts (with the comments,
 * likes and votes on them), their comments on others' posts, their likes and votes. Mentions of them in others'
 * text stay (that text is not theirs). One transaction.
 */
export function erasePerson(doc: Y.Doc, userId: string): FeedErasure {
  const erased: FeedErasure = { posts: 0, comments: 0, likes: 0, votes: 0 };
  doc.transact(() => {
    const all = posts(doc);
    for (const [postId, value] of [...all.entries()]) {
      const post = asMap(value);
      if (post === null) continue;
      if (post.get('authorId') === userId) {
        all.delete(postId);
        erased.posts++;
        continue;
      }
      const comments = asMap(post.get('comments'));
      for (const [commentId, comment] of comments === null ? [] : [...comments.entries()]) {
        if (asMap(comment)?.get('authorId') !== userId) continue;
        comments!.delete(commentId);
        erased.comments++;
      }
      const likes = asMap(post.get('likes'));
      for (const entry of personalEntries(likes)) {
        if (entry.userId !== userId) continue;
        likes!.delete(entry.key);
        erased.likes++;
      }
      const poll = pollOf(post);
      const votes = poll === null ? null : asMap(poll.get('votes'));
      for (const entry of personalEntries(votes)) {
        if (entry.userId !== userId) continue;
        votes!.delete(entry.key);
        erased.votes++;
      }
    }
  });
  return erased;
}
