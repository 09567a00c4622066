/**
 * The device's background sync (SyncManager.reconcile) against the real server: documents never opened come
 * down in one batch, offline work goes up and is marked saved, and what is unsaved is known even offline.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isCoveredBy } from '../../packages/protocol/src/index.ts';
import { LocalStore } from '../../web/lib/client/local-store.ts';
import { SyncManager } from '../../web/lib/client/sync-manager.ts';
import { cookieWebSocket, loadText, openSynced, waitForSaved } from '../support/providers.ts';
import { waitFor } from '../support/wait.ts';
import { health, login, useKring } from '../support/server.ts';

const kring = useKring();
let cookie: string;

beforeAll(async () => {
  cookie = await login(kring.url, 'anna@kring.test');
});

function manager(origin: string, store: LocalStore): SyncManager {
  const withCookie: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
  return new SyncManager(store, { origin, fetch: withCookie });
}

describe('SyncManager.reconcile', () => {
  it('brings down documents the device never opened, in one round trip', async () => {
    const store = new LocalStore(`bg-down-${Date.now()}`);
    const sync = manager(kring.url, store);
    expect(await sync.reconcile(['noord/index/main', 'noord/page/valpreventie', 'noord/page/medicatie-overdracht'])).toBe(true);
    const title = await sync.readLocal('noord/page/valpreventie', (doc) => doc.getText('title').toString());
    expect(title).toBe('Valpreventie bij cliënten thuis');
    expect(sync.summary.value.unsaved).toEqual([]);
    sync.destroy();
    store.close();
  });

  it('knows offline which documents hold unsaved work, and saves them when the server is back', async () => {
    const store = new LocalStore(`bg-up-${Date.now()}`);
    const online = manager(kring.url, store);
    await online.reconcile(['noord/page/offline-werk']);
    const doc = await store.load('noord/page/offline-werk');
    doc.getText('t').insert(0, 'geschreven zonder verbinding');
    store.release(doc);

    // An origin nobody listens on: the server cannot be reached.
    const offline = manager('http://127.0.0.1:9', store);
    expect(await offline.reconcile(['noord/page/offline-werk'])).toBe(false);
    expect(offline.summary.value.unsaved).toEqual(['noord/page/offline-werk']);

    expect(await online.reconcile(['noord/page/offline-werk'])).toBe(true);
    expect(online.summary.value.unsaved).toEqual([]);
    expect(await loadText(kring.url, 'noord/page/offline-werk', cookie, 't')).toBe('geschreven zonder verbinding');
    const record = await store.record('noord/page/offline-werk');
    const reopened = await store.load('noord/page/offline-werk');
    // The device remembers what the server confirmed, so the state is right after a restart with no network.
    expect(isCoveredBy(Y.encodeStateVector(reopened), record!.savedStateVector!)).toBe(true);
    store.release(reopened);
    online.destroy();
    offline.destroy();
    store.close();
  });

  it('learns which documents changed on the server since its cursor', async () => {
    const store = new LocalStore(`bg-changes-${Date.now()}`);
    const sync = manager(kring.url, store);
    const first = await sync.changedOnServer(0);
    expect(first?.names).toContain('noord/page/valpreventie');
    expect(first?.names.some((name) => name.startsWith('zuid/'))).toBe(false);
    const again = await sync.changedOnServer(first!.cursor);
    expect(again?.names).toEqual([]);
    sync.destroy();
    store.close();
  });
});

describe('SyncManager.reconcile with a large day of work', () => {
  /** A day's notes on each of `count` documents, written on the device while offline. */
  async function offlineDay(store: LocalStore, prefix: string, count: number): Promise<string[]> {
    const names = Array.from({ length: count }, (_, i) => `noord/page/${prefix}-${i}`);
    for (const name of names) {
      const doc = await store.load(name);
      const text = doc.getText('t');
      doc.transact(() => {
        for (let line = 0; line < 200; line++) text.insert(text.length, `${name}: regel ${line} van de dag. `);
      });
      store.release(doc);
    }
    return names;
  }

  it('sends it in several batches, at most two at a time, and every document ends saved', async () => {
    const prefix = `dag-${Date.now()}`;
    const store = new LocalStore(`bg-large-${Date.now()}`);
    const names = await offlineDay(store, prefix, 12);
    let requests = 0;
    let open = 0;
    let mostOpen = 0;
    const counting: typeof fetch = async (input, init) => {
      requests++;
      mostOpen = Math.max(mostOpen, ++open);
      try {
        return await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
      } finally {
        open--;
      }
    };
    const sync = new SyncManager(store, { origin: kring.url, fetch: counting });
    expect(await sync.reconcile(names)).toBe(true);
    // About 100 KB of work: more than one batch, far fewer than one request per document.
    expect(requests).toBeGreaterThan(1);
    expect(requests).toBeLessThan(names.length);
    expect(mostOpen).toBeLessThanOrEqual(2);
    expect(sync.summary.value.unsaved).toEqual([]);
    for (const name of [names[0], names[11]]) expect(await loadText(kring.url, name, cookie, 't')).toContain(`${name}: regel 199 van de dag.`);
    sync.destroy();
    store.close();
  });

  it('still knows offline which of them hold unsaved work, after the first batch found no server', async () => {
    const store = new LocalStore(`bg-large-offline-${Date.now()}`);
    const names = await offlineDay(store, `dag-offline-${Date.now()}`, 12);
    const offline = new SyncManager(store, { origin: 'http://127.0.0.1:9', fetch });
    expect(await offline.reconcile(names)).toBe(false);
    expect([...offline.summary.value.unsaved].sort()).toEqual([...names].sort());
    offline.destroy();
    store.close();
  });
});

