/**
 * When the server says storage is full (docs/api.md, "Quotas"): the device keeps the work, says so in its
 * summary, and does not keep sending it (a batch's 413 `storage_full`) nor reconnecting (a socket closed 4414).
 */
import { appendPageBlocks, pagePlainText } from '@kring/shapes';
import { afterEach, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { CloseCode } from '@kring/protocol';
import { LocalStore } from './local-store.ts';
import { SyncManager } from './sync-manager.ts';

const PAGE = 'noord/page/valpreventie';
const TYPED = 'Let op losse kleden in de gang.';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

let nextUser = 0;
/** A device whose person typed on PAGE, none of it saved on the server yet. */
async function deviceWithWork(): Promise<LocalStore> {
  const store = new LocalStore(`storage-full-${++nextUser}`, null);
  cleanup.push(() => store.close());
  const doc = await store.load(PAGE);
  appendPageBlocks(doc, [{ type: 'paragraph', text: TYPED }]);
  store.release(doc);
  return store;
}

it("reports a batch's 413 storage_full in the summary, keeps the work and does not send it again", async () => {
  const store = await deviceWithWork();
  let requests = 0;
  const fetchFull = (async () => {
    requests++;
    return new Response(JSON.stringify({ error: { code: 'storage_full', message: 'Storage full (person-storage).' } }), {
      status: 413,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  const sync = new SyncManager(store, { origin: 'http://127.0.0.1:9', fetch: fetchFull });
  cleanup.push(() => sync.destroy());

  expect(await sync.reconcile([PAGE])).toBe(false);
  expect(requests).toBe(1);
  expect(sync.summary.value).toMatchObject({ storageFull: true, unsaved: [PAGE], syncing: false });
  expect(await sync.readLocal(PAGE, pagePlainText)).toContain(TYPED);

  // The next background round does not send the whole unsaved state again only to be refused.
  expect(await sync.reconcile([PAGE])).toBe(false);
  expect(requests).toBe(1);
  expect(sync.summary.value.unsaved).toEqual([PAGE]);
});

it('a 413 for a batch too large at once is not storage full', async () => {
  const store = await deviceWithWork();
  const fetchTooLarge = (async () =>
    new Response(JSON.stringify({ error: { code: 'too_large', message: 'More than a whole new-documents allowance at once.' } }), { status: 413 })) as typeof fetch;
  const sync = new SyncManager(store, { origin: 'http://127.0.0.1:9', fetch: fetchTooLarge });
  cleanup.push(() => sync.destroy());

  expect(await sync.reconcile([PAGE])).toBe(false);
  expect(sync.summary.value.storageFull).toBe(false);
});

it('a socket closed with 4414 (storage full) shows storage-full, keeps the work and does not reconnect', async () => {
  // A server that refuses like Kring's when the person's storage is full: right after the upgrade.
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  let connections = 0;
  server.on('connection', (socket) => {
    connections++;
    socket.close(CloseCode.storageFull, 'storage full (person-storage)');
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };

  const store = await deviceWithWork();
  const sync = new SyncManager(store, { origin: `http://127.0.0.1:${port}` });
  cleanup.push(() => sync.destroy());
  const open = await sync.open(PAGE);
  cleanup.push(() => open.release());

  await expect.poll(() => open.state.value.connection).toBe('storage-full');
  expect(open.state.value.save).toBe('local');
  expect(sync.summary.value).toMatchObject({ storageFull: true, unsaved: [PAGE] });
  // y-websocket gives up for good (its reconnect timer becomes a no-op) rather than trying again later.
  expect(open.provider.shouldConnect).toBe(false);
  expect(open.provider.ws).toBeNull();
  expect(connections).toBe(1);
  expect(pagePlainText(open.doc)).toContain(TYPED);
});
