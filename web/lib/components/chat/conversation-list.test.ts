import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ConversationSummary } from '@kring/contract';
import { fromKept, listed, merge, NOTHING_KNOWN, oneConversation, toKept, wholeList, withReads, type ConversationList, type Known } from './conversation-list.ts';

function summary(id: string, changes: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id, kind: 'direct', name: `Gesprek ${id}`, members: [], unread: 0, readUntil: null, muted: false, sharesReading: false, ...changes };
}

/** A list as the device could have it: a whole list's time and a few conversations, some gone. */
const lists: fc.Arbitrary<ConversationList> = fc
  .record({
    asOf: fc.nat(6),
    known: fc.uniqueArray(
      fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), at: fc.nat(6), gone: fc.boolean(), unread: fc.nat(3), muted: fc.boolean() }),
      { selector: (word) => word.id, maxLength: 4 },
    ),
  })
  .map(({ asOf, known }) => ({
    asOf,
    known: new Map(known.map(({ id, at, gone, unread, muted }): [string, Known] => [id, { id, at, conversation: gone ? null : summary(id, { unread, muted }) }])),
  }));

/** What a list means, whatever its order of entries. */
const meaning = (list: ConversationList) => ({ asOf: list.asOf, known: [...list.known.values()].sort((a, b) => a.id.localeCompare(b.id)) });

describe('merging what the device knows', () => {
  it('ends the same whatever order the kept copy, the server and the page come in', () => {
    fc.assert(
      fc.property(lists, lists, lists, (a, b, c) => {
        expect(meaning(merge(a, b))).toEqual(meaning(merge(b, a)));
        expect(meaning(merge(merge(a, b), c))).toEqual(meaning(merge(a, merge(b, c))));
        expect(meaning(merge(merge(a, b), b))).toEqual(meaning(merge(a, b)));
      }),
    );
  });

  it('keeps the newest word on each conversation', () => {
    const kept = wholeList([summary('a', { unread: 2 }), summary('b')], 10);
    const merged = merge(kept, oneConversation('a', summary('a', { muted: true }), 11));
    expect(listed(merged)).toEqual([summary('a', { muted: true }), summary('b')]);
    expect(listed(merge(merged, oneConversation('a', summary('a', { unread: 5 }), 9)))).toEqual([summary('a', { muted: true }), summary('b')]);
  });

  it("a whole list asked later drops what it leaves out; what came after it was asked stays", () => {
    const page = merge(oneConversation('a', summary('a'), 5), oneConversation('b', summary('b'), 12));
    expect(listed(merge(page, wholeList([summary('c')], 10))).map((item) => item.id)).toEqual(['b', 'c']);
  });

  it('a conversation left stays gone when an older copy still has it', () => {
    const left = oneConversation('a', null, 20);
    expect(listed(merge(left, wholeList([summary('a'), summary('b')], 10))).map((item) => item.id)).toEqual(['b']);
  });

  it('shows the newest learned first and a whole list in the server order', () => {
    const list = merge(wholeList([summary('z'), summary('a')], 10), oneConversation('m', summary('m'), 11));
    expect(listed(list).map((item) => item.id)).toEqual(['m', 'z', 'a']);
    expect(listed(merge(list, wholeList([summary('a'), summary('m'), summary('z')], 12))).map((item) => item.id)).toEqual(['a', 'm', 'z']);
  });
});

describe('reading on this device', () => {
  it('counts nothing unread in an answer older than the reading, and leaves a newer answer as it is', () => {
    const list = wholeList([summary('a', { unread: 2 }), summary('b', { unread: 1 })], 10);
    const read = withReads(list, new Map([['a', 11], ['b', 9]]));
    expect(listed(read).map((item) => item.unread)).toEqual([0, 1]);
    expect(withReads(list, new Map())).toBe(list);
  });
});

describe('the copy kept on the device', () => {
  it('reads back what was written', () => {
    const list = merge(wholeList([summary('a')], 10), oneConversation('b', null, 12));
    expect(meaning(fromKept(structuredClone(toKept(list))))).toEqual(meaning(list));
  });

  it('reads the plain array an earlier version kept, as older than anything learned since', () => {
    const kept = fromKept([summary('a', { unread: 4 })]);
    expect(listed(kept)).toEqual([summary('a', { unread: 4 })]);
    expect(listed(merge(kept, oneConversation('a', summary('a'), 1)))).toEqual([summary('a')]);
  });

  it('counts anything unreadable as nothing kept', () => {
    for (const junk of [undefined, null, 'x', 5, {}, { asOf: 'x', known: [] }, { asOf: 1, known: 'x' }]) expect(fromKept(junk)).toEqual(NOTHING_KNOWN);
    const odd = fromKept({ asOf: 1, known: [null, { id: 'a', at: 2, conversation: summary('b') }, { id: 'c', at: 'x', conversation: null }, { id: 'd', at: 3, conversation: summary('d') }] });
    expect(listed(odd).map((item) => item.id)).toEqual(['d']);
  });
});
