import { describe, expect, it } from 'vitest';
import { docName, getPageTitle, listPageTree, pagePlainText } from '@kring/shapes';
import { MemoryDocumentStore } from '@kring/storage';
import { readDocument, serverWritingTo } from '../testing.ts';
import { seedDemoProtocols } from './index.ts';
import { WIKI_DEMO_PAGES, seedWikiDemo } from './wiki.ts';

describe('demo care protocols', () => {
  it('adds the protocols, with the sub-page nested, after the pages the index already lists', async () => {
    const store = new MemoryDocumentStore();
    await seedDemoProtocols(serverWritingTo(store));
    await seedWikiDemo(serverWritingTo(store));
    for (const spaceId of ['noord', 'zuid']) {
      const tree = listPageTree(await readDocument(store, docName(spaceId, 'index', 'main')));
      expect(tree.map((page) => page.id)).toEqual(['valpreventie', 'medicatie-overdracht', 'wondzorg', 'overdracht-bij-ziekte']);
      expect(tree[2]!.children.map((page) => page.id)).toEqual(['decubitus']);
      for (const page of WIKI_DEMO_PAGES) {
        const doc = await readDocument(store, docName(spaceId, 'page', page.id));
        expect(getPageTitle(doc)).toBe(page.title);
        expect(pagePlainText(doc).length).toBeGreaterThan(100);
      }
    }
  });

  it('works in either order and never adds a page twice', async () => {
    const store = new MemoryDocumentStore();
    await seedWikiDemo(serverWritingTo(store));
    await seedDemoProtocols(serverWritingTo(store));
    await seedWikiDemo(serverWritingTo(store));
    const tree = listPageTree(await readDocument(store, docName('noord', 'index', 'main')));
    expect(tree.map((page) => page.id).sort()).toEqual(['medicatie-overdracht', 'overdracht-bij-ziekte', 'valpreventie', 'wondzorg']);
    expect((await store.history(docName('noord', 'page', 'wondzorg'))).length).toBe(1);
  });
});
