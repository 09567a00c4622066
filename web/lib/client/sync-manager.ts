/**
 * Keeps the device's documents and the server in step. A document opened in the UI is bound to a y-websocket
 * provider for live collaboration; every other known document is brought up to date in the background. Each
 * document's state (only on this device / saving / saved on the server) is observable, and so is the sum.
 */
import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, FINAL_CLOSE_CODES, MessageType, isCoveredBy, readSaved } from '@kring/protocol';
import type { LocalStore } from './local-store.ts';
import { Observable } from './observable.ts';

/** Where a document's work is: only here, on its way, or safe on the server. */
export type SaveState = 'local' | 'saving' | 'saved';
/** The document's line to the server. */
export type Connection = 'connecting' | 'online' | 'offline' | 'forbidden' | 'logged-out';

export interface DocumentState {
  save: SaveState;
  connection: Connection;
  /** When the device last heard "saved" from the server for this document (ms since epoch). */
  lastSyncedAt: number | null;
}

export interface SyncOptions {
  /** The app's origin, e.g. `https://kring.example.org`; sockets go to `<origin>/sync/<name>`. */
  origin: string;
  /** For Node (tests, benchmarks): a WebSocket class that sends the session cookie. */
  WebSocketPolyfill?: typeof WebSocket;
  /** A background sync gives up on a document after this long and tries again next round. */
  backgroundTimeoutMs?: number;
  /** Called when the server closed a socket because the session is gone (logout elsewhere, expiry). */
  onSessionEnded?: () => void;
}

const NOTHING = Y.encodeStateVector(new Map());

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** One document bound to the server. */
class LiveDocument {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly state: Observable<DocumentState>;
  readonly provider: WebsocketProvider;
  #savedStateVector: Uint8Array | null;
  readonly #store: LocalStore;
  readonly #onUpdate = () => this.#refresh();

