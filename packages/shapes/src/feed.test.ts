import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ShapeError } from './errors.ts';
import {
  addComment,
  createPost,
  deleteComment,
  deletePost,
  feedDocId,
  getPost,
  hasLiked,
  likeCount,
  listComments,
  listPosts,
  pinnedPosts,
  previousFeedDocId,
  setLike,
  setPinned,
  toggleLike,
  updatePost,
} from './feed.ts';
import { replicas, syncAll, syncEveryPair, syncOneWay } from './testing.ts';

const anna = { authorId: 'anna', authorName: 'Anna de Vries' };
const bram = { authorId: 'bram', authorName: 'Bram Jansen' };

function at(day: number): Date {
  return new Date(Date.UTC(2026, 10, day, 9));
}

describe('posts', () => {
  it('creates a post and reads it back as a plain object', () => {
    const doc = new Y.Doc();
    const id = createPost(doc, { ...anna, text: 'Overdracht: mevrouw K. slaapt slecht.', createdAt: at(3) });
    expect(getPost(doc, id)).toEqual({
      id,
      authorId: 'anna',
      authorName: 'Anna de Vries',
      text: 'Overdracht: mevrouw K. slaapt slecht.',
      createdAt: '2026-11-03T09:00:00.000Z',
      editedAt: null,
      pinned: false,
      likedBy: [],
      likeCount: 0,
      commentCount: 0,
    });
  });

  it('keeps the audience when given', () => {
    const doc = new Y.Doc();
    const id = createPost(doc, { ...anna, text: 'Nieuws', audience: 'organisation' });
    expect(getPost(doc, id)?.audience).toBe('organisation');
  });

  it('refuses an unknown audience without writing anything', () => {
    const doc = new Y.Doc();
    expect(() => createPost(doc, { ...anna, text: 'x', audience: 'world' as 'space' })).toThrow(ShapeError);
    expect(listPosts(doc)).toEqual([]);
  });

  it('lists newest first, and pinned first on request', () => {
    const doc = new Y.Doc();
    const old = createPost(doc, { ...anna, text: 'old', createdAt: at(1) });
    const mid = createPost(doc, { ...bram, text: 'mid', createdAt: at(2), pinned: true });
    const recent = createPost(doc, { ...anna, text: 'new', createdAt: at(3) });
    expect(listPosts(doc).map((post) => post.id)).toEqual([recent, mid, old]);
    expect(listPosts(doc, { pinnedFirst: true }).map((post) => post.id)).toEqual([mid, recent, old]);
    expect(pinnedPosts(doc).map((post) => post.id)).toEqual([mid]);
    setPinned(doc, mid, false);
    setPinned(doc, old, true);
    expect(pinnedPosts(doc).map((post) => post.id)).toEqual([old]);
  });

  it('edits text and audience and records when', () => {
    const doc = new Y.Doc();
    const id = createPost(doc, { ...anna, text: 'draft', audience: 'space', createdAt: at(1) });
    updatePost(doc, id, { text: 'final', audience: null, editedAt: at(2) });
    const post = getPost(doc, id)!;
    expect(post.text).toBe('final');
    expect(post.audience).toBeUndefined();
    expect(post.editedAt).toBe('2026-11-02T09:00:00.000Z');
  });

  it('deletes a post with its comments and likes, and deleting again is harmless', () => {
    const doc = new Y.Doc();
    const id = createPost(doc, { ...anna, text: 'oops, client name' });
    addComment(doc, id, { ...bram, text: 'reply' });
    setLike(doc, id, 'bram', true);
    deletePost(doc, id);
    deletePost(doc, id);
    expect(getPost(doc, id)).toBeNull();
    expect(listComments(doc, id)).toEqual([]);
    expect(likeCount(doc, id)).toBe(0);
  });

  it('drops the deleted text from the document', () => {
    const doc = new Y.Doc();
    const id = createPost(doc, { ...anna, text: 'BSN 123456782' });
    deletePost(doc, id);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    expect(new TextDecoder().decode(Y.encodeStateAsUpdate(fresh))).not.toContain('123456782');
  });

  it('throws not-found for changes to a missing post', () => {
    const doc = new Y.Doc();
    for (const change of [
      () => updatePost(doc, 'nope', { text: 'x' }),
      () => setPinned(doc, 'nope', true),
      () => addComment(doc, 'nope', { ...anna, text: 'x' }),
      () => setLike(doc, 'nope', 'anna', true),
    ]) {
      expect(change).toThrow(expect.objectContaining({ code: 'not-found' }));
    }
  });
});

describe('comments', () => {
  it('lists comments oldest first and deletes them', () => {
    const doc = new Y.Doc();
    const post = createPost(doc, { ...anna, text: 'Wie neemt dienst zaterdag?' });
    const second = addComment(doc, post, { ...anna, text: 'Ik kan zondag', createdAt: at(5) });
    const first = addComment(doc, post, { ...bram, text: 'Ik!', createdAt: at(4) });
    expect(listComments(doc, post)).toEqual([
      { id: first, postId: post, authorId: 'bram', authorName: 'Bram Jansen', text: 'Ik!', createdAt: at(4).toISOString() },
      { id: second, postId: post, ...anna, text: 'Ik kan zondag', createdAt: at(5).toISOString() },
    ]);
    expect(getPost(doc, post)?.commentCount).toBe(2);
    deleteComment(doc, post, first);
    deleteComment(doc, post, first);
    expect(listComments(doc, post).map((comment) => comment.id)).toEqual([second]);
  });
});

