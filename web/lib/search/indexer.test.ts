/**
 * The index kept in step with the device (fake-indexeddb stands in for IndexedDB): documents written through the
 * person's LocalStore are found after a refresh, a changed document is read again, a forgotten one drops out,
 * the smoelenboek's kept copy is searched, and the index is kept across restarts and removed by the wipe.
 */
import { appendPageBlocks, createPost, setPageTitle } from '@kring/shapes';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceCache, LocalStore } from '../client/local-store.ts';
import { Indexer } from './indexer.ts';
import { deleteSearchIndex, KeptSearch } from './kept.ts';

const closing: { close(): void }[] = [];
let nextUser = 0;
const newUser = () => `search-user-${++nextUser}`;
function open<T extends { close(): void }>(thing: T): T {
  closing.push(thing);
  return thing;
}
afterEach(() => {
  for (const thing of closing.splice(0)) thing.close();
});

/** Writes through the device's store, as the app does, and waits for IndexedDB to have it. */
async function write(store: LocalStore, name: string, change: (doc: import('yjs').Doc) => void): Promise<void> {
  const doc = await store.load(name);
  change(doc);
  store.release(doc);
  await expect.poll(async () => (await store.changeMarks()).has(name)).toBe(true);
}

const titles = (indexer: Indexer, query: string) => indexer.find(query).flatMap((group) => group.hits.map((hit) => hit.title));

describe('the indexer', () => {
  it('finds a page and a post written on the device, and reads a changed page again', async () => {
    const user = newUser();
    const store = open(new LocalStore(user, null));
    await write(store, 'noord/page/wondzorg', (doc) => {
      setPageTitle(doc, 'Protocol Wondzorg');
      appendPageBlocks(doc, [{ type: 'paragraph', text: 'Spoel de wond met kraanwater.' }]);
    });
    await write(store, 'noord/feed/2026-12', (doc) => createPost(doc, { authorId: 'u1', authorName: 'Anna', text: 'Gisteren de wondzorg bij Jansen gedaan.' }));
    const indexer = open(new Indexer(user));
    await indexer.refresh();
    expect(indexer.find('wond').map((group) => group.kind)).toEqual(['page', 'post']);

    const doc = await store.load('noord/page/wondzorg');
    setPageTitle(doc, 'Protocol Valpreventie');
    store.release(doc);
    await expect
      .poll(async () => {
        await indexer.refresh();
        return titles(indexer, 'valpreventie');
      })
      .toEqual(['Protocol Valpreventie']);
  });

  it('drops a document the device forgot (the person lost access to its space)', async () => {
    const user = newUser();
    const store = open(new LocalStore(user, null));
    await write(store, 'zuid/page/geheim', (doc) => setPageTitle(doc, 'Wondzorg Zuid'));
    const indexer = open(new Indexer(user));
    await indexer.refresh();
    expect(titles(indexer, 'wond')).toEqual(['Wondzorg Zuid']);
    await store.forget(['zuid/page/geheim']);
    await indexer.refresh();
    expect(titles(indexer, 'wond')).toEqual([]);
  });

  it('searches the smoelenboek kept on the device', async () => {
    const user = newUser();
    open(new LocalStore(user, null));
    await new DeviceCache().set(`people:${user}`, {
      people: [{ id: 'p1', name: 'Sanne Bakker', expertise: ['Wondverzorging'], teams: [], locations: [], languages: [], jobTitle: null }],
      etag: '"e1"',
      savedAt: 1,
    });
    const indexer = open(new Indexer(user));
    await indexer.refresh();
    expect(titles(indexer, 'wond')).toEqual(['Sanne Bakker']);
    await new DeviceCache().delete(`people:${user}`);
    await indexer.refresh();
    expect(titles(indexer, 'wond')).toEqual([]);
  });

  it('keeps the index across restarts, and the wipe removes it', async () => {
    const user = newUser();
    const store = open(new LocalStore(user, null));
    await write(store, 'noord/page/a', (doc) => setPageTitle(doc, 'Wondzorg'));
    const first = new Indexer(user);
    await first.refresh();
    await first.keep();
    first.close();

    const again = open(new Indexer(user));
    await again.ready;
    expect(titles(again, 'wond')).toEqual(['Wondzorg']);
    again.close();

    await deleteSearchIndex(user);
    expect(await open(new KeptSearch(user)).read()).toBeNull();
  });
});