  constructor(name: string, doc: Y.Doc, store: LocalStore, options: SyncOptions, saved: { sv?: Uint8Array; at?: number }) {
    this.name = name;
    this.doc = doc;
    this.#store = store;
    this.#savedStateVector = saved.sv ?? null;
    this.state = new Observable<DocumentState>({ save: 'local', connection: 'connecting', lastSyncedAt: saved.at ?? null });
    const base = options.origin.replace(/^http/, 'ws');
    this.provider = new WebsocketProvider(`${base}/sync`, name, doc, {
      WebSocketPolyfill: options.WebSocketPolyfill,
      // Too fast is worth another try later; no session or no access is not, until the person acts.
      shouldReconnect: (event) => !FINAL_CLOSE_CODES.has(event.code) && event.code !== CloseCode.malformed && event.code !== CloseCode.tooLarge,
      maxBackoffTime: 10_000,
    });
    this.provider.messageHandlers[MessageType.saved] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
      this.#savedStateVector = readSaved(decoder);
      const at = Date.now();
      this.state.update((s) => ({ ...s, lastSyncedAt: at }));
      void this.#store.markSaved(name, this.#savedStateVector, at);
      this.#refresh();
    };
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.state.update((s) => ({ ...s, connection: 'online' }));
      else if (status === 'disconnected' && this.state.value.connection === 'online') this.state.update((s) => ({ ...s, connection: 'offline' }));
      this.#refresh();
    });
    this.provider.on('connection-error', () => this.state.update((s) => (s.connection === 'connecting' ? { ...s, connection: 'offline' } : s)));
    this.provider.on('closed', ({ code }: { code: number }) => {
      const connection: Connection = code === CloseCode.forbidden ? 'forbidden' : FINAL_CLOSE_CODES.has(code) ? 'logged-out' : 'offline';
      this.state.update((s) => ({ ...s, connection }));
      if (connection === 'logged-out') options.onSessionEnded?.();
    });
    doc.on('update', this.#onUpdate);
    // A socket can look open for a while after the network went; the browser knows sooner.
    globalThis.addEventListener?.('offline', this.#onNetworkChange);
    globalThis.addEventListener?.('online', this.#onNetworkChange);
    this.#refresh();
  }

  readonly #onNetworkChange = () => {
    if (isOnline() && !this.provider.wsconnected && this.state.value.connection === 'offline') this.provider.connect();
    if (!isOnline()) this.state.update((s) => (s.connection === 'online' ? { ...s, connection: 'offline' } : s));
    this.#refresh();
  };

  #refresh(): void {
    // Never heard from the server: only an empty document has nothing to save.
    const covered = isCoveredBy(Y.encodeStateVector(this.doc), this.#savedStateVector ?? NOTHING);
    const save: SaveState = covered ? 'saved' : this.provider.wsconnected && isOnline() ? 'saving' : 'local';
    if (save !== this.state.value.save) this.state.update((s) => ({ ...s, save }));
  }

  /** Resolves once the server confirmed it holds everything this device has, or rejects after `timeoutMs`. */
  whenSaved(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let unsubscribe = () => {};
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`${this.name} not saved within ${timeoutMs} ms`));
      }, timeoutMs);
      unsubscribe = this.state.subscribe((s) => {
        if (s.save === 'saved' && this.provider.synced) {
          clearTimeout(timer);
          queueMicrotask(() => unsubscribe());
          resolve();
        } else if (s.connection === 'forbidden' || s.connection === 'logged-out') {
          clearTimeout(timer);
          queueMicrotask(() => unsubscribe());
          reject(new Error(`${this.name}: ${s.connection}`));
        }
      });
    });
  }

  destroy(): void {
    this.doc.off('update', this.#onUpdate);
    globalThis.removeEventListener?.('offline', this.#onNetworkChange);
    globalThis.removeEventListener?.('online', this.#onNetworkChange);
    this.provider.destroy();
  }
}

export interface OpenDocument {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly state: Observable<DocumentState>;
  readonly provider: WebsocketProvider;
  /** Call when the view closes the document. */
  release(): void;
}

export interface SyncSummary {
  /** Documents with work that is only on this device. */
  unsaved: string[];
  /** The most recent "saved" from the server, over all documents (ms since epoch). */
  lastSyncedAt: number | null;
  /** Whether the background sync is running. */
  syncing: boolean;
}

export class SyncManager {
  readonly summary = new Observable<SyncSummary>({ unsaved: [], lastSyncedAt: null, syncing: false });
  readonly #store: LocalStore;
  readonly #options: SyncOptions;
  readonly #open = new Map<string, { live: Promise<LiveDocument>; users: number }>();
  readonly #unsaved = new Set<string>();
  #background: Promise<void> | null = null;
  #destroyed = false;

  constructor(store: LocalStore, options: SyncOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Opens a document for the UI: from the device at once, then live with the server. */
  async open(name: string): Promise<OpenDocument> {
    let entry = this.#open.get(name);
    if (!entry) {
      entry = { live: this.#connect(name), users: 0 };
      this.#open.set(name, entry);
    }
    entry.users++;
    const live = await entry.live;
    let released = false;
    return {
      name,
      doc: live.doc,
      state: live.state,
      provider: live.provider,
      release: () => {
        if (released) return;
        released = true;
        this.#release(name);
      },
    };
  }

  /**
   * Brings documents that are not open up to date with the server and sends it what this device has:
   * a few at a time, each until the server said "saved" or the timeout passed.
   */
  syncInBackground(names: string[]): Promise<void> {
    this.#background ??= (async () => {
      this.summary.update((s) => ({ ...s, syncing: true }));
      const queue = [...new Set(names)];
      const worker = async () => {
        for (let name = queue.shift(); name && !this.#destroyed; name = queue.shift()) {
          const document = await this.open(name);
          try {
            await this.#liveOf(name)?.whenSaved(this.#options.backgroundTimeoutMs ?? 15_000);
          } catch {
            // Offline, or no longer allowed: the document stays as it is on the device; next round tries again.
          } finally {
            document.release();
          }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
    })().finally(() => {
      this.#background = null;
      this.summary.update((s) => ({ ...s, syncing: false }));
    });
    return this.#background;
  }

  /** After logging in again: documents that stopped for lack of a session connect again. */
  reconnect(): void {
    for (const live of this.#liveCache.values()) {
      if (live.state.value.connection !== 'logged-out') continue;
      live.state.update((s) => ({ ...s, connection: 'connecting' }));
      live.provider.connect();
    }
  }

  /** Reads a document as it is on this device, without connecting. */
  async readLocal<T>(name: string, read: (doc: Y.Doc) => T): Promise<T> {
    const doc = await this.#store.load(name);
    try {
      return read(doc);
    } finally {
      this.#store.release(doc);
    }
  }

  /** Every document this device holds. */
  knownDocuments(): Promise<string[]> {
    return this.#store.names();
  }

  destroy(): void {
    this.#destroyed = true;
    for (const [name, entry] of this.#open) {
      void entry.live.then((live) => {
        live.destroy();
        this.#store.release(live.doc);
      });
      this.#open.delete(name);
    }
  }

  #liveCache = new Map<string, LiveDocument>();
  #liveOf(name: string): LiveDocument | undefined {
    return this.#liveCache.get(name);
  }

  async #connect(name: string): Promise<LiveDocument> {
    const [doc, record] = await Promise.all([this.#store.load(name), this.#store.record(name)]);
    const live = new LiveDocument(name, doc, this.#store, this.#options, { sv: record?.savedStateVector, at: record?.lastSyncedAt });
    this.#liveCache.set(name, live);
    live.state.subscribe((state) => this.#track(name, state));
    return live;
  }

  #track(name: string, state: DocumentState): void {
    const changed = state.save === 'saved' ? this.#unsaved.delete(name) : !this.#unsaved.has(name) && !!this.#unsaved.add(name);
    const lastSyncedAt = Math.max(this.summary.value.lastSyncedAt ?? 0, state.lastSyncedAt ?? 0) || null;
    if (changed || lastSyncedAt !== this.summary.value.lastSyncedAt) this.summary.update((s) => ({ ...s, unsaved: [...this.#unsaved], lastSyncedAt }));
  }

  #release(name: string): void {
    const entry = this.#open.get(name);
    if (!entry || --entry.users > 0) return;
    this.#open.delete(name);
    void entry.live.then((live) => {
      // Unsaved work stays listed: it is on this device and the next background round sends it.
      live.destroy();
      this.#liveCache.delete(name);
      this.#store.release(live.doc);
    });
  }
}
