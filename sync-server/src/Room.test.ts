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

describe('Room: what a stored update means for others', () => {
  it('shows the hook the transaction that applied an update, with its author, and runs what it returns only once the update is stored', async () => {
    const store = new MemoryDocumentStore();
    const seen: { author: string | null; keys: string[] }[] = [];
    const stored: string[] = [];
    const applied = (author: string | null, _doc: Y.Doc, transaction: Y.Transaction) => {
      const keys = [...transaction.changed.values()].flatMap((changed) => [...changed].map(String));
      seen.push({ author, keys });
      return keys.length === 0 ? undefined : () => void stored.push(keys.join());
    };
    const room = await Room.load('noord/feed/2026-12', store, { compactAfter: 500, judged: true, applied }, () => undefined);
    const device = new Y.Doc();
    device.getMap('posts').set('p1', new Y.Map<unknown>([['text', 'hallo']]));
    const update = Y.encodeStateAsUpdate(device);
    const saving = room.receiveUpdate(update, 'anna', null);
    expect(seen).toEqual([{ author: 'anna', keys: ['p1'] }]);
    // Not before the update is durable: nobody hears of a post a crash could still lose.
    expect(stored).toEqual([]);
    await saving;
    expect(stored).toEqual(['p1']);
    // The same update again changes nothing, so nobody hears of it twice.
    await room.receiveUpdate(update, 'anna', null);
    expect(stored).toEqual(['p1']);
  });
});

describe('Room: a deletion is saved once what the hook keeps of it is gone', () => {
  it('waits for what the hook returns for an update that deletes, and not for one that only adds', async () => {
    const store = new MemoryDocumentStore();
    let finish = () => {};
    const hookDone: string[] = [];
    const applied = (_author: string | null, _doc: Y.Doc, transaction: Y.Transaction) => () =>
      transaction.deleteSet.clients.size === 0
        ? new Promise<void>(() => undefined) // Never settles: an adding update must not wait for it.
        : new Promise<void>((resolve) => {
            finish = () => {
              hookDone.push('removed');
              resolve();
            };
          });
    const room = await Room.load('noord/feed/2026-12', store, { compactAfter: 500, judged: true, applied }, () => undefined);
    const device = new Y.Doc();
    const updates: Uint8Array[] = [];
    device.on('update', (update: Uint8Array) => updates.push(update));
    device.getMap('posts').set('p1', new Y.Map<unknown>([['text', 'BSN 123456782']]));
    await room.receiveUpdate(updates.splice(0)[0], 'anna', null);

    device.getMap('posts').delete('p1');
    let saved = false;
    const saving = room.receiveUpdate(updates.splice(0)[0], 'anna', null).then(() => (saved = true));
    await room.settled();
    await new Promise((resolve) => setImmediate(resolve));
    // Stored, but not yet "saved": the notification quoting the deleted text is still being removed.
    expect(saved).toBe(false);
    finish();
    await saving;
    expect(hookDone).toEqual(['removed']);
  });
});

describe('Room: automatic versions', () => {
  const paragraph = (device: Y.Doc, text: string) => {
    const before = Y.encodeStateVector(device);
    device.getXmlFragment('body').insert(0, [new Y.XmlText(text)]);
    return Y.encodeStateAsUpdate(device, before);
  };
  const text = (state: Uint8Array | null) => {
    const doc = new Y.Doc();
    if (state) Y.applyUpdate(doc, state);
    return doc.getXmlFragment('body').toString();
  };

  it('keeps the state before the first change after a quiet period, and the state before each compaction', async () => {
    const store = new MemoryDocumentStore();
    const device = new Y.Doc();
    await store.append('noord/page/p', paragraph(device, 'een '), 'anna');
    const room = await Room.load('noord/page/p', store, { compactAfter: 4, judged: false, versionEveryMs: 60_000 }, () => undefined);
    await room.receiveUpdate(paragraph(device, 'twee '), 'bram', null);
    await room.receiveUpdate(paragraph(device, 'drie '), 'bram', null);
    // Within the period: no second daily version.
    let versions = await store.listVersions('noord/page/p');
    expect(versions.map((version) => [version.label, version.author])).toEqual([['auto:daily', null]]);
    expect(text(await store.loadVersion('noord/page/p', versions[0]!.id))).toBe('een ');

    await room.receiveUpdate(paragraph(device, 'vier '), 'bram', null);
    await room.settled();
    versions = await store.listVersions('noord/page/p');
    expect(versions.map((version) => version.label)).toEqual(['auto:daily', 'auto:compaction']);
    expect(text(await store.loadVersion('noord/page/p', versions[1]!.id))).toBe('vier drie twee een ');
  });

  it('keeps none for documents that keep no versions', async () => {
    const store = new MemoryDocumentStore();
    const room = await Room.load('noord/feed/2026-12', store, { compactAfter: 1, judged: false }, () => undefined);
    await room.receiveUpdate(paragraph(new Y.Doc(), 'een'), 'anna', null);
    await room.receiveUpdate(paragraph(new Y.Doc(), 'twee'), 'anna', null);
    await room.settled();
    expect(await store.listVersions('noord/feed/2026-12')).toEqual([]);
  });
});
