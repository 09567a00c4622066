/**
 * The offline day. A device has worked offline: 5,000 small edits on each of 20 documents. It comes back:
 * how long until the server holds everything (Kring: durably stored and acknowledged; the peers: applied in
 * memory), and how many bytes crossed the wire. Two ways back:
 * - "provider stayed open": the app kept running; its providers reconnect;
 * - "fresh app start": the app was closed; it loads each document's state from local storage (files here)
 *   into a new Y.Doc and connects a new provider (Kring: its SyncManager asks its local store for each
 *   document as it prepares the batches, as the app's IndexedDB store is asked).
 * And the realistic variant: 200 documents on the device, 20 changed on it and 30 changed on the server by a
 * colleague meanwhile; done when both sides hold everything. Kring comes back the way its app does (its
 * SyncManager, over every document it knows); the reference server's client opens a provider per document,
 * all at once; Hocuspocus's opens them all over one shared socket. On Kring the device is one person's
 * (`as`, else the server's demo employee); yesterday's documents were written by a few colleagues over time
 * (each making at most 50 of them, within a person's new documents an hour), today's changes by one of them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { SyncManager } from '../../../web/lib/client/sync-manager.ts';
import type { LocalStore } from '../../../web/lib/client/local-store.ts';
import { isCoveredBy } from '@kring/protocol';
import { Device, type DocClient } from '../lib/clients.ts';
import { applyEdit, editScript, makePage, paragraphTexts, type Edit } from '../lib/content.ts';
import { seedPeople, type Person } from '../lib/people.ts';
import type { RunningServer } from '../lib/servers.ts';
import { BenchTimeoutError, delay, inBatches, until } from '../lib/wait.ts';
import { WireMeter } from '../lib/wire.ts';

const TIMEOUT_MS = 120_000;

export interface ReturnFigures {
  /** From coming back online until the server holds everything (and, realistic variant, the device too). */
  timeMs: number;
  /** TCP payload bytes both ways, handshakes included, until the exchange went quiet. */
  wireBytes: number;
  socketsOpened: number;
  /** HTTP requests the client made (Kring's batched reconcile), if any. */
  httpRequests?: number;
  /** Kring: which of its SyncManager's ways back the app has (`reconcile` or `syncInBackground`). */
  via?: string;
}

interface Plan {
  pages: Uint8Array[];
  edits: Edit[][];
}
const plans = new Map<string, Plan>();

/** Pages and edit scripts, made once and reused by every system and run. */
function plan(docs: number, editsPerDoc: number, pageBytes: number): Plan {
  const key = `${docs}/${editsPerDoc}/${pageBytes}`;
  let found = plans.get(key);
  if (!found) {
    const pages = Array.from({ length: docs }, (_, i) => makePage(pageBytes, 1000 + i));
    const edits = pages.map((page, i) => editScript(editsPerDoc, 5000 + i, paragraphTexts(docFrom(page)).length));
    found = { pages, edits };
    plans.set(key, found);
  }
  return found;
}

export interface OfflineDayOptions {
  docs: number;
  editsPerDoc: number;
  pageBytes: number;
  /** Document names are `<space>/page/<prefix>-<i>`. */
  prefix: string;
  /** Kring: the space of the pages (default `noord`, a team space); its people must be members. */
  space?: string;
  /** Kring: whose device it is (default the server's demo employee). */
  as?: Person;
}

