import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocumentStore } from '@kring/storage';
import { Room } from './Room.ts';

/** The files a test document refers to: the `file` field of each entry of its `posts` map. */
const filesOf = (doc: Y.Doc) => [...doc.getMap<Y.Map<unknown>>('posts').values()].map((post) => String(post.get('file')));

describe('Room: files a document stops referring to', () => {
  it('tells which files a stored deletion let go of, only once the deletion is stored, and nothing for other changes', async () => {
    const store = new MemoryDocumentStore();
    const released: string[][] = [];
    const room = await Room.load('noord/feed/2026-12', store, { compactAfter: 500, judged: true, files: { of: filesOf, released: (ids) => released.push([...ids]) } }, () => undefined);
    const device = new Y.Doc();
    const updates: Uint8Array[] = [];
    device.on('update', (update: Uint8Array) => updates.push(update));
    const post = (id: string, file: string) => device.transact(() => device.getMap('posts').set(id, new Y.Map<unknown>([['file', file]])));

    post('p1', 'f1');
    post('p2', 'f2');
    for (const update of updates.splice(0)) await room.receiveUpdate(update, 'anna', null);
    expect(released).toEqual([]);

    device.getMap('posts').delete('p1');
    const stored = room.receiveUpdate(updates.splice(0)[0], 'anna', null);
    // Not before the deletion is durable: a crash then would leave a post without its picture.
    expect(released).toEqual([]);
    await stored;
    expect(released).toEqual([['f1']]);
  });
});