describe('an open document', () => {
  /** A document open on this device (online), and a colleague's client on the same document. */
  async function openWithColleague(prefix: string) {
    const name = `noord/page/${prefix}-${Date.now()}`;
    const store = new LocalStore(`open-${prefix}-${Date.now()}`);
    const sync = new SyncManager(store, { origin: kring.url, WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof WebSocket });
    const opened = await sync.open(name);
    await waitFor(() => opened.state.value.connection === 'online', 'the document to be online');
    const colleague = await openSynced(kring.url, name, cookie);
    return { name, store, sync, opened, colleague };
  }

  it('counts what it received from a colleague as the server\'s, and still knows so at the next start', async () => {
    const { name, store, sync, opened, colleague } = await openWithColleague('ontvangen');
    try {
      colleague.doc.getText('t').insert(0, 'Bram schreef dit.');
      await waitForSaved(colleague);
      await waitFor(() => opened.doc.getText('t').toString() === 'Bram schreef dit.', 'the edit to arrive');
      // Nothing of this device's own: saved at once, though the server confirms only the writer's updates.
      expect(opened.state.value.save).toBe('saved');
      expect(sync.summary.value.unsaved).toEqual([]);

      // The device's own edit is saving until the server confirms it.
      opened.doc.getText('t').insert(0, 'Anna: ');
      expect(opened.state.value.save).toBe('saving');
      await waitFor(() => opened.state.value.save === 'saved', 'the own edit to be saved');
      opened.release();
      sync.destroy();

      // The next start, offline: the local record covers both what was received and what was written.
      const record = await store.record(name);
      const reopened = await store.load(name);
      expect(reopened.getText('t').toString()).toBe('Anna: Bram schreef dit.');
      expect(isCoveredBy(Y.encodeStateVector(reopened), record!.savedStateVector!)).toBe(true);
      store.release(reopened);
    } finally {
      colleague.destroy();
      store.close();
    }
  });

  it('records received content as the server\'s even when the device never writes', async () => {
    const { name, store, sync, opened, colleague } = await openWithColleague('alleen-lezen');
    try {
      colleague.doc.getText('t').insert(0, 'Alleen ontvangen.');
      await waitFor(() => opened.doc.getText('t').toString() === 'Alleen ontvangen.', 'the edit to arrive');
      // Written to the device's record within a second (not per received keystroke), or when the page closes.
      await waitFor(async () => {
        const record = await store.record(name);
        return record?.savedStateVector && isCoveredBy(Y.encodeStateVector(opened.doc), record.savedStateVector);
      }, 'the device to record the received content as the server\'s');
    } finally {
      opened.release();
      sync.destroy();
      colleague.destroy();
      store.close();
    }
  });
});