export async function offlineDay(server: RunningServer, variant: 'stayed-open' | 'fresh-start', options: OfflineDayOptions): Promise<ReturnFigures> {
  const { pages, edits } = plan(options.docs, options.editsPerDoc, options.pageBytes);
  const names = pages.map((_, i) => `${options.space ?? 'noord'}/page/${options.prefix}-${i}`);
  const device = new Device(server, { multiplex: true });
  let fresh: Device | null = null;
  const storage = await mkdtemp(join(tmpdir(), 'kring-bench-device-'));
  try {
    // The morning: every document is on the device and on the server.
    const clients = names.map((name, i) => device.open(name, docFrom(pages[i]), { as: options.as }));
    await inBatches(clients, 10, async (client) => {
      await client.synced(TIMEOUT_MS);
      await client.held(TIMEOUT_MS);
    });
    // What the server said was saved this morning: an app keeps it with each document (Kring's IndexedDB does).
    const savedMorning = new Map(clients.map((client) => [client.name, Y.encodeStateVector(client.doc)]));
    // The day: offline, every keystroke its own transaction, as an editor makes them.
    device.disconnectAll();
    await delay(200);
    for (const [i, client] of clients.entries()) {
      const texts = paragraphTexts(client.doc);
      for (const edit of edits[i]) applyEdit(client.doc, texts, edit);
    }

    if (variant === 'stayed-open') {
      device.meter.reset();
      const t0 = performance.now();
      device.connectAll();
      await Promise.all(clients.map((client) => client.held(TIMEOUT_MS)));
      const timeMs = performance.now() - t0;
      return { timeMs, wireBytes: await quietBytes(device.meter), socketsOpened: device.meter.socketsOpened };
    }

    // The app closes with everything in local storage; it starts again, online.
    await Promise.all(clients.map((client, i) => writeFile(join(storage, `${i}.bin`), Y.encodeStateAsUpdate(client.doc))));
    device.destroy();
    await delay(200);
    if (server.system === 'kring') {
      // Kring's app starts as it does every time: its SyncManager reconciles every document on the device in
      // batches over HTTP (a socket only for a document the person opens).
      // Its local store reads a document when the SyncManager asks for it, as the app's IndexedDB store does.
      const t0 = performance.now();
      const onDevice = new Map<string, Y.Doc>();
      const device: DeviceDocuments = {
        names,
        load: async (name) => {
          let doc = onDevice.get(name);
          if (!doc) {
            doc = docFrom(await readFile(join(storage, `${names.indexOf(name)}.bin`)));
            onDevice.set(name, doc);
          }
          return doc;
        },
      };
      const meter = new WireMeter();
      const { requests, via } = await kringComesBack(server, device, savedMorning, new Set(names), meter, options.as?.cookie ?? server.cookie);
      const timeMs = performance.now() - t0;
      return { timeMs, wireBytes: await quietBytes(meter), socketsOpened: meter.socketsOpened, httpRequests: requests, via };
    }
    fresh = new Device(server, { multiplex: true });
    const app = fresh;
    const t0 = performance.now();
    const reopened = await Promise.all(
      names.map(async (name, i) => {
        const doc = docFrom(await readFile(join(storage, `${i}.bin`)));
        return app.open(name, doc);
      }),
    );
    await Promise.all(reopened.map((client) => client.held(TIMEOUT_MS)));
    const timeMs = performance.now() - t0;
    return { timeMs, wireBytes: await quietBytes(app.meter), socketsOpened: app.meter.socketsOpened };
  } finally {
    device.destroy();
    fresh?.destroy();
    await rm(storage, { recursive: true, force: true });
  }
}

export interface RealisticOptions {
  docs: number;
  changedOnDevice: number;
  changedOnServer: number;
  editsPerChange: number;
  pageBytes: number;
  prefix: string;
  /** Kring: the space of the pages (default `noord`, a team space); its people must be members. */
  space?: string;
  /** Kring: whose device it is (default the server's demo employee). */
  as?: Person;
}

/** Documents one colleague made yesterday, at most (a person may make 100 an hour, docs/api.md). */
const DOCUMENTS_PER_COLLEAGUE = 50;

