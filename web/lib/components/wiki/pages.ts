/**
 * Creating and renaming pages: a page's title lives in the page's own document and, for the page tree, in the
 * space index. Both are written by the person who acts, never by every client on connect.
 */
import { addPage, docName, getPageTitle, renamePage, setPageTitle } from '@kring/shapes';
import type * as Y from 'yjs';
import type { OpenDocument, SyncManager } from '$lib/client';
import { withDocument } from '$lib/client/document.svelte.ts';

/** How long a rename waits for the page's server copy before it only renames the tree entry. */
const SYNC_WAIT_MS = 4000;

function whenSynced(document: OpenDocument, timeoutMs: number): Promise<boolean> {
  const { provider } = document;
  if (provider.synced) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (synced: boolean) => {
      clearTimeout(timer);
      provider.off('sync', onSync);
      resolve(synced);
    };
    const onSync = (synced: boolean) => synced && done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    provider.on('sync', onSync);
  });
}

/**
 * Adds a page to the index (under `parentId`, last) and writes its title into the new page document.
 * Returns the new page's id and the open page document: release it once the page view has opened it.
 */
export async function createPage(
  sync: SyncManager,
  spaceId: string,
  index: Y.Doc,
  title: string,
  parentId: string | null,
): Promise<{ id: string; page: OpenDocument }> {
  const id = addPage(index, { title, parentId });
  const page = await sync.open(docName(spaceId, 'page', id));
  // A new, random id: nobody else has written this document, so setting its title cannot merge with another.
  setPageTitle(page.doc, title);
  return { id, page };
}

/**
 * Renames a page in the tree and in its own document. The page document's title is changed only once this
 * device has its content (from the server, or an earlier visit): writing a title into an empty copy would
 * merge with the real title into both.
 */
export async function renamePageEverywhere(sync: SyncManager, spaceId: string, index: Y.Doc, pageId: string, title: string): Promise<void> {
  renamePage(index, pageId, title);
  await withDocument(sync, docName(spaceId, 'page', pageId), async (page, opened) => {
    if (getPageTitle(page) !== '' || (await whenSynced(opened, SYNC_WAIT_MS))) setPageTitle(page, title);
  });
}