describe("a reader's device", () => {
  const NEWS = ['nieuws/index/main', 'nieuws/page/welkom'];
  const dropped = async () => (await health(kring.url)).sync.readOnlyWritesDropped;

  function readerManager(store: LocalStore, daan: string, readOnly?: (docName: string) => boolean): SyncManager {
    const withCookie: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: daan } });
    return new SyncManager(store, { origin: kring.url, fetch: withCookie, readOnly });
  }

  it('sends nothing back when two rounds bring the same news documents in at once (the home and the background round at login)', async () => {
    const daan = await login(kring.url, 'daan@kring.test');
    const store = new LocalStore(`reader-race-${Date.now()}`);
    const sync = readerManager(store, daan);
    const before = await dropped();
    // The second round starts the moment the first one took in the server's content of the page.
    const held = await store.load(NEWS[1]!);
    let second: Promise<boolean> | null = null;
    held.on('update', () => {
      second ??= sync.reconcile(NEWS);
    });
    try {
      expect(await sync.reconcile(NEWS)).toBe(true);
      expect(second).not.toBeNull();
      expect(await second).toBe(true);
      expect(held.getText('title').toString()).toBe('Welkom op Kring');
      expect(sync.summary.value.unsaved).toEqual([]);
      expect(await dropped()).toBe(before);
    } finally {
      store.release(held);
      sync.destroy();
      store.close();
    }
  });

  it('does not send over the socket what only it holds of a document the person may only read, nor a change made there', async () => {
    const daan = await login(kring.url, 'daan@kring.test');
    const store = new LocalStore(`reader-live-${Date.now()}`);
    const doc = await store.load(NEWS[1]!);
    doc.getText('t').insert(0, 'al op het apparaat');
    store.release(doc);
    const sync = new SyncManager(store, {
      origin: kring.url,
      WebSocketPolyfill: cookieWebSocket(daan) as unknown as typeof WebSocket,
      readOnly: (name) => name.startsWith('nieuws/'),
    });
    const before = await dropped();
    const opened = await sync.open(NEWS[1]!);
    try {
      await waitFor(() => opened.doc.getText('title').toString() === 'Welkom op Kring', 'the page to come in');
      opened.doc.getText('t').insert(0, 'nog meer ');
      // A writer's update in the same document is stored and relayed back, so a reader's would have been dropped by now.
      const eva = await openSynced(kring.url, NEWS[1]!, await login(kring.url, 'eva@kring.test'));
      eva.doc.getText('gezien').insert(0, 'x');
      await waitForSaved(eva);
      await waitFor(() => opened.doc.getText('gezien').toString() === 'x', "Eva's change to arrive");
      eva.destroy();
      expect(await dropped()).toBe(before);
    } finally {
      opened.release();
      sync.destroy();
      store.close();
    }
  });

  it('does not send what only it holds of a document the person may only read', async () => {
    const daan = await login(kring.url, 'daan@kring.test');
    const store = new LocalStore(`reader-local-${Date.now()}`);
    const sync = readerManager(store, daan, (name) => name.startsWith('nieuws/'));
    const doc = await store.load(NEWS[1]!);
    doc.getText('t').insert(0, 'geschreven door een lezer');
    store.release(doc);
    const before = await dropped();
    try {
      expect(await sync.reconcile(NEWS)).toBe(true);
      expect(await sync.readLocal(NEWS[1]!, (copy) => copy.getText('title').toString())).toBe('Welkom op Kring');
      expect(await dropped()).toBe(before);
    } finally {
      sync.destroy();
      store.close();
    }
  });
});
