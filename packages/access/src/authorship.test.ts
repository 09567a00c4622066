import { describe, expect, it } from 'vitest';
import { feedRights, judgesWrites, refusesWrites, type KeyWrite, type WrittenChange } from './authorship.ts';
import type { AccessUser, SpaceGrant } from './index.ts';

const person = (id: string, role: AccessUser['role'], grant: SpaceGrant): AccessUser => ({ id, role, active: true, spaces: { plein: grant } });
const daan = person('daan', 'client', { kind: 'client', role: 'member' });
const anna = person('anna', 'employee', { kind: 'client', role: 'member' });
const feed = 'plein/feed/2026-11';

/** A change of `writes` on a document where post `p1` is Anna's and comment `c1` on it is Daan's. */
function change(writes: KeyWrite[], { made = [] as string[][], values = {} as Record<string, unknown>, likes = {} as Record<string, unknown> } = {}): WrittenChange {
  const stored: Record<string, unknown> = {
    '["posts","p1","authorId"]': 'anna',
    '["posts","p1","comments","c1","authorId"]': 'daan',
    ...values,
  };
  return {
    writes,
    read: (path) => stored[JSON.stringify(path)] ?? (path[2] === 'likes' ? likes[path[3]] : undefined),
    creates: (path) => made.some((p) => JSON.stringify(p) === JSON.stringify(path)),
    entries: (path) => (JSON.stringify(path) === '["posts","p1","likes"]' ? Object.entries(likes) : []),
  };
}
const set = (...path: string[]): KeyWrite => ({ op: 'set', path, replaces: false });
const overwrite = (...path: string[]): KeyWrite => ({ op: 'set', path, replaces: true });
const remove = (...path: string[]): KeyWrite => ({ op: 'delete', path, replaces: false });
const refuses = (user: AccessUser, writes: KeyWrite[], options?: Parameters<typeof change>[1]) =>
  refusesWrites({ user, name: user.id === 'anna' ? 'Anna de Vries' : 'Daan Bakker' }, feed, change(writes, options));

