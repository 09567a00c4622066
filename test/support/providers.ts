/**
 * The stock y-websocket client (`WebsocketProvider`), as the app's browsers use it, run in Node: its socket
 * carries the session cookie, and it asks for Kring's `saved` message (`SAVED_PARAMS`) and learns it through
 * the provider's own extension point (`provider.messageHandlers`).
 */
import type * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SAVED_PARAMS, isCoveredBy, mergeSaved, reachOf, readSaved } from '../../packages/protocol/src/index.ts';
import { WAIT_MS, waitFor, withTimeout } from './wait.ts';

export interface CloseInfo {
  code: number;
  reason: string;
}

/** What the tests follow per provider, kept beside it rather than on it. */
interface Tracking {
  /** After each `saved` the server sent, in order: everything it has said it holds (they are merged). */
  saved: Uint8Array[];
  /** What this provider received from the server: held there, though the server confirms only a writer's own. */
  received: Uint8Array | null;
  /** Every close that came from the server (not `disconnect()`), in order. */
  closes: CloseInfo[];
}
const tracking = new WeakMap<WebsocketProvider, Tracking>();

// Every stock provider in Node adds a process 'exit' listener; a test may hold dozens at once.
process.setMaxListeners(Math.max(process.getMaxListeners(), 200));

function tracked(provider: WebsocketProvider): Tracking {
  const found = tracking.get(provider);
  if (!found) throw new Error('this provider was not opened with openProvider');
  return found;
}

/** A `ws` WebSocket class that sends `cookie` with the upgrade, in the shape y-websocket constructs. */
export function cookieWebSocket(cookie: string): new (address: string | URL, protocols?: string | string[]) => WebSocket {
  return class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie }, perMessageDeflate: false });
    }
  };
}

/**
 * Opens a provider for `docName` on a running Kring.
 * @param url the app's URL from `startKring`
 * @param options.doc the document to bind (a new one by default)
 * @param options.connect false to create it offline; `provider.connect()` later
 */
export function openProvider(url: string, docName: string, cookie: string, options: { doc?: Y.Doc; connect?: boolean } = {}): WebsocketProvider {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, docName, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    // Asks for "saved", as Kring's device does; a stock client that does not ask is never sent one.
    params: { ...SAVED_PARAMS },
  });
  const track: Tracking = { saved: [], received: null, closes: [] };
  tracking.set(provider, track);
  // As the app does (web/lib/client/sync-manager.ts): what came from the server is not this client's to save.
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === provider) track.received = mergeSaved(track.received, reachOf(update));
  });
  provider.messageHandlers[MessageType.saved] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
    // A "saved" may name only some clients; each entry here is everything the server has said so far.
    track.saved.push(mergeSaved(track.saved.at(-1) ?? null, readSaved(decoder)));
  };
  provider.on('connection-close', (event) => {
    // null when we closed it ourselves (disconnect, destroy).
    if (event) track.closes.push({ code: event.code, reason: event.reason });
  });
  return provider;
}

/** Resolves once the provider has synced with the server (received its sync step 2). */
export function waitForSynced(provider: WebsocketProvider, timeoutMs = WAIT_MS): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const onSynced = (synced: boolean) => {
        if (!synced) return;
        provider.off('sync', onSynced);
        resolve();
      };
      provider.on('sync', onSynced);
    }),
    `${provider.roomname} to sync`,
    timeoutMs,
  );
}

/**
 * Resolves with the server's `saved` state vector once it covers everything this client wrote in the
 * provider's document (what it received from the server counts as held there): the server says every update
 * this client holds is durably stored.
 */
export function waitForSaved(provider: WebsocketProvider, timeoutMs = WAIT_MS): Promise<Uint8Array> {
  const track = tracked(provider);
  return waitFor(
    () => {
      const local = Y.encodeStateVector(provider.doc);
      const saved = track.saved.at(-1);
      return saved && isCoveredBy(local, track.received ? mergeSaved(saved, track.received) : saved) ? saved : undefined;
    },
    `the server to say ${provider.roomname} is saved`,
    { timeoutMs, intervalMs: 5 },
  );
}

/** Resolves with the first close the server sent this provider (past or future). */
export function waitForClose(provider: WebsocketProvider, timeoutMs = WAIT_MS): Promise<CloseInfo> {
  const track = tracked(provider);
  return waitFor(() => track.closes[0], `the server to close ${provider.roomname}`, { timeoutMs, intervalMs: 5 });
}

/** Everything the server has said it holds of this provider's document (its `saved` messages merged), if any. */
export function lastSaved(provider: WebsocketProvider): Uint8Array | undefined {
  return tracked(provider).saved.at(-1);
}

/** Every close the server sent this provider so far. */
export function closesOf(provider: WebsocketProvider): readonly CloseInfo[] {
  return tracked(provider).closes;
}

/** Opens a provider, waits until it synced, and returns it. */
export async function openSynced(url: string, docName: string, cookie: string, doc?: Y.Doc): Promise<WebsocketProvider> {
  const provider = openProvider(url, docName, cookie, { doc });
  try {
    await waitForSynced(provider);
  } catch (error) {
    const closes = closesOf(provider);
    provider.destroy();
    throw new Error(`${docName} did not sync${closes.length > 0 ? ` (closed ${JSON.stringify(closes)})` : ''}`, { cause: error });
  }
  return provider;
}

/** A fresh client's view of a document: opens, syncs, copies the content out, leaves. */
export async function loadText(url: string, docName: string, cookie: string, field = 'body'): Promise<string> {
  const provider = await openSynced(url, docName, cookie);
  try {
    return provider.doc.getText(field).toString();
  } finally {
    provider.destroy();
  }
}
