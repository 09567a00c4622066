/**
 * A device never sends the server content of a document the person may only read, and never sends back what the
 * server sent it. A CI run saw a client's device do both at login: the home screen and the background round
 * reconciled the same documents at once, and the second round took the first round's fresh server content for
 * the device's own unsaved work (the server dropped it as a reader's write).
 */
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendPageBlocks, pagePlainText } from '@kring/shapes';
import { decodeBatchRequest, encodeBatchResponse } from '@kring/protocol';
import { LocalStore } from './local-store.ts';
import { SyncManager } from './sync-manager.ts';

const PAGE = 'nieuws/page/welkom';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

/** A server answering `/api/sync/batch` like Kring's, keeping every update a device sent. */
function batchServer(docs: Record<string, Y.Doc>) {
  const sent: { docName: string; update: Uint8Array }[] = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const items = decodeBatchRequest(new Uint8Array(init?.body as ArrayBuffer));
    const answer = items.map(({ docName, stateVector, update }) => {
      const doc = docs[docName] ?? new Y.Doc();
      const decoded = Y.decodeUpdate(update.byteLength > 0 ? update : Y.encodeStateAsUpdate(new Y.Doc()));
      if (decoded.structs.length > 0 || decoded.ds.clients.size > 0) sent.push({ docName, update });
      return { docName, status: 'ok' as const, diff: Y.encodeStateAsUpdate(doc, stateVector), saved: Y.encodeStateVector(doc) };
    });
    return new Response(encodeBatchResponse(answer).slice().buffer);
  }) as typeof fetch;
  return { sent, fetch: fetchImpl };
}

let nextUser = 0;
function readerDevice(server: ReturnType<typeof batchServer>, readOnly?: (docName: string) => boolean) {
  const store = new LocalStore(`reader-${++nextUser}`, null);
  const sync = new SyncManager(store, { origin: 'http://127.0.0.1:9', fetch: server.fetch, readOnly });
  cleanup.push(() => store.close(), () => sync.destroy());
  return { store, sync };
}

function pageOnServer(): Y.Doc {
  const doc = new Y.Doc();
  appendPageBlocks(doc, [{ type: 'paragraph', text: 'Welkom bij Kring.' }]);
  return doc;
}

it('a round started while another takes in the server content of the same document sends none of it back', async () => {
  const server = batchServer({ [PAGE]: pageOnServer() });
  const { store, sync } = readerDevice(server);
  // The device's copy is shared by everyone who loads it: the second round starts the moment the first one took
  // in the server's content, as the home screen's round can while the background round runs.
  const held = await store.load(PAGE);
  let second: Promise<boolean> | null = null;
  held.on('update', () => {
    second ??= sync.reconcile([PAGE]);
  });

  expect(await sync.reconcile([PAGE])).toBe(true);
  expect(second).not.toBeNull();
  expect(await second).toBe(true);

  expect(pagePlainText(held)).toContain('Welkom bij Kring.');
  expect(server.sent).toEqual([]);
  expect(sync.summary.value.unsaved).toEqual([]);
  store.release(held);
});

it("sends nothing of a document the person may only read, even what is on the device alone, and still takes in the server's", async () => {
  const server = batchServer({ [PAGE]: pageOnServer() });
  const { store, sync } = readerDevice(server, (name) => name === PAGE);
  const doc = await store.load(PAGE);
  appendPageBlocks(doc, [{ type: 'paragraph', text: 'Niet van mij.' }]);
  store.release(doc);

  expect(await sync.reconcile([PAGE])).toBe(true);

  expect(server.sent).toEqual([]);
  expect(await sync.readLocal(PAGE, pagePlainText)).toContain('Welkom bij Kring.');
});

it('still sends what the person may write', async () => {
  const server = batchServer({});
  const { store, sync } = readerDevice(server, (name) => name !== PAGE);
  const doc = await store.load(PAGE);
  appendPageBlocks(doc, [{ type: 'paragraph', text: 'Wel van mij.' }]);
  store.release(doc);

  expect(await sync.reconcile([PAGE])).toBe(true);
  expect(server.sent.map((item) => item.docName)).toEqual([PAGE]);
});