describe('who said it in a feed', () => {
  it('judges feeds and boards; pages are shared work', () => {
    expect([feed, 'plein/page/x', 'plein/board/x'].map(judgesWrites)).toEqual([true, false, true]);
    expect(refusesWrites({ user: daan, name: 'Daan Bakker' }, 'plein/page/x', change([set('anything')]))).toBe(false);
  });

  it("takes a new post in the writer's own name and id, and nobody else's", () => {
    const made = [['posts', 'p2']];
    const post = [set('posts', 'p2'), set('posts', 'p2', 'authorId'), set('posts', 'p2', 'authorName'), set('posts', 'p2', 'text')];
    const as = (authorId: string, authorName: string) => ({ made, values: { '["posts","p2","authorId"]': authorId, '["posts","p2","authorName"]': authorName } });
    expect(refuses(daan, post, as('daan', 'Daan Bakker'))).toBe(false);
    expect(refuses(daan, post, as('anna', 'Anna de Vries'))).toBe(true);
    expect(refuses(daan, post, as('daan', 'Anna de Vries'))).toBe(true);
  });

  it("refuses replacing, editing or removing another's post; a moderator may remove it", () => {
    expect(refuses(daan, [overwrite('posts', 'p1')], { made: [['posts', 'p1']], values: { '["posts","p1","authorId"]': 'daan', '["posts","p1","authorName"]': 'Daan Bakker' } })).toBe(true);
    expect(refuses(daan, [overwrite('posts', 'p1', 'text')])).toBe(true);
    expect(refuses(daan, [remove('posts', 'p1')])).toBe(true);
    expect(refuses(anna, [overwrite('posts', 'p1', 'text'), remove('posts', 'p1', 'text')])).toBe(false);
    expect(refuses(anna, [remove('posts', 'p1')])).toBe(false);
  });

  it("never lets a post's author or parts be replaced, even by its author", () => {
    for (const part of ['authorId', 'authorName', 'comments', 'likes', 'poll']) expect(refuses(anna, [overwrite('posts', 'p1', part)])).toBe(true);
    expect(refuses(anna, [set('posts', 'p1', 'poll', 'votes')])).toBe(true);
  });

  it("lets only a post's author set its pictures, and only as a short list of file keys", () => {
    const pictures = (value: unknown): KeyWrite => ({ op: 'set', path: ['posts', 'p1', 'pictures'], replaces: true, value });
    expect(refuses(anna, [pictures(['k1', 'k2'])])).toBe(false);
    expect(refuses(daan, [pictures(['k1'])])).toBe(true);
    for (const bad of [['k1', 'k2', 'k3', 'k4', 'k5'], ['k1', 'k1'], ['../etc'], 'k1', [{ id: 'k1' }], [42]]) expect(refuses(anna, [pictures(bad)])).toBe(true);
    // A new post may carry them, under the same form.
    const made = { made: [['posts', 'p2']], values: { '["posts","p2","authorId"]': 'daan', '["posts","p2","authorName"]': 'Daan Bakker' } };
    const newPost = (value: unknown) => [set('posts', 'p2'), set('posts', 'p2', 'authorId'), set('posts', 'p2', 'authorName'), { ...set('posts', 'p2', 'pictures'), value }];
    expect(refuses(daan, newPost(['k1']), made)).toBe(false);
    expect(refuses(daan, newPost(['a b']), made)).toBe(true);
  });

  it("takes likes and votes only as the writer's own, one per person, under a new key", () => {
    const like = (userId: string) => ({ values: { '["posts","p1","likes","k2"]': { userId } } });
    const ballot = (userId: string) => ({ values: { '["posts","p1","poll","votes","k2"]': { userId, optionId: 'o1' } } });
    expect(refuses(daan, [set('posts', 'p1', 'likes', 'k2')], like('daan'))).toBe(false);
    expect(refuses(daan, [set('posts', 'p1', 'poll', 'votes', 'k2')], ballot('daan'))).toBe(false);
    for (const someone of ['anna', 'made-up']) {
      expect(refuses(daan, [set('posts', 'p1', 'likes', 'k2')], like(someone))).toBe(true);
      expect(refuses(daan, [set('posts', 'p1', 'poll', 'votes', 'k2')], ballot(someone))).toBe(true);
    }
    // Never an overwrite, never a bare value or an extra field, never the old layout keyed by user id.
    expect(refuses(daan, [overwrite('posts', 'p1', 'likes', 'k2')], like('daan'))).toBe(true);
    expect(refuses(daan, [set('posts', 'p1', 'likes', 'k2')], { values: { '["posts","p1","likes","k2"]': { userId: 'daan', extra: 1 } } })).toBe(true);
    expect(refuses(daan, [set('posts', 'p1', 'likes', 'daan')], { values: { '["posts","p1","likes","daan"]': true } })).toBe(true);
  });

  it('counts one like per person: a second is refused, unless the first is taken back in the same change', () => {
    const likes = { k1: { userId: 'daan' }, k3: { userId: 'anna' } };
    const second = { likes, values: { '["posts","p1","likes","k2"]': { userId: 'daan' } } };
    expect(refuses(daan, [set('posts', 'p1', 'likes', 'k2')], second)).toBe(true);
    expect(refuses(daan, [set('posts', 'p1', 'likes', 'k2'), remove('posts', 'p1', 'likes', 'k1')], second)).toBe(false);
    expect(refuses(daan, [set('posts', 'p1', 'likes', 'k2'), set('posts', 'p1', 'likes', 'k4')], { values: { '["posts","p1","likes","k2"]': { userId: 'daan' }, '["posts","p1","likes","k4"]': { userId: 'daan' } } })).toBe(true);
  });

  it("takes back only the writer's own like or vote, old layout included", () => {
    const likes = { k1: { userId: 'daan' }, k3: { userId: 'anna' }, anna: true, daan: true };
    expect(refuses(daan, [remove('posts', 'p1', 'likes', 'k1')], { likes })).toBe(false);
    expect(refuses(daan, [remove('posts', 'p1', 'likes', 'daan')], { likes })).toBe(false);
    expect(refuses(daan, [remove('posts', 'p1', 'likes', 'k3')], { likes })).toBe(true);
    expect(refuses(daan, [remove('posts', 'p1', 'likes', 'anna')], { likes })).toBe(true);
    expect(refuses(daan, [remove('posts', 'p1', 'poll', 'votes', 'anna')])).toBe(true);
  });

  it('lets a comment be removed by its author or a moderator, and closes polls for the author or a moderator', () => {
    expect(refuses(daan, [remove('posts', 'p1', 'comments', 'c1')])).toBe(false);
    expect(refuses(anna, [remove('posts', 'p1', 'comments', 'c1')])).toBe(false);
    expect(refuses(person('bram', 'client', { kind: 'client', role: 'member' }), [remove('posts', 'p1', 'comments', 'c1')])).toBe(true);
    expect(refuses(daan, [set('posts', 'p1', 'poll', 'closed')])).toBe(true);
    expect(refuses(anna, [set('posts', 'p1', 'poll', 'closed')])).toBe(false);
  });

  it("refuses writes outside the feed's layout", () => {
    expect(refuses(daan, [set('elders')])).toBe(true);
    expect(refuses(daan, [{ op: 'set', path: ['posts', null], replaces: false }])).toBe(true);
  });

  it('names moderators and pinners as the app does', () => {
    const rights = (role: AccessUser['role'], grant: SpaceGrant) => feedRights(person('x', role, grant), grant);
    expect(rights('client', { kind: 'client', role: 'member' })).toEqual({ moderate: false, pin: false });
    expect(rights('employee', { kind: 'client', role: 'member' })).toEqual({ moderate: true, pin: true });
    expect(rights('employee', { kind: 'team', role: 'owner' })).toEqual({ moderate: false, pin: true });
    expect(rights('editor', { kind: 'team', role: 'member' })).toEqual({ moderate: true, pin: true });
    expect(rights('employee', { kind: 'organisation', role: 'owner' })).toEqual({ moderate: true, pin: true });
  });
});