export async function offlineDayRealistic(server: RunningServer, options: RealisticOptions): Promise<ReturnFigures> {
  const { pages, edits } = plan(options.docs, options.editsPerChange, options.pageBytes);
  const names = pages.map((_, i) => `${options.space ?? 'noord'}/page/${options.prefix}-${i}`);
  const local = new Set(names.slice(0, options.changedOnDevice));
  const remote = new Set(names.slice(options.changedOnDevice, options.changedOnDevice + options.changedOnServer));

  // Yesterday: the server and the device both hold every document, written by a few colleagues.
  const colleagues = server.system === 'kring' ? await seedPeople(server, Math.ceil(names.length / DOCUMENTS_PER_COLLEAGUE), { label: `${options.prefix}-colleague`, spaceId: options.space }) : [];
  const seeder = new Device(server, { multiplex: true });
  try {
    await inBatches(names, 10, async (name, i) => {
      const client = seeder.open(name, docFrom(pages[i]), { as: colleagues[Math.floor(i / DOCUMENTS_PER_COLLEAGUE)] });
      await client.synced(TIMEOUT_MS);
      await client.held(TIMEOUT_MS);
    });
  } finally {
    seeder.destroy();
  }
  const onDevice = new Map(names.map((name, i) => [name, docFrom(pages[i])]));
  // What the device heard from the server yesterday: every document saved as it is.
  const savedYesterday = new Map([...onDevice].map(([name, doc]) => [name, Y.encodeStateVector(doc)]));

  // Today, while the device is offline: a colleague changes some documents on the server...
  const colleague = new Device(server, { multiplex: true });
  const expected = new Map<string, Uint8Array>();
  try {
    await inBatches([...remote], 10, async (name) => {
      const client = colleague.open(name, undefined, { as: colleagues[0] });
      await client.synced(TIMEOUT_MS);
      const texts = paragraphTexts(client.doc);
      for (const edit of edits[names.indexOf(name)]) applyEdit(client.doc, texts, edit);
      await client.held(TIMEOUT_MS);
      expected.set(name, Y.encodeStateVector(client.doc));
    });
  } finally {
    colleague.destroy();
  }
  // ...and the device changes others.
  for (const name of local) {
    const doc = onDevice.get(name) as Y.Doc;
    const texts = paragraphTexts(doc);
    for (const edit of edits[names.indexOf(name)]) applyEdit(doc, texts, edit);
  }
  await delay(200);

  const t0 = performance.now();
  if (server.system === 'kring') {
    const meter = new WireMeter();
    const { requests, via } = await kringComesBack(server, { names, load: async (name) => onDevice.get(name) as Y.Doc }, savedYesterday, local, meter, options.as?.cookie ?? server.cookie);
    const timeMs = performance.now() - t0;
    assertCurrent(onDevice, expected);
    return { timeMs, wireBytes: await quietBytes(meter), socketsOpened: meter.socketsOpened, httpRequests: requests, via };
  }
  const device = new Device(server, { multiplex: true });
  try {
    const clients: DocClient[] = names.map((name) => device.open(name, onDevice.get(name)));
    await Promise.all(
      clients.map(async (client) => {
        await client.synced(TIMEOUT_MS);
        if (local.has(client.name)) await client.held(TIMEOUT_MS);
      }),
    );
    const timeMs = performance.now() - t0;
    assertCurrent(onDevice, expected);
    return { timeMs, wireBytes: await quietBytes(device.meter), socketsOpened: device.meter.socketsOpened };
  } finally {
    device.destroy();
  }
}

/** The documents on Kring's device: their names, and each read from local storage when asked for. */
interface DeviceDocuments {
  names: string[];
  load(name: string): Promise<Y.Doc>;
}

/**
 * Kring's device comes back as its app does: its SyncManager over every document on the device, with
 * `reconcile` (batched, over HTTP) where the app has it, else `syncInBackground` (a provider per document,
 * three at a time). The local store reads the device's documents (from files or memory; IndexedDB's part is the
 * same for every system and not what is measured) when asked; it starts with the "saved" state vectors of yesterday's sync, as
 * the app's IndexedDB does, and keeps those the server sends, which must cover every document changed on
 * the device.
 */
