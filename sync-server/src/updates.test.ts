import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { refusesChange, type AccessUser } from '@kring/access';
import { createPost, vote, getPost } from '@kring/shapes';
import { changedKeys, metaOf } from './updates.ts';

const keysOf = (update: Uint8Array) => changedKeys(Y.decodeUpdate(update));
const user = (features?: AccessUser['spaces'][string]['features']): AccessUser => ({
  id: 'anna',
  role: 'employee',
  active: true,
  spaces: { noord: { kind: 'team', role: 'member', features } },
});
const NO_POLLS = ['feed', 'wiki', 'boards', 'chat', 'activities'] as const;

describe('changedKeys and the polls rule, on updates the feed shape really writes', () => {
  it('finds a poll in the update that makes one, and none in a plain post or a vote', () => {
    const doc = new Y.Doc();
    const plain = keysOf(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)));
    expect(plain.size).toBe(0);
    const before = Y.encodeStateVector(doc);
    createPost(doc, { authorId: 'anna', authorName: 'Anna', text: 'Gewoon' });
    const post = keysOf(Y.encodeStateAsUpdate(doc, before));
    expect(post.has('poll')).toBe(false);
    expect(post.has('text')).toBe(true);

    const beforePoll = Y.encodeStateVector(doc);
    const id = createPost(doc, { authorId: 'anna', authorName: 'Anna', text: 'Welke dag?', poll: { options: ['Ma', 'Di'] } });
    const poll = Y.encodeStateAsUpdate(doc, beforePoll);
    expect(keysOf(poll).has('poll')).toBe(true);

    expect(refusesChange(user(NO_POLLS), 'noord/feed/2026-11', keysOf(poll))).toBe(true);
    expect(refusesChange(user(NO_POLLS), 'noord/feed/2026-11', post)).toBe(false);
    expect(refusesChange(user(undefined), 'noord/feed/2026-11', keysOf(poll))).toBe(false);
    expect(refusesChange(user([...NO_POLLS, 'polls']), 'noord/feed/2026-11', keysOf(poll))).toBe(false);
    // Only feeds carry polls; other documents and other spaces are not this rule's business.
    expect(refusesChange(user(NO_POLLS), 'noord/page/x', keysOf(poll))).toBe(false);
    expect(refusesChange(user(NO_POLLS), 'zuid/feed/2026-11', keysOf(poll))).toBe(false);

    // A vote on a poll made while polls were on is not a new poll.
    const beforeVote = Y.encodeStateVector(doc);
    vote(doc, id, 'anna', getPost(doc, id)!.poll!.options[0]!.id);
    expect(keysOf(Y.encodeStateAsUpdate(doc, beforeVote)).has('poll')).toBe(false);
  });
});

describe('metaOf', () => {
  it('says what Y.parseUpdateMeta says, for fresh, incremental and merged updates of several clients', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'hallo');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const sv = Y.encodeStateVector(b);
    b.getText('t').insert(2, 'XYZ');
    b.getText('t').delete(0, 1);
    a.getMap('m').set('k', 1);
    const updates = [
      Y.encodeStateAsUpdate(a),
      Y.encodeStateAsUpdate(b, sv),
      Y.mergeUpdates([Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b, sv)]),
      // A gap: only the second half of b's changes, merged with a's, gives Skip structs.
      Y.mergeUpdates([Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))]),
      Y.encodeStateAsUpdate(new Y.Doc()),
    ];
    for (const update of updates) expect(metaOf(Y.decodeUpdate(update))).toEqual(Y.parseUpdateMeta(update));
  });
});
