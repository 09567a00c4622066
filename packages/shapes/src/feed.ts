/**
 * A space's feed: posts with comments and likes.
 *
 * A feed grows forever, so it is split by period: one document per calendar month (UTC), named
 * `<spaceId>/feed/<YYYY-MM>` (`feedDocId`). New posts go into the current month's document; older months are
 * loaded on demand (`previousFeedDocId`), and no single document grows without bound.
 *
 * Layout: the root map `posts` holds one Y.Map per post, keyed by post id, with plain fields, a `comments`
 * map (comment id → Y.Map) and a `likes` map (user id → true). Keying by id, not by position, lets concurrent
 * posts, comments and likes merge; a like is a key per user, so likes by two users at once both count and
 * liking twice is still one like.
 *
 * Deleting a post or comment removes it from the map rather than marking it deleted: Yjs then drops the
 * deleted content from the document, which matters when someone posted a client's details by mistake. A
 * comment or like made concurrently on a deleted post goes with it.
 */
import * as Y from 'yjs';
import { ShapeError } from './errors.ts';
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
}

export interface NewPost {
  authorId: string;
  /** Stored with the post so the feed shows names offline. */
  authorName: string;
  text: string;
  audience?: FeedAudience;
  pinned?: boolean;
  /** Defaults to now. */
  createdAt?: Date;
}

export interface PostPatch {
  text?: string;
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
}

export interface NewComment {
  authorId: string;
  authorName: string;
  text: string;
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

function likesOf(post: YMap): string[] {
  const likes = asMap(post.get('likes'));
  if (likes === null) return [];
  return [...likes.entries()].filter(([, value]) => value === true).map(([userId]) => userId);
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
  };
  const audience = readAudience(post);
  if (audience !== undefined) result.audience = audience;
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
    };
    const post = createEntry(posts(doc), id, fields);
    post.set('comments', new Y.Map());
    post.set('likes', new Y.Map());
  });
  return id;
}

/** Edits a post's text or audience and records when. */
export function updatePost(doc: Y.Doc, postId: string, patch: PostPatch): void {
  doc.transact(() => {
    const post = requireEntry(posts(doc), postId, 'post');
    const text = patch.text === undefined ? undefined : requireString(patch.text, 'text');
    const audience = patch.audience === null ? null : checkAudience(patch.audience);
    const editedAt = toIsoString(patch.editedAt, 'editedAt');
    if (text !== undefined) post.set('text', text);
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
    createEntry(comments, id, {
      authorId: requireString(input.authorId, 'authorId'),
      authorName: requireString(input.authorName, 'authorName'),
      text: requireString(input.text, 'text'),
      createdAt: toIsoString(input.createdAt, 'createdAt'),
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
      if (likes.get(userId) !== true) likes.set(userId, true);
    } else if (likes.has(userId)) {
      likes.delete(userId);
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
