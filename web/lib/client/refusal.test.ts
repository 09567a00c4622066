/**
 * When the server refuses a change (docs/privacy.md, "Who said it"): the device drops its copy of the document,
 * takes the server's instead, and keeps what the person typed in the refusal, for the notice.
 */
import { createPost, listPosts } from '@kring/shapes';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeBatchResponse } from '@kring/protocol';
import { LocalStore } from './local-store.ts';
import { SyncManager } from './sync-manager.ts';
import { typedTexts } from './typed-text.ts';

const FEED = 'noord/feed/2026-12';
const TYPED = 'Wie neemt zaterdag de dienst over?';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

it('drops the refused document, takes the server’s copy and keeps what was typed in the refusal', async () => {
  const server = new Y.Doc();
  createPost(server, { authorId: 'anna', authorName: 'Anna de Vries', text: 'Koffie om tien uur.' });
  const store = new LocalStore('refused-1', null);
  cleanup.push(() => store.close());
  const local = await store.load(FEED);
  Y.applyUpdate(local, Y.encodeStateAsUpdate(server));
  await store.markSaved(FEED, Y.encodeStateVector(server), Date.now());
  createPost(local, { authorId: 'bram', authorName: 'Bram Jansen', text: TYPED, poll: { options: ['ik', 'niet ik'] } });
  store.release(local);

  const answer = encodeBatchResponse([
    { docName: FEED, status: 'refused', refusal: 'switched-off', diff: Y.encodeStateAsUpdate(server), saved: Y.encodeStateVector(server) },
  ]);
  const fetchRefused = (async () => new Response(answer.slice().buffer, { status: 200 })) as typeof fetch;
  const sync = new SyncManager(store, { origin: 'http://127.0.0.1:9', fetch: fetchRefused });
  cleanup.push(() => sync.destroy());
  const dropped: string[] = [];
  sync.onDropped((name) => dropped.push(name));

  expect(await sync.reconcile([FEED])).toBe(true);
  expect(await sync.readLocal(FEED, (doc) => listPosts(doc).map((post) => post.text))).toEqual(['Koffie om tien uur.']);
  expect(sync.refusals.value).toMatchObject([{ docName: FEED, code: 'switched-off', texts: [TYPED] }]);
  expect(dropped).toEqual([FEED]);
  // Nothing is left to send: the device now holds exactly what the server holds.
  expect(sync.summary.value.unsaved).toEqual([]);

  // Not read yet when the app closes: the next start shows it again, with what was typed.
  const id = sync.refusals.value[0]!.id;
  sync.destroy();
  const later = new SyncManager(store, { origin: 'http://127.0.0.1:9', fetch: fetchRefused });
  cleanup.push(() => later.destroy());
  await later.refusalsRestored;
  expect(later.refusals.value).toMatchObject([{ id, docName: FEED, code: 'switched-off', texts: [TYPED] }]);

  // Read and dismissed: gone, also from the device.
  later.dismissRefusal(id);
  expect(later.refusals.value).toEqual([]);
  const again = new SyncManager(store, { origin: 'http://127.0.0.1:9', fetch: fetchRefused });
  cleanup.push(() => again.destroy());
  await again.refusalsRestored;
  expect(again.refusals.value).toEqual([]);
});

it('reads what a person typed from the unsaved part, not ids, names or what was saved', () => {
  const doc = new Y.Doc();
  createPost(doc, { authorId: 'anna', authorName: 'Anna de Vries', text: 'Al bewaard.' });
  const saved = Y.encodeStateVector(doc);
  createPost(doc, { authorId: 'anna', authorName: 'Anna de Vries', text: 'Nog niet bewaard.' });
  expect(typedTexts(doc, Y.encodeStateAsUpdate(doc, saved))).toEqual(['Nog niet bewaard.']);
});