describe('likes', () => {
  it('counts a like once, however often it is given', () => {
    const doc = new Y.Doc();
    const post = createPost(doc, { ...anna, text: 'Goed werk!' });
    setLike(doc, post, 'bram', true);
    setLike(doc, post, 'bram', true);
    expect(likeCount(doc, post)).toBe(1);
    expect(hasLiked(doc, post, 'bram')).toBe(true);
    setLike(doc, post, 'bram', false);
    expect(likeCount(doc, post)).toBe(0);
  });

  it('toggles and reports the new state', () => {
    const doc = new Y.Doc();
    const post = createPost(doc, { ...anna, text: 'x' });
    expect(toggleLike(doc, post, 'anna')).toBe(true);
    expect(toggleLike(doc, post, 'anna')).toBe(false);
    expect(hasLiked(doc, post, 'anna')).toBe(false);
  });

  it('writes nothing for a like that is already there', () => {
    const doc = new Y.Doc();
    const post = createPost(doc, { ...anna, text: 'x' });
    setLike(doc, post, 'bram', true);
    const before = Y.encodeStateVector(doc);
    setLike(doc, post, 'bram', true);
    setLike(doc, post, 'eva', false);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});

describe('convergence', () => {
  it('counts concurrent likes by different users; replicas agree on a concurrent like and unlike', () => {
    const [a, b, c] = replicas(3) as [Y.Doc, Y.Doc, Y.Doc];
    const post = createPost(a, { ...anna, text: 'Teamuitje!' });
    setLike(a, post, 'daan', true);
    syncEveryPair([a, b, c]);
    setLike(a, post, 'anna', true);
    setLike(b, post, 'bram', true);
    setLike(c, post, 'eva', true);
    setLike(b, post, 'daan', false);
    setLike(c, post, 'daan', true);
    syncAll([a, b, c], [2, 0, 1], [1, 2, 0]);
    for (const doc of [a, b, c]) {
      expect(getPost(doc, post)?.likedBy.filter((user) => user !== 'daan')).toEqual(['anna', 'bram', 'eva']);
    }
    expect(getPost(b, post)).toEqual(getPost(a, post));
    expect(getPost(c, post)).toEqual(getPost(a, post));
  });

  it('merges concurrent posts and comments from offline replicas in any order', () => {
    const [a, b, c] = replicas(3) as [Y.Doc, Y.Doc, Y.Doc];
    const post = createPost(a, { ...anna, text: 'Vraag', createdAt: at(1) });
    syncEveryPair([a, b, c]);
    addComment(a, post, { ...anna, text: 'a', createdAt: at(2) });
    addComment(b, post, { ...bram, text: 'b', createdAt: at(2) });
    createPost(c, { ...bram, text: 'Ander bericht', createdAt: at(3) });
    createPost(b, { ...anna, text: 'Nog een', createdAt: at(3) });
    syncOneWay(c, a);
    syncOneWay(b, c);
    syncAll([a, b, c], [1, 2, 0], [2, 1, 0]);
    const expected = listPosts(a);
    expect(expected).toHaveLength(3);
    expect(listComments(a, post)).toHaveLength(2);
    for (const doc of [b, c]) {
      expect(listPosts(doc)).toEqual(expected);
      expect(listComments(doc, post)).toEqual(listComments(a, post));
    }
  });

  it('loses a comment made concurrently on a post that was deleted', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    const post = createPost(a, { ...anna, text: 'x' });
    syncEveryPair([a, b]);
    deletePost(a, post);
    addComment(b, post, { ...bram, text: 'late reply' });
    setLike(b, post, 'bram', true);
    syncEveryPair([a, b]);
    expect(listPosts(a)).toEqual([]);
    expect(listPosts(b)).toEqual([]);
    expect(listComments(b, post)).toEqual([]);
  });
});

describe('feed periods', () => {
  it('names the month in UTC', () => {
    expect(feedDocId(new Date('2026-11-30T23:30:00Z'))).toBe('2026-11');
    expect(feedDocId(new Date('2026-11-30T23:30:00-02:00'))).toBe('2026-12');
    expect(feedDocId(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01');
  });

  it('refuses an invalid date', () => {
    expect(() => feedDocId(new Date('nope'))).toThrow(ShapeError);
  });

  it('steps back a month, across years', () => {
    expect(previousFeedDocId('2026-11')).toBe('2026-10');
    expect(previousFeedDocId('2026-01')).toBe('2025-12');
    expect(previousFeedDocId('0050-01')).toBe('0049-12');
    expect(() => previousFeedDocId('2026-13')).toThrow(ShapeError);
    expect(() => previousFeedDocId('november')).toThrow(ShapeError);
  });
});