describe('who said it on a board', () => {
  const board = 'plein/board/planning';
  const judge = (user: AccessUser, ...writes: KeyWrite[]) => refusesWrites({ user, name: user.id === 'anna' ? 'Anna de Vries' : 'Daan Bakker' }, board, change(writes));
  const annaP = { id: 'anna', name: 'Anna de Vries' };
  const daanP = { id: 'daan', name: 'Daan Bakker' };
  const handover = (from: typeof annaP, note = 'Sleutel ligt bij de buren.') => ({ from, to: daanP, note, at: '2026-12-06T10:00:00.000Z' });
  const item = (op: KeyWrite['op'], value: unknown, extra: Partial<KeyWrite> = {}): KeyWrite => ({ op, path: ['cards', 'c1', 'handovers', null], replaces: false, value, ...extra });
  const assign = (value: unknown, replaces = false): KeyWrite => ({ op: 'set', path: ['cards', 'c1', 'assignees', 'daan'], replaces, value });

  it('leaves titles, columns, card text and taking someone off a card to every writer', () => {
    expect(judge(daan, set('cards', 'c1', 'title'), overwrite('columns', 'k1', 'title'), remove('cards', 'c2'), remove('cards', 'c1', 'assignees', 'anna'))).toBe(false);
    expect(judge(daan, { op: 'set', path: ['cards', 'c1', 'description', null], replaces: false, value: 'tekst' })).toBe(false);
  });

  it('takes an assignment only in the writer’s name', () => {
    expect(judge(anna, assign({ name: 'Daan Bakker', assignedBy: 'anna' }))).toBe(false);
    expect(judge(anna, assign({ name: 'Daan Bakker', assignedBy: 'anna' }, true))).toBe(false);
    expect(judge(daan, assign({ name: 'Daan Bakker', assignedBy: 'anna' }))).toBe(true);
    expect(judge(anna, assign('Daan Bakker'))).toBe(true);
    expect(judge(anna, assign({ name: 'Daan Bakker', assignedBy: 'anna', extra: 1 }))).toBe(true);
  });

  it('takes a hand-over only from the writer, and lets only them or a moderator remove it', () => {
    expect(judge(anna, item('set', handover(annaP)))).toBe(false);
    expect(judge(daan, item('set', handover(annaP)))).toBe(true);
    expect(judge(anna, item('set', handover({ id: 'anna', name: 'Anna' })))).toBe(true);
    expect(judge(anna, item('set', handover(annaP, 'x'.repeat(2001))))).toBe(true);
    expect(judge(anna, item('delete', handover(annaP)))).toBe(false);
    expect(judge(daan, item('delete', handover(annaP)))).toBe(true);
    const editor = person('eva', 'editor', { kind: 'client', role: 'member' });
    expect(judge(editor, item('delete', handover(annaP)))).toBe(false);
  });

  it('never replaces or removes the lists of assignments and hand-overs alone', () => {
    expect(judge(anna, { op: 'set', path: ['cards', 'c1', 'handovers'], replaces: false, value: null, made: 'array' })).toBe(false);
    expect(judge(anna, { op: 'set', path: ['cards', 'c1', 'handovers'], replaces: true, value: null, made: 'array' })).toBe(true);
    expect(judge(anna, { op: 'set', path: ['cards', 'c1', 'handovers'], replaces: false, value: [], made: undefined })).toBe(true);
    expect(judge(anna, remove('cards', 'c1', 'assignees'))).toBe(true);
    expect(judge(anna, { op: 'set', path: ['cards', 'c1', 'handovers', null, 'note'], replaces: false, value: 'x' })).toBe(true);
  });
});