async function kringComesBack(
  server: RunningServer,
  device: DeviceDocuments,
  savedYesterday: Map<string, Uint8Array>,
  changed: Set<string>,
  meter: WireMeter,
  cookie: string | undefined,
): Promise<{ requests: number; via: string }> {
  const saved = new Map(savedYesterday);
  const store = {
    load: (name: string) => device.load(name),
    release: () => {},
    record: async (name: string) => ({ name, savedStateVector: saved.get(name), lastSyncedAt: Date.now() - 86_400_000 }),
    markSaved: async (name: string, stateVector: Uint8Array) => void saved.set(name, stateVector),
    markSavedAll: async (marks: { name: string; savedStateVector: Uint8Array }[]) => {
      for (const mark of marks) saved.set(mark.name, mark.savedStateVector);
    },
    names: async () => device.names,
  } as unknown as LocalStore;
  const http = meter.fetch(cookie);
  // The last answer that was not OK, to say why when the app's client gives up.
  let refused = '';
  let requests = 0;
  const fetchAndNote = (async (input: string | URL | Request, init?: RequestInit) => {
    requests++;
    const response = await http.fetch(input, init);
    if (!response.ok) refused = `${response.status} ${(await response.clone().text()).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 160)}`;
    return response;
  }) as typeof fetch;
  const sync = new SyncManager(store, {
    origin: server.httpUrl as string,
    WebSocketPolyfill: meter.socketClass(cookie) as unknown as typeof WebSocket,
    fetch: fetchAndNote,
    backgroundTimeoutMs: TIMEOUT_MS,
  } as ConstructorParameters<typeof SyncManager>[1]);
  // Whichever of the two the app's SyncManager has today.
  const manager = sync as unknown as { reconcile?: (names: string[]) => Promise<boolean>; syncInBackground?: (names: string[]) => Promise<void> };
  const via = manager.reconcile ? 'reconcile (batched over HTTP)' : 'syncInBackground (a provider per document)';
  try {
    const names = await sync.knownDocuments();
    if (manager.reconcile) {
      if (!(await manager.reconcile(names))) throw new Error(`Kring: SyncManager.reconcile gave up${refused ? ` (the server answered ${refused})` : ''}`);
    } else if (manager.syncInBackground) {
      await manager.syncInBackground(names);
    } else {
      throw new Error('Kring: SyncManager has neither reconcile nor syncInBackground');
    }
    for (const name of changed) {
      const stateVector = saved.get(name);
      if (!stateVector || !isCoveredBy(Y.encodeStateVector(await device.load(name)), stateVector)) throw new Error(`Kring: ${name} is not saved on the server`);
    }
  } finally {
    sync.destroy();
    http.close();
  }
  return { requests, via };
}

/** Throws unless the device holds what the colleague wrote on the server. */
function assertCurrent(onDevice: Map<string, Y.Doc>, expected: Map<string, Uint8Array>): void {
  for (const [name, stateVector] of expected) {
    const has = Y.decodeStateVector(Y.encodeStateVector(onDevice.get(name) as Y.Doc));
    for (const [client, clock] of Y.decodeStateVector(stateVector)) {
      if ((has.get(client) ?? 0) < clock) throw new Error(`${name}: the device did not get the server's changes`);
    }
  }
}

/** The meter's bytes once nothing has crossed for 200 ms (at most 10 s of waiting). */
async function quietBytes(meter: WireMeter): Promise<number> {
  let last = -1;
  try {
    await until(
      async () => {
        const now = meter.bytesSinceReset();
        const quiet = now === last;
        last = now;
        return quiet;
      },
      'the wire to go quiet',
      10_000,
      200,
    );
  } catch (error) {
    if (!(error instanceof BenchTimeoutError)) throw error;
  }
  return meter.bytesSinceReset();
}

function docFrom(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
