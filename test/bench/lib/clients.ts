/**
 * One device's clients for a server under test: the stock client each system is used with, in Node.
 * - Kring and the reference server: y-websocket's `WebsocketProvider`, one socket per document
 *   (`disableBc`, so documents in one process cannot bypass the server); Kring's socket carries the session
 *   cookie (the device's person's, lib/people.ts), and the provider learns Kring's "saved" message (type 100) through its `messageHandlers`.
 * - Hocuspocus: `HocuspocusProvider`, with its own socket per document, or all documents of the device over
 *   one shared `HocuspocusProviderWebsocket` (`multiplex`), as a Hocuspocus app opens many documents.
 * Every client counts its bytes and sockets on the device's `WireMeter`.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SAVED_PARAMS, isCoveredBy, mergeSaved, readSaved } from '@kring/protocol';
import type { Person } from './people.ts';
import type { RunningServer } from './servers.ts';
import { until, withTimeout } from './wait.ts';
import { WireMeter } from './wire.ts';

export interface DocClient {
  readonly name: string;
  readonly doc: Y.Doc;
  /** y-websocket clients: the provider's presence (a workload may clear it, so it measures updates alone). */
  readonly awareness?: Awareness;
  /** Resolves once the client has the server's content (sync step 2 received). */
  synced(timeoutMs: number): Promise<void>;
  /**
   * Resolves once the server holds everything the document holds now: Kring's "saved" (durably stored)
   * covers it; a peer applied it in memory (reported by the peer over IPC, see servers/control.ts).
   */
  held(timeoutMs: number): Promise<void>;
  /** Goes offline; the client and its document stay. */
  disconnect(): void;
  connect(): void;
  destroy(): void;
}

export class Device {
  readonly meter = new WireMeter();
  readonly server: RunningServer;
  readonly #multiplex: boolean;
  #shared: HocuspocusProviderWebsocket | null = null;
  readonly #clients = new Set<DocClient>();

  /** @param options.multiplex Hocuspocus only: all documents over one socket */
  constructor(server: RunningServer, options: { multiplex?: boolean } = {}) {
    this.server = server;
    this.#multiplex = options.multiplex ?? false;
  }

  /**
   * Opens a document (a new, empty one by default) and connects it, unless `connect` is false.
   * @param options.as Kring only: the person whose device this client is (lib/people.ts); default the server's
   *   logged-in demo employee
   */
  open(name: string, doc: Y.Doc = new Y.Doc(), options: { connect?: boolean; as?: Person } = {}): DocClient {
    const client =
      this.server.system === 'hocuspocus'
        ? this.#openHocuspocus(name, doc, options.connect ?? true)
        : this.#openWebsocket(name, doc, options.connect ?? true, options.as?.cookie ?? this.server.cookie);
    this.#clients.add(client);
    return client;
  }

  get clients(): readonly DocClient[] {
    return [...this.#clients];
  }

  /** The device goes offline: every client disconnects (the shared socket too). */
  disconnectAll(): void {
    if (this.#shared) this.#shared.disconnect();
    else for (const client of this.#clients) client.disconnect();
  }

  connectAll(): void {
    if (this.#shared) void this.#shared.connect();
    else for (const client of this.#clients) client.connect();
  }

  destroy(): void {
    for (const client of this.#clients) client.destroy();
    this.#clients.clear();
    this.#shared?.destroy();
    this.#shared = null;
  }

  #openWebsocket(name: string, doc: Y.Doc, connect: boolean, cookie: string | undefined): DocClient {
    const server = this.server;
    const provider = new WebsocketProvider(server.socketBase, name, doc, {
      WebSocketPolyfill: this.meter.socketClass(cookie) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      connect,
      // Kring sends "saved" only to clients that ask.
      params: server.system === 'kring' ? { ...SAVED_PARAMS } : {},
    });
    // Kring's "saved" messages, and who waits for one that covers their state vector.
    let saved: Uint8Array | null = null;
    const waiting = new Set<{ stateVector: Uint8Array; resolve: () => void }>();
    if (server.system === 'kring') {
      provider.messageHandlers[MessageType.saved] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
        // Each "saved" names only the clients of this connection's updates: what the server holds is their sum.
        const current = mergeSaved(saved, readSaved(decoder));
        saved = current;
        for (const waiter of waiting) {
          if (isCoveredBy(waiter.stateVector, current)) {
            waiting.delete(waiter);
            waiter.resolve();
          }
        }
      };
    }
    const clients = this.#clients;
    const client: DocClient = {
      name,
      doc,
      awareness: provider.awareness,
      synced: (timeoutMs) => until(() => provider.synced, `${name} to sync`, timeoutMs, 1),
      held(timeoutMs) {
        const stateVector = Y.encodeStateVector(doc);
        if (server.holds) return server.holds(name, stateVector, timeoutMs);
        if (saved && isCoveredBy(stateVector, saved)) return Promise.resolve();
        const waiter = { stateVector, resolve: () => {} };
        const covered = new Promise<void>((resolve) => (waiter.resolve = resolve));
        waiting.add(waiter);
        return withTimeout(covered, `the server to say ${name} is saved`, timeoutMs).finally(() => waiting.delete(waiter));
      },
      disconnect: () => provider.disconnect(),
      connect: () => provider.connect(),
      destroy() {
        provider.destroy();
        clients.delete(client);
      },
    };
    return client;
  }

  #openHocuspocus(name: string, doc: Y.Doc, connect: boolean): DocClient {
    const server = this.server;
    let socket: HocuspocusProviderWebsocket;
    if (this.#multiplex) {
      this.#shared ??= new HocuspocusProviderWebsocket({
        url: server.socketBase,
        WebSocketPolyfill: this.meter.socketClass(),
        autoConnect: connect,
      });
      socket = this.#shared;
    } else {
      socket = new HocuspocusProviderWebsocket({ url: server.socketBase, WebSocketPolyfill: this.meter.socketClass(), autoConnect: connect });
    }
    const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc });
    provider.attach();
    const clients = this.#clients;
    const ownSocket = !this.#multiplex;
    const client: DocClient = {
      name,
      doc,
      synced: (timeoutMs) => until(() => provider.isSynced, `${name} to sync`, timeoutMs, 1),
      held(timeoutMs) {
        const holds = server.holds;
        if (!holds) throw new Error('hocuspocus has a control channel');
        return withTimeout(holds(name, Y.encodeStateVector(doc), timeoutMs), `${name} held`, timeoutMs + 1000);
      },
      disconnect: () => socket.disconnect(),
      connect: () => void socket.connect(),
      destroy() {
        provider.destroy();
        if (ownSocket) socket.destroy();
        clients.delete(client);
      },
    };
    return client;
  }
}
