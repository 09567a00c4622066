import fc from 'fast-check';
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
  pictureRefs,
  previousFeedDocId,
  retractVote,
  setLike,
  setPinned,
  setPollClosed,
  toggleLike,
  updatePost,
  vote,
  voteOf,
} from './feed.ts';
import { fileId } from './files.ts';
import { checkConvergence, replicas, syncAll, syncEveryPair, syncOneWay } from './testing.ts';

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
      mentions: [],
      poll: null,
      pictures: [],
    });
  });

  it('carries up to four picture keys, listed with their author for the server', () => {
    const doc = new Y.Doc();
    const id = createPost(doc, { ...anna, text: 'Kijk', pictures: ['k1', 'k2'] });
    expect(getPost(doc, id)?.pictures).toEqual(['k1', 'k2']);
    expect(pictureRefs(doc)).toEqual([
      { authorId: 'anna', key: 'k1' },
      { authorId: 'anna', key: 'k2' },
    ]);
    expect(() => createPost(doc, { ...anna, text: 'x', pictures: ['a', 'b', 'c', 'd', 'e'] })).toThrow(ShapeError);
    expect(() => createPost(doc, { ...anna, text: 'x', pictures: ['../x'] })).toThrow(ShapeError);
    deletePost(doc, id);
    expect(pictureRefs(doc)).toEqual([]);
  });

  it('derives a file id from uploader, document and key, so another uploader never names the same file', () => {
    expect(fileId('anna', 'noord/feed/2026-12', 'k1')).toMatch(/^[0-9a-f]{64}$/);
    expect(fileId('anna', 'noord/feed/2026-12', 'k1')).toBe(fileId('anna', 'noord/feed/2026-12', 'k1'));
    expect(new Set([fileId('anna', 'noord/feed/2026-12', 'k1'), fileId('bram', 'noord/feed/2026-12', 'k1'), fileId('anna', 'noord/feed/2026-11', 'k1')]).size).toBe(3);
  });

  it('keeps the audience when given', () => {
    const doc = new Y.Doc();
    const id = createPost(doc, { ...anna, text: 'Nieuws', audience: 'organisation' });
    expect(getPost(doc, id)?.audience).toBe('organisation');
  });

  it('keeps the team a post for the whole organisation came from; a plain post has none', () => {
    const doc = new Y.Doc();
    const id = createPost(doc, { ...anna, text: 'Kerstborrel', audience: 'organisation', from: { spaceId: 'noord', spaceName: 'Buurtteam Noord' } });
    expect(getPost(doc, id)?.from).toEqual({ spaceId: 'noord', spaceName: 'Buurtteam Noord' });
    expect(getPost(doc, createPost(doc, { ...anna, text: 'Gewoon' }))?.from).toBeUndefined();
    expect(() => createPost(doc, { ...anna, text: 'x', from: { spaceId: 1 as unknown as string, spaceName: 'X' } })).toThrow(ShapeError);
    expect(listPosts(doc)).toHaveLength(2);
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
      { id: first, postId: post, authorId: 'bram', authorName: 'Bram Jansen', text: 'Ik!', createdAt: at(4).toISOString(), mentions: [] },
      { id: second, postId: post, ...anna, text: 'Ik kan zondag', createdAt: at(5).toISOString(), mentions: [] },
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

describe('mentions', () => {
  const mentionBram = { userId: 'bram', name: 'Bram Jansen' };

  it('keeps the mentioned people with a post and a comment', () => {
    const doc = new Y.Doc();
    const post = createPost(doc, { ...anna, text: '@Bram Jansen kun jij zaterdag?', mentions: [mentionBram] });
    expect(getPost(doc, post)?.mentions).toEqual([mentionBram]);
    addComment(doc, post, { ...bram, text: '@Anna de Vries ja hoor', mentions: [{ userId: 'anna', name: 'Anna de Vries' }] });
    expect(listComments(doc, post)[0]?.mentions).toEqual([{ userId: 'anna', name: 'Anna de Vries' }]);
  });

  it('stores each person once, however often they are named', () => {
    const doc = new Y.Doc();
    const post = createPost(doc, { ...anna, text: '@Bram Jansen @Bram Jansen', mentions: [mentionBram, mentionBram] });
    expect(getPost(doc, post)?.mentions).toEqual([mentionBram]);
  });

  it('replaces the mentions when a post is edited', () => {
    const doc = new Y.Doc();
    const post = createPost(doc, { ...anna, text: '@Bram Jansen?', mentions: [mentionBram] });
    updatePost(doc, post, { text: 'Laat maar', mentions: [] });
    expect(getPost(doc, post)?.mentions).toEqual([]);
    updatePost(doc, post, { text: '@Eva Visser?', mentions: [{ userId: 'eva', name: 'Eva Visser' }] });
    expect(getPost(doc, post)?.mentions).toEqual([{ userId: 'eva', name: 'Eva Visser' }]);
  });

  it('refuses a mention without id or name, writing nothing', () => {
    const doc = new Y.Doc();
    for (const mentions of [[{ userId: '', name: 'x' }], [{ userId: 'x', name: ' ' }], 'bram' as unknown as []]) {
      expect(() => createPost(doc, { ...anna, text: 'x', mentions })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    }
    expect(listPosts(doc)).toEqual([]);
  });

  it('reads past malformed mentions a raw update may carry', () => {
    const doc = new Y.Doc();
    const post = createPost(doc, { ...anna, text: 'x' });
    const raw = doc.getMap('posts').get(post) as Y.Map<unknown>;
    raw.set('mentions', [{ userId: 'bram', name: 'Bram' }, { userId: 5 }, null, 'eva', { userId: 'bram', name: 'again' }]);
    expect(getPost(doc, post)?.mentions).toEqual([{ userId: 'bram', name: 'Bram' }]);
    raw.set('mentions', 'not a list');
    expect(getPost(doc, post)?.mentions).toEqual([]);
  });
});

describe('polls', () => {
  function pollPost(doc: Y.Doc, options = ['Zaterdag', 'Zondag', 'Kan niet']): { post: string; ids: string[] } {
    const post = createPost(doc, { ...anna, text: 'Wanneer het teamuitje?', poll: { options } });
    return { post, ids: getPost(doc, post)!.poll!.options.map((option) => option.id) };
  }

  it('creates a poll with its options in order and no votes', () => {
    const doc = new Y.Doc();
    const { post } = pollPost(doc, [' Zaterdag ', 'Zondag']);
    expect(getPost(doc, post)?.poll).toEqual({
      options: [expect.objectContaining({ text: 'Zaterdag', votes: 0 }), expect.objectContaining({ text: 'Zondag', votes: 0 })],
      votes: {},
      totalVotes: 0,
      closed: false,
    });
  });

  it('refuses fewer than two, more than ten or empty options, writing nothing', () => {
    const doc = new Y.Doc();
    for (const options of [['Ja'], Array.from({ length: 11 }, (_, i) => `optie ${i}`), ['Ja', '  ']]) {
      expect(() => createPost(doc, { ...anna, text: '?', poll: { options } })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    }
    expect(listPosts(doc)).toEqual([]);
  });

  it('counts one vote per person, and a changed vote moves', () => {
    const doc = new Y.Doc();
    const { post, ids } = pollPost(doc);
    const [saturday, sunday] = ids as [string, string];
    vote(doc, post, 'anna', saturday);
    vote(doc, post, 'bram', saturday);
    vote(doc, post, 'bram', saturday);
    expect(getPost(doc, post)?.poll?.options.map((option) => option.votes)).toEqual([2, 0, 0]);
    vote(doc, post, 'bram', sunday);
    const poll = getPost(doc, post)!.poll!;
    expect(poll.options.map((option) => option.votes)).toEqual([1, 1, 0]);
    expect(poll.totalVotes).toBe(2);
    expect(poll.votes).toEqual({ anna: saturday, bram: sunday });
    expect(voteOf(doc, post, 'bram')).toBe(sunday);
    expect(voteOf(doc, post, 'eva')).toBeNull();
  });

  it('takes a vote back', () => {
    const doc = new Y.Doc();
    const { post, ids } = pollPost(doc);
    vote(doc, post, 'anna', ids[0]!);
    retractVote(doc, post, 'anna');
    retractVote(doc, post, 'anna');
    expect(getPost(doc, post)?.poll?.totalVotes).toBe(0);
    expect(voteOf(doc, post, 'anna')).toBeNull();
  });

  it('writes nothing when the same vote is cast again', () => {
    const doc = new Y.Doc();
    const { post, ids } = pollPost(doc);
    vote(doc, post, 'anna', ids[1]!);
    const before = Y.encodeStateVector(doc);
    vote(doc, post, 'anna', ids[1]!);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('refuses votes for a missing option, on a post without a poll and on a closed poll', () => {
    const doc = new Y.Doc();
    const { post, ids } = pollPost(doc);
    const plain = createPost(doc, { ...anna, text: 'geen peiling' });
    expect(() => vote(doc, post, 'anna', 'nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => vote(doc, plain, 'anna', ids[0]!)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => vote(doc, 'nope', 'anna', ids[0]!)).toThrow(expect.objectContaining({ code: 'not-found' }));
    vote(doc, post, 'bram', ids[0]!);
    setPollClosed(doc, post, true);
    expect(() => vote(doc, post, 'anna', ids[0]!)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(getPost(doc, post)?.poll).toMatchObject({ closed: true, totalVotes: 1 });
    setPollClosed(doc, post, false);
    vote(doc, post, 'anna', ids[0]!);
    expect(getPost(doc, post)?.poll?.totalVotes).toBe(2);
  });

  it('ignores stored votes for options that do not exist', () => {
    const doc = new Y.Doc();
    const { post, ids } = pollPost(doc);
    vote(doc, post, 'anna', ids[0]!);
    const raw = (doc.getMap('posts').get(post) as Y.Map<unknown>).get('poll') as Y.Map<unknown>;
    (raw.get('votes') as Y.Map<unknown>).set('mallory', 'forged-option');
    (raw.get('votes') as Y.Map<unknown>).set('eve', 42);
    expect(getPost(doc, post)?.poll).toMatchObject({ totalVotes: 1, votes: { anna: ids[0] } });
  });
});

describe('convergence', () => {
  it('keeps one vote per person when two devices of that person vote differently offline', () => {
    const [a, b, c] = replicas(3) as [Y.Doc, Y.Doc, Y.Doc];
    const post = createPost(a, { ...anna, text: 'Wie neemt de late dienst?', poll: { options: ['Ik', 'Niet ik'] } });
    syncEveryPair([a, b, c]);
    const [me, notMe] = getPost(a, post)!.poll!.options.map((option) => option.id) as [string, string];
    vote(a, post, 'bram', me);
    vote(b, post, 'bram', notMe);
    vote(c, post, 'eva', me);
    vote(b, post, 'anna', notMe);
    syncAll([a, b, c], [2, 1, 0], [1, 0, 2]);
    const poll = getPost(a, post)!.poll!;
    expect(poll.totalVotes).toBe(3);
    expect(poll.options.reduce((sum, option) => sum + option.votes, 0)).toBe(3);
    expect(poll.votes.eva).toBe(me);
    expect(poll.votes.anna).toBe(notMe);
    expect([me, notMe]).toContain(poll.votes.bram);
    expect(getPost(b, post)).toEqual(getPost(a, post));
    expect(getPost(c, post)).toEqual(getPost(a, post));
  });

  it('converges on a vote cast while the poll was closed elsewhere', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    const post = createPost(a, { ...anna, text: '?', poll: { options: ['Ja', 'Nee'] } });
    syncEveryPair([a, b]);
    setPollClosed(a, post, true);
    vote(b, post, 'bram', getPost(b, post)!.poll!.options[0]!.id);
    syncEveryPair([a, b]);
    expect(getPost(a, post)).toEqual(getPost(b, post));
    expect(getPost(a, post)?.poll).toMatchObject({ closed: true, totalVotes: 1 });
  });

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

type FeedOp =
  | { type: 'post' | 'poll' | 'comment' | 'like' | 'vote' | 'retract' | 'pin' | 'delete'; on: number; post: number; person: number; option: number }
  | { type: 'sync'; on: number; to: number };

const PEOPLE = ['anna', 'bram', 'daan', 'eva'];

const feedOp: fc.Arbitrary<FeedOp> = fc.oneof(
  fc.record({
    type: fc.constantFrom('post', 'poll', 'comment', 'like', 'vote', 'retract', 'pin', 'delete'),
    on: fc.nat(),
    post: fc.nat(),
    person: fc.nat(),
    option: fc.nat(),
  }),
  fc.record({ type: fc.constant('sync'), on: fc.nat(), to: fc.nat() }),
) as fc.Arbitrary<FeedOp>;

function applyFeedOp(docs: Y.Doc[], op: FeedOp): void {
  const doc = docs[op.on % docs.length]!;
  if (op.type === 'sync') {
    syncOneWay(doc, docs[op.to % docs.length]!);
    return;
  }
  const person = PEOPLE[op.person % PEOPLE.length]!;
  const author = { authorId: person, authorName: person };
  if (op.type === 'post') {
    createPost(doc, { ...author, text: `bericht ${op.post}`, createdAt: at(1 + (op.post % 20)) });
    return;
  }
  if (op.type === 'poll') {
    createPost(doc, { ...author, text: 'peiling', poll: { options: ['a', 'b', 'c'] }, createdAt: at(1 + (op.post % 20)) });
    return;
  }
  const all = listPosts(doc);
  if (all.length === 0) return;
  const post = all[op.post % all.length]!;
  switch (op.type) {
    case 'comment':
      addComment(doc, post.id, { ...author, text: 'reactie', createdAt: at(21) });
      return;
    case 'like':
      toggleLike(doc, post.id, person);
      return;
    case 'vote':
      if (post.poll && !post.poll.closed) vote(doc, post.id, person, post.poll.options[op.option % post.poll.options.length]!.id);
      return;
    case 'retract':
      if (post.poll) retractVote(doc, post.id, person);
      return;
    case 'pin':
      if (op.option % 3 === 0 && post.poll) setPollClosed(doc, post.id, !post.poll.closed);
      else setPinned(doc, post.id, !post.pinned);
      return;
    case 'delete':
      deletePost(doc, post.id);
      return;
  }
}

describe('concurrent feed property', () => {
  it('converges on every replica, with at most one counted vote and one like per person', () => {
    checkConvergence(feedOp, 50, (docs) => ({
      apply: (op) => applyFeedOp(docs, op),
      check: () => {
        const expected = listPosts(docs[0]!, { pinnedFirst: true });
        for (const doc of docs) {
          expect(listPosts(doc, { pinnedFirst: true })).toEqual(expected);
          for (const post of expected) expect(listComments(doc, post.id)).toEqual(listComments(docs[0]!, post.id));
        }
        for (const post of expected) {
          expect(new Set(post.likedBy).size).toBe(post.likeCount);
          if (!post.poll) continue;
          const voters = Object.keys(post.poll.votes);
          expect(post.poll.totalVotes).toBe(voters.length);
          expect(post.poll.options.reduce((sum, option) => sum + option.votes, 0)).toBe(voters.length);
        }
      },
    }));
  });
});
