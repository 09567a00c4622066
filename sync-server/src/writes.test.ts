import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { craftUpdate, idOf } from '../../test/support/crafted-update.ts';
import { writesOf } from './writes.ts';

/** The server's copy of `client`'s document, and what `change` then sends. */
function changeOn(client: Y.Doc, change: (doc: Y.Doc) => void) {
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
  const before = Y.encodeStateVector(client);
  change(client);
  const result = writesOf(server, Y.decodeUpdate(Y.encodeStateAsUpdate(client, before)));
  if (result === null) throw new Error('no place found');
  return result;
}

const plain = (writes: readonly { op: string; path: readonly (string | null)[]; replaces: boolean }[]) =>
  writes.map(({ op, path, replaces }) => ({ op, path, replaces }));

describe('writesOf', () => {
  it('names the path of every key a new map and its fields set, and reads their values', () => {
    const change = changeOn(new Y.Doc(), (doc) => {
      const post = new Y.Map<unknown>();
      doc.getMap('posts').set('p1', post);
      post.set('authorId', 'anna');
    });
    expect(plain(change.writes)).toEqual([
      { op: 'set', path: ['posts', 'p1'], replaces: false },
      { op: 'set', path: ['posts', 'p1', 'authorId'], replaces: false },
    ]);
    expect(change.creates(['posts', 'p1'])).toBe(true);
    expect(change.read(['posts', 'p1', 'authorId'])).toBe('anna');
  });

  it('finds the place of an overwrite, which names only its origin, and reads the document for the rest', () => {
    const client = new Y.Doc();
    const post = new Y.Map<unknown>();
    client.getMap('posts').set('p1', post);
    post.set('authorId', 'anna');
    post.set('text', 'eerst');
    const change = changeOn(client, () => post.set('text', 'daarna'));
    expect(plain(change.writes)).toEqual([
      { op: 'set', path: ['posts', 'p1', 'text'], replaces: true },
      { op: 'delete', path: ['posts', 'p1', 'text'], replaces: false },
    ]);
    expect(change.creates(['posts', 'p1'])).toBe(false);
    expect(change.read(['posts', 'p1', 'authorId'])).toBe('anna');
  });

  it("lists a root map's entries also when the server never asked for it as a map (it came in an update)", () => {
    const client = new Y.Doc();
    client.getMap('reactions').set('r1', { userId: 'anna' });
    // changeOn's server copy only applies updates: its root `reactions` is a bare type, not a Y.Map.
    const change = changeOn(client, (doc) => doc.getMap('reactions').set('r2', { userId: 'bram' }));
    expect([...change.entries(['reactions'])]).toEqual([['r1', { userId: 'anna' }]]);
  });

  it('names a deleted map once: what was inside goes with it', () => {
    const client = new Y.Doc();
    const post = new Y.Map<unknown>();
    client.getMap('posts').set('p1', post);
    post.set('likes', new Y.Map());
    (post.get('likes') as Y.Map<unknown>).set('bram', true);
    const change = changeOn(client, (doc) => doc.getMap('posts').delete('p1'));
    expect(plain(change.writes)).toEqual([{ op: 'delete', path: ['posts', 'p1'], replaces: false }]);
  });

  it('finds no place for an item built on something the server does not have', () => {
    const client = new Y.Doc();
    client.getMap('posts').set('p1', 'x');
    const before = Y.encodeStateVector(client);
    client.getMap('posts').set('p1', 'y');
    expect(writesOf(new Y.Doc(), Y.decodeUpdate(Y.encodeStateAsUpdate(client, before)))).toBeNull();
  });

  it('refuses to judge a map entry given several values in one struct (a map shows the last)', () => {
    const server = new Y.Doc();
    const likes = new Y.Map<unknown>();
    server.getMap('posts').set('p1', likes);
    const update = craftUpdate(4242, 0, [{ parent: idOf(likes), key: 'k', content: { any: [{ userId: 'daan' }, { userId: 'anna' }] } }]);
    expect(writesOf(server, Y.decodeUpdate(update))).toBeNull();
    // The control: the same entry with one value is judged, and reads as it is.
    const single = writesOf(server, Y.decodeUpdate(craftUpdate(4242, 0, [{ parent: idOf(likes), key: 'k', content: { json: [{ userId: 'daan' }] } }])));
    expect(single?.read(['posts', 'p1', 'k'])).toEqual({ userId: 'daan' });
  });

  it('judges every value of a list struct, each as a write of its own', () => {
    const server = new Y.Doc();
    const card = new Y.Map<unknown>();
    server.getMap('cards').set('c1', card);
    const handovers = new Y.Array<unknown>();
    card.set('handovers', handovers);
    const update = craftUpdate(4242, 0, [{ parent: idOf(handovers), content: { any: ['eerste', 'tweede'] } }]);
    const change = writesOf(server, Y.decodeUpdate(update));
    expect(change?.writes.map(({ path, value }) => ({ path, value }))).toEqual([
      { path: ['cards', 'c1', 'handovers', null], value: 'eerste' },
      { path: ['cards', 'c1', 'handovers', null], value: 'tweede' },
    ]);
  });
});
