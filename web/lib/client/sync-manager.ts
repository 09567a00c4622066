/**
 * Keeps the device's documents and the server in step. A document opened in the UI is bound to a y-websocket
 * provider for live collaboration; every other known document is brought up to date in the background. Each
 * document's state (only on this device / saving / saved on the server) is observable, and so is the sum.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync, WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  ACCESS_CLOSE_CODES,
  CloseCode,
  MAX_BATCH_ITEMS,
  MessageType,
  REFUSED_PARAMS,
  SAVED_PARAMS,
  decodeBatchResponse,
  encodeBatchRequest,
  isCoveredBy,
  isFinalClose,
  mergeSaved,
  reachOf,
  readRefused,
  readSaved,
  type BatchRequestItem,
  type RefusalCode,
} from '@kring/protocol';
import { DeviceCache, type LocalStore } from './local-store.ts';
import { Observable } from './observable.ts';
import { typedTexts } from './typed-text.ts';

/** Where a document's work is: only here, on its way, or safe on the server. */
export type SaveState = 'local' | 'saving' | 'saved';
/**
 * The document's line to the server. `storage-full`: the server refused the work because the person's or the
 * space's storage is full (close 4414); it stays on the device and the socket does not come back by itself.
 */
export type Connection = 'connecting' | 'online' | 'offline' | 'forbidden' | 'logged-out' | 'storage-full';

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
  /** Called when the server closed a socket because the session is gone (logout elsewhere, expiry). */
  onSessionEnded?: () => void;
  /** Called when the server closed a socket because the person may no longer read the document (removed from its space). */
  onAccessLost?: () => void;
  /** For Node (tests, benchmarks): a fetch that sends the session cookie. */
  fetch?: typeof fetch;
  /**
   * True for a document the person may only read (the access policy's `read`): a background round sends none of
   * it, only asks for what the device lacks. The server would drop it, and the device would think it unsaved.
   */
  readOnly?: (docName: string) => boolean;
}

const NOTHING = Y.encodeStateVector(new Map());
/** An update that carries nothing: a reader's answer to the server's sync step 1. */
const NO_CONTENT = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * Documents per batch request: well under the server's MAX_BATCH_ITEMS, so that a new device, which sends
 * whole documents, stays under the 16 MiB body limit with documents of up to about 100 KB.
 */
const BATCH_DOCUMENTS = Math.min(MAX_BATCH_ITEMS, 100);
/** Updates per batch at most (bytes), so a batch is on its way while the device prepares the next. */
const BATCH_BYTES = 64 * 1024;
/** Batches sent and not yet answered, at most. */
const BATCHES_IN_FLIGHT = 2;
/** Documents read from the device together (IndexedDB answers many requests at once faster than one by one). */
const LOAD_TOGETHER = 10;
/** How often a document's received content is recorded as the server's at most (an IndexedDB write each). */
const RECORD_RECEIVED_MS = 1000;

/** A document read from the device for a background round. */
interface Loaded {
  name: string;
  doc: Y.Doc;
  saved: Uint8Array | null;
  lastSyncedAt: number | null;
}

/**
 * What this device heard the server holds of each document copy it has in memory: its "saved" and everything it
 * received from the server, over the socket or in a batch, recorded the moment it arrived. The record in the
 * local store lags behind (an IndexedDB write): a round that read the record just before another round or the
 * socket brought the server's content in would take that content for unsaved work and send it back (to a
 * reader's document: a write the server drops). y-dexie hands every loader of a document the same Y.Doc.
 */
const heardFromServer = new WeakMap<Y.Doc, Uint8Array>();

/** Takes in that the server holds `stateVector` of `doc`; returns all the device heard it holds. */
function hear(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const heard = mergeSaved(heardFromServer.get(doc) ?? null, stateVector);
  heardFromServer.set(doc, heard);
  return heard;
}

/** What the server holds of `doc`: its record in the local store, with what the device heard since. */
function serverHolds(doc: Y.Doc, recorded: Uint8Array | null): Uint8Array | null {
  const heard = heardFromServer.get(doc);
  return heard ? mergeSaved(recorded, heard) : recorded;
}

/** What of `doc` the server has not confirmed; empty when it has everything. */
function unconfirmed(doc: Y.Doc, saved: Uint8Array | null): Uint8Array {
  return saved && isCoveredBy(Y.encodeStateVector(doc), saved) ? new Uint8Array() : Y.encodeStateAsUpdate(doc, saved ?? undefined);
}

/** A document's state when it is not connected: saved when the server's last word covers it. */
function stateOf(doc: Y.Doc, saved: Uint8Array | null, lastSyncedAt: number | null): DocumentState {
  return { save: isCoveredBy(Y.encodeStateVector(doc), saved ?? NOTHING) ? 'saved' : 'local', connection: 'offline', lastSyncedAt };
}

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** One document bound to the server. */
/**
 * The socket of each document open live. Content the batch brings into such a document is applied as that
 * socket's: y-websocket sends every update of another origin to the server, so the server's own content would
 * otherwise go straight back to it (stored twice for a writer, a refused write for a reader).
 */
const liveProviders = new WeakMap<Y.Doc, WebsocketProvider>();

class LiveDocument {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly state: Observable<DocumentState>;
  readonly provider: WebsocketProvider;
  #savedStateVector: Uint8Array | null;
  readonly #store: LocalStore;
  /** Received content not yet recorded as the server's in the local store (written at most once a second). */
  #recordTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #onUpdate = (update: Uint8Array, origin: unknown) => {
    // What came from the server is the server's: never this device's unsaved work. The server confirms only
    // the writer's own updates, so the device counts what it received as held there itself.
    if (origin === this.provider) {
      this.#savedStateVector = mergeSaved(this.#savedStateVector, hear(this.doc, reachOf(update)));
      this.#recordTimer ??= setTimeout(() => this.#record(), RECORD_RECEIVED_MS);
    }
    this.#refresh();
  };

  constructor(
    name: string,
    doc: Y.Doc,
    store: LocalStore,
    options: SyncOptions,
    saved: { sv?: Uint8Array; at?: number },
    onRefused: (code: RefusalCode) => void,
  ) {
    this.name = name;
    this.doc = doc;
    this.#store = store;
    this.#savedStateVector = serverHolds(doc, saved.sv ?? null);
    this.state = new Observable<DocumentState>({ save: 'local', connection: 'connecting', lastSyncedAt: saved.at ?? null });
    const base = options.origin.replace(/^http/, 'ws');
    this.provider = new WebsocketProvider(`${base}/sync`, name, doc, {
      WebSocketPolyfill: options.WebSocketPolyfill,
      // The server sends "saved" and "refused" only to clients that ask for them.
      params: { ...SAVED_PARAMS, ...REFUSED_PARAMS },
      // Too fast (4500–4599) is worth another try later; no session, no access or bad input (4400–4499) is not,
      // until the person acts.
      shouldReconnect: (event) => !isFinalClose(event.code),
      maxBackoffTime: 10_000,
    });
    liveProviders.set(doc, this.provider);
    if (options.readOnly) this.#sendNothingWhileReadOnly(options.readOnly);
    this.provider.messageHandlers[MessageType.saved] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
      this.#savedStateVector = mergeSaved(this.#savedStateVector, hear(this.doc, readSaved(decoder)));
      this.#record();
      this.#refresh();
    };
    this.provider.messageHandlers[MessageType.refused] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => onRefused(readRefused(decoder));
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.state.update((s) => ({ ...s, connection: 'online' }));
      else if (status === 'disconnected' && this.state.value.connection === 'online') this.state.update((s) => ({ ...s, connection: 'offline' }));
      this.#refresh();
    });
    this.provider.on('connection-error', () => this.state.update((s) => (s.connection === 'connecting' ? { ...s, connection: 'offline' } : s)));
    this.provider.on('closed', ({ code }: { code: number }) => {
      const connection: Connection =
        code === CloseCode.forbidden ? 'forbidden' : ACCESS_CLOSE_CODES.has(code) ? 'logged-out' : code === CloseCode.storageFull ? 'storage-full' : 'offline';
      this.state.update((s) => ({ ...s, connection }));
      if (connection === 'logged-out') options.onSessionEnded?.();
      if (connection === 'forbidden') options.onAccessLost?.();
    });
    doc.on('update', this.#onUpdate);
    // A socket can look open for a while after the network went; the browser knows sooner.
    globalThis.addEventListener?.('offline', this.#onNetworkChange);
    globalThis.addEventListener?.('online', this.#onNetworkChange);
    this.#refresh();
  }

  /**
   * Of a document the person may only read, the socket carries none of the device's content: neither a change
   * made here nor, in the answer to the server's sync step 1, what the device holds that the server lacks. The
   * server would drop it, and the device would wait for a "saved" that never comes. Asked at every message, so a
   * person given the right to write while the document is open sends again.
   */
  #sendNothingWhileReadOnly(readOnly: (docName: string) => boolean): void {
    const provider = this.provider;
    const send = provider._updateHandler;
    this.doc.off('update', send);
    // y-websocket takes its handler off again by this name when it is destroyed.
    provider._updateHandler = (update, origin) => {
      if (!readOnly(this.name)) send(update, origin);
    };
    this.doc.on('update', provider._updateHandler);
    const answer = provider.messageHandlers[messageSync];
    provider.messageHandlers[messageSync] = (encoder, decoder, ...rest) => {
      if (!readOnly(this.name) || decoding.peekVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return answer?.(encoder, decoder, ...rest);
      decoding.readVarUint(decoder);
      decoding.readVarUint8Array(decoder);
      encoding.writeVarUint(encoder, messageSync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, NO_CONTENT);
    };
  }

  readonly #onNetworkChange = () => {
    if (isOnline() && !this.provider.wsconnected && this.state.value.connection === 'offline') {
      // An attempt made while offline may hang until it times out, and connect() waits for it: start afresh.
      this.provider.disconnect();
      this.provider.connect();
    }
    if (!isOnline()) this.state.update((s) => (s.connection === 'online' ? { ...s, connection: 'offline' } : s));
    this.#refresh();
  };

  /** What the server holds of the document, as far as this device heard (received content included). */
  get saved(): Uint8Array | null {
    return this.#savedStateVector;
  }

  /** Keeps what the server holds with the document, so a later start knows it offline too. */
  #record(): void {
    if (this.#recordTimer) clearTimeout(this.#recordTimer);
    this.#recordTimer = null;
    if (!this.#savedStateVector) return;
    const at = Date.now();
    this.state.update((s) => ({ ...s, lastSyncedAt: at }));
    void this.#store.markSaved(this.name, this.#savedStateVector, at);
  }

  #refresh(): void {
    // Never heard from the server: only an empty document has nothing to save.
    const covered = isCoveredBy(Y.encodeStateVector(this.doc), this.#savedStateVector ?? NOTHING);
    const save: SaveState = covered ? 'saved' : this.provider.wsconnected && isOnline() ? 'saving' : 'local';
    if (save !== this.state.value.save) this.state.update((s) => ({ ...s, save }));
  }

  destroy(): void {
    if (this.#recordTimer) this.#record();
    this.doc.off('update', this.#onUpdate);
    globalThis.removeEventListener?.('offline', this.#onNetworkChange);
    globalThis.removeEventListener?.('online', this.#onNetworkChange);
    if (liveProviders.get(this.doc) === this.provider) liveProviders.delete(this.doc);
    this.provider.destroy();
  }
}

export interface OpenDocument {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly state: Observable<DocumentState>;
  readonly provider: WebsocketProvider;
  /** What the server holds of the document as far as this device heard (a state vector), or null: never heard. */
  readonly saved: Uint8Array | null;
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
  /**
   * The server said storage is full (a batch's `413 storage_full`, or a socket closed with 4414): the unsaved
   * work stays on the device, and is not sent again until the app starts anew (waiting frees nothing).
   */
  storageFull: boolean;
}

/** The `code` of an error answer (`{"error": {"code"}}`), or null when the body is not one. */
async function refusalCode(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : null;
  } catch {
    return null;
  }
}

interface OpenEntry {
  live: Promise<LiveDocument>;
  users: number;
}

/**
 * A change the server refused (`refused` on the socket, or the batch's status): the device dropped its copy of
 * the document and took the server's. `texts` is what the person had typed in the part that was not saved (the
 * dropped copy is gone), so the notice can show it to copy.
 */
export interface Refusal {
  id: number;
  docName: string;
  code: RefusalCode;
  texts: string[];
  at: number;
}

export class SyncManager {
  readonly summary = new Observable<SyncSummary>({ unsaved: [], lastSyncedAt: null, syncing: false, storageFull: false });
  readonly #store: LocalStore;
  readonly #options: SyncOptions;
  readonly #open = new Map<string, OpenEntry>();
  /** Changes the server refused, newest last, with what the person typed in them (see `Refusal`). */
  readonly refusals = new Observable<Refusal[]>([]);
  readonly #dropListeners = new Set<(name: string) => void>();
  readonly #dropping = new Set<string>();
  /** Ids that stay unique across app starts (refusals kept from an earlier one keep theirs). */
  #refusalCount = Date.now();
  readonly #unsaved = new Set<string>();
  #destroyed = false;
  /** Where refusals wait on the device until read (the person's entry: wiped with them, see wipe.ts). */
  readonly #device = new DeviceCache();
  /** Resolves once the refusals an earlier app start left unread are back in `refusals`. */
  readonly refusalsRestored: Promise<void>;

  constructor(store: LocalStore, options: SyncOptions) {
    this.#store = store;
    this.#options = options;
    this.refusalsRestored = this.#restoreRefusals();
  }

  /**
   * A refusal holds what the person typed in the change that was not saved: it stays on the device until they
   * dismissed it, also when the tab closes or the phone restarts before they read it.
   */
  async #restoreRefusals(): Promise<void> {
    try {
      const kept = await this.#device.get<Refusal[]>(this.#refusalsKey);
      if (!kept?.length || this.#destroyed) return;
      const known = new Set(this.refusals.value.map((refusal) => refusal.id));
      this.refusals.update((list) => [...kept.filter((refusal) => !known.has(refusal.id)), ...list]);
      // One made meanwhile was kept alone: keep the whole list again.
      this.#keepRefusals();
    } catch {
      // The device's storage cannot be read: this app start's refusals are still shown.
    }
  }

  get #refusalsKey(): string {
    return `refusals:${this.#store.userId}`;
  }

  #keepRefusals(): void {
    if (this.#destroyed) return;
    const list = this.refusals.value;
    void (list.length > 0 ? this.#device.set(this.#refusalsKey, list) : this.#device.delete(this.#refusalsKey)).catch(() => undefined);
  }

  /** Opens a document for the UI: from the device at once, then live with the server. */
  async open(name: string): Promise<OpenDocument> {
    let entry = this.#open.get(name);
    if (!entry) {
      entry = { live: this.#connect(name), users: 0 };
      this.#open.set(name, entry);
    }
    entry.users++;
    const held = entry;
    const live = await entry.live;
    let released = false;
    return {
      name,
      doc: live.doc,
      state: live.state,
      provider: live.provider,
      get saved() {
        return live.saved;
      },
      release: () => {
        if (released) return;
        released = true;
        this.#release(name, held);
      },
    };
  }

  /**
   * Brings documents that are not open up to date in one round trip per batch, without a socket per document:
   * sends what the server has not confirmed, applies what the server has that the device lacks, and records
   * what is saved. Offline, it still works out which documents hold unsaved work.
   * @param withOpen also the documents the UI has open (they stay live), for logging out
   * @returns false when the server could not be reached
   */
  async reconcile(names: string[], { withOpen = false } = {}): Promise<boolean> {
    const pending = [...new Set(names)].filter((name) => withOpen || !this.#open.has(name));
    this.summary.update((s) => ({ ...s, syncing: true }));
    // Batches go out as soon as they are full, up to two at a time: the device reads and prepares the next
    // documents while the server stores the last batch, and a slow connection gets the first ones saved early.
    const inFlight: Promise<boolean>[] = [];
    let reached = true;
    let batch: (Loaded & { update: Uint8Array })[] = [];
    let bytes = 0;
    const send = async () => {
      const docs = batch;
      batch = [];
      bytes = 0;
      if (docs.length === 0) return;
      if (!reached || this.#destroyed || this.summary.value.storageFull) {
        for (const { doc } of docs) this.#store.release(doc);
        reached = false;
        return;
      }
      inFlight.push(this.#sendBatch(docs));
      if (inFlight.length >= BATCHES_IN_FLIGHT) reached = (await (inFlight.shift() as Promise<boolean>)) && reached;
    };
    try {
      for (let start = 0; start < pending.length; start += LOAD_TOGETHER) {
        // Offline, the rest is still read: which documents hold unsaved work is known without the server.
        for (const loaded of await this.#loadAll(pending.slice(start, start + LOAD_TOGETHER))) {
          // As it is now: content may have come in while the documents were read.
          loaded.saved = serverHolds(loaded.doc, loaded.saved);
          this.#track(loaded.name, stateOf(loaded.doc, loaded.saved, loaded.lastSyncedAt));
          if (!reached || this.#destroyed) {
            this.#store.release(loaded.doc);
            continue;
          }
          // Encoded only now: offline, nothing is sent, so nothing needs encoding.
          const update = this.#options.readOnly?.(loaded.name) ? new Uint8Array() : unconfirmed(loaded.doc, loaded.saved);
          batch.push({ ...loaded, update });
          bytes += update.byteLength;
          if (batch.length >= BATCH_DOCUMENTS || bytes >= BATCH_BYTES) await send();
        }
      }
      await send();
      for (const answered of await Promise.all(inFlight)) reached &&= answered;
      return reached && !this.#destroyed;
    } finally {
      for (const { doc } of batch) this.#store.release(doc);
      // Also when reading the device failed: the batches on their way finish (and release their documents).
      await Promise.allSettled(inFlight);
      this.summary.update((s) => ({ ...s, syncing: false }));
    }
  }

  /** Sends one batch and takes in the answer; releases the batch's documents. */
  async #sendBatch(docs: (Loaded & { update: Uint8Array })[]): Promise<boolean> {
    const dropped = new Set<Y.Doc>();
    try {
      const response = await this.#postBatch(
        '/api/sync/batch',
        docs.map(({ name, doc, update }) => ({ docName: name, stateVector: Y.encodeStateVector(doc), update })),
      );
      if (response?.status === 401) this.#options.onSessionEnded?.();
      if (response?.status === 413 && (await refusalCode(response)) === 'storage_full') this.summary.update((s) => ({ ...s, storageFull: true }));
      if (!response?.ok) return false;
      const at = Date.now();
      const byName = new Map(docs.map((d) => [d.name, d]));
      const marks: { name: string; savedStateVector: Uint8Array; doc: Y.Doc }[] = [];
      const refused: { name: string; code: RefusalCode; doc: Y.Doc; saved: Uint8Array | null; whole: Uint8Array; serverSaved: Uint8Array }[] = [];
      for (const item of decodeBatchResponse(new Uint8Array(await response.arrayBuffer()))) {
        const local = byName.get(item.docName);
        if (local && item.status === 'refused') {
          refused.push({ name: item.docName, code: item.refusal ?? 'not-yours', doc: local.doc, saved: local.saved, whole: item.diff, serverSaved: item.saved });
          continue;
        }
        if (!local || item.status !== 'ok') continue;
        // Heard before the content is applied: a round that reads the document when it changes must know it.
        const saved = mergeSaved(local.saved, hear(local.doc, item.diff.byteLength > 0 ? mergeSaved(item.saved, reachOf(item.diff)) : item.saved));
        if (item.diff.byteLength > 0) Y.applyUpdate(local.doc, item.diff, liveProviders.get(local.doc) ?? this);
        marks.push({ name: item.docName, savedStateVector: saved, doc: local.doc });
      }
      await this.#store.markSavedAll(marks, at);
      for (const { name, savedStateVector, doc } of marks) this.#track(name, stateOf(doc, savedStateVector, at));
      for (const { name, code, doc, saved, whole, serverSaved } of refused) {
        const texts = typedTexts(doc, unconfirmed(doc, saved));
        // This copy goes: released and destroyed now, so loading the document again reads it anew.
        dropped.add(doc);
        this.#store.release(doc);
        doc.destroy();
        await this.#drop(name, code, { texts, whole, saved: serverSaved });
      }
      return true;
    } finally {
      for (const { doc } of docs) if (!dropped.has(doc)) this.#store.release(doc);
    }
  }

  /**
   * For a deactivated person's device: stops every socket, then hands in, in one request, what the server has
   * not confirmed of any document on the device, receiving nothing back. The server takes one hand-in only.
   * @returns true when nothing the server would take is left unsaved (documents the person could not write are
   * refused: their changes could never be saved), false when the server could not be reached or did not store
   * everything
   */
  async handOver(): Promise<boolean> {
    this.destroy();
    const names = await this.#store.names();
    const unsaved: (BatchRequestItem & { saved: Uint8Array | null })[] = [];
    for (let start = 0; start < names.length; start += BATCH_DOCUMENTS) {
      const docs = await this.#loadAll(names.slice(start, start + BATCH_DOCUMENTS));
      try {
        for (const { name, doc, saved } of docs) {
          const stateVector = Y.encodeStateVector(doc);
          if (!isCoveredBy(stateVector, saved ?? NOTHING)) unsaved.push({ docName: name, stateVector, update: unconfirmed(doc, saved), saved });
        }
      } finally {
        for (const { doc } of docs) this.#store.release(doc);
      }
    }
    if (unsaved.length === 0) return true;
    // More than one request may hold is not handed in; the device then keeps its copy.
    const sent = unsaved.slice(0, MAX_BATCH_ITEMS);
    const response = await this.#postBatch(
      '/api/sync/handover',
      sent.map(({ docName, stateVector, update }) => ({ docName, stateVector, update })),
    );
    if (!response?.ok || sent.length < unsaved.length) return false;
    const byName = new Map(sent.map((item) => [item.docName, item]));
    for (const item of decodeBatchResponse(new Uint8Array(await response.arrayBuffer()))) {
      const local = byName.get(item.docName);
      if (local && item.status === 'ok' && !isCoveredBy(local.stateVector, mergeSaved(local.saved, item.saved))) return false;
    }
    return true;
  }

  /** Loads documents with what the server last confirmed of each. Release every `doc` after use. */
  #loadAll(names: string[]): Promise<Loaded[]> {
    return Promise.all(
      names.map(async (name) => {
        const [doc, record] = await Promise.all([this.#store.load(name), this.#store.record(name)]);
        return { name, doc, saved: record?.savedStateVector ?? null, lastSyncedAt: record?.lastSyncedAt ?? null };
      }),
    );
  }

  /** POSTs a binary batch; null when the server could not be reached. */
  async #postBatch(path: string, items: BatchRequestItem[]): Promise<Response | null> {
    const body = encodeBatchRequest(items);
    try {
      return await (this.#options.fetch ?? fetch)(`${this.#options.origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: body.slice().buffer,
        credentials: 'same-origin',
      });
    } catch {
      return null;
    }
  }

  /**
   * Documents this person may read that changed on the server since the device last asked, so a background
   * round fetches them without asking about every document. The cursor is kept by the caller.
   */
  async changedOnServer(since: number): Promise<{ names: string[]; cursor: number } | null> {
    const names: string[] = [];
    let cursor = since;
    for (let page = 0; page < 100; page++) {
      let response: Response;
      try {
        response = await (this.#options.fetch ?? fetch)(`${this.#options.origin}/api/sync/changes?since=${cursor}`, { credentials: 'same-origin' });
      } catch {
        return null;
      }
      if (!response.ok) return null;
      const body = (await response.json()) as { cursor: number; more: boolean; changes: { docName: string }[] };
      names.push(...body.changes.map((change) => change.docName));
      cursor = body.cursor;
      if (!body.more) break;
    }
    return { names, cursor };
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

  /**
   * For logging out: sends what the server has not confirmed of every document on the device, in batches, the
   * open ones too. Those stay live, so the person can go on working when the server cannot be reached.
   * @returns false when the server could not be reached
   */
  async sendAll(): Promise<boolean> {
    return this.reconcile(await this.knownDocuments(), { withOpen: true });
  }

  /**
   * For logging out, once `sendAll` reached the server: closes every socket, then sends what was typed meanwhile.
   * @returns true when the server has all of it
   */
  async closeAndSendAll(): Promise<boolean> {
    this.#closeLive();
    const reached = await this.reconcile(await this.knownDocuments());
    return reached && this.#unsaved.size === 0;
  }

  /**
   * Removes documents from the device, open ones closed first: the person lost access to their space. What they
   * held that the server did not have could never be saved any more.
   */
  async forget(names: string[]): Promise<void> {
    if (names.length === 0) return;
    for (const name of names) {
      const entry = this.#open.get(name);
      if (!entry) continue;
      this.#open.delete(name);
      const live = await entry.live;
      live.destroy();
      this.#liveCache.delete(name);
      this.#store.release(live.doc);
    }
    await this.#store.forget(names);
    for (const name of names) this.#unsaved.delete(name);
    this.summary.update((s) => ({ ...s, unsaved: [...this.#unsaved] }));
  }

  destroy(): void {
    this.#destroyed = true;
    this.#closeLive();
  }

  #closeLive(): void {
    for (const [name, entry] of this.#open) {
      void entry.live.then((live) => {
        live.destroy();
        this.#liveCache.delete(name);
        this.#store.release(live.doc);
      });
      this.#open.delete(name);
    }
  }

  readonly #liveCache = new Map<string, LiveDocument>();

  /** Calls `listener` with the name of every document dropped after a refusal (a view then opens it again). */
  onDropped(listener: (name: string) => void): () => void {
    this.#dropListeners.add(listener);
    return () => this.#dropListeners.delete(listener);
  }

  /** Takes a refusal off the list once the person has read it. */
  dismissRefusal(id: number): void {
    this.refusals.update((list) => list.filter((refusal) => refusal.id !== id));
    this.#keepRefusals();
  }

  /**
   * The server refused a change to `name`: drops the device's copy and takes the server's. The server refuses
   * whole updates, and this device's later changes to the document build on the refused ones, so none of its
   * unsaved changes there could ever be stored: they go too. What the person typed in them is kept in the
   * refusal for the notice. From the batch (`fromBatch`) the server's whole document comes with the answer; a
   * live document is opened again by its views and syncs afresh.
   */
  async #drop(name: string, code: RefusalCode, fromBatch?: { texts: string[]; whole: Uint8Array; saved: Uint8Array }): Promise<void> {
    if (this.#dropping.has(name) || this.#destroyed) return;
    this.#dropping.add(name);
    try {
      let texts = fromBatch?.texts ?? [];
      const entry = this.#open.get(name);
      if (entry) {
        this.#open.delete(name);
        const live = await entry.live;
        texts = typedTexts(live.doc, unconfirmed(live.doc, live.saved));
        live.destroy();
        this.#liveCache.delete(name);
        this.#store.release(live.doc);
        // Out of y-dexie's cache at once: opened again, the document must be read anew, not this copy.
        if (!live.doc.isDestroyed) live.doc.destroy();
      }
      await this.#store.forget([name]);
      if (fromBatch && !entry) {
        const fresh = await this.#store.load(name);
        try {
          const saved = hear(fresh, mergeSaved(fromBatch.saved, reachOf(fromBatch.whole)));
          Y.applyUpdate(fresh, fromBatch.whole, this);
          await this.#store.markSaved(name, saved, Date.now());
          this.#track(name, stateOf(fresh, saved, Date.now()));
        } finally {
          this.#store.release(fresh);
        }
      } else if (this.#unsaved.delete(name)) this.summary.update((s) => ({ ...s, unsaved: [...this.#unsaved] }));
      const refusal: Refusal = { id: ++this.#refusalCount, docName: name, code, texts, at: Date.now() };
      this.refusals.update((list) => [...list, refusal]);
      this.#keepRefusals();
      for (const listener of this.#dropListeners) listener(name);
    } finally {
      this.#dropping.delete(name);
    }
  }

  async #connect(name: string): Promise<LiveDocument> {
    const [doc, record] = await Promise.all([this.#store.load(name), this.#store.record(name)]);
    const live = new LiveDocument(name, doc, this.#store, this.#options, { sv: record?.savedStateVector, at: record?.lastSyncedAt }, (code) => void this.#drop(name, code));
    this.#liveCache.set(name, live);
    live.state.subscribe((state) => this.#track(name, state));
    return live;
  }

  #track(name: string, state: DocumentState): void {
    if (state.connection === 'storage-full' && !this.summary.value.storageFull) this.summary.update((s) => ({ ...s, storageFull: true }));
    const changed = state.save === 'saved' ? this.#unsaved.delete(name) : !this.#unsaved.has(name) && !!this.#unsaved.add(name);
    const lastSyncedAt = Math.max(this.summary.value.lastSyncedAt ?? 0, state.lastSyncedAt ?? 0) || null;
    if (changed || lastSyncedAt !== this.summary.value.lastSyncedAt) this.summary.update((s) => ({ ...s, unsaved: [...this.#unsaved], lastSyncedAt }));
  }

  #release(name: string, held: OpenEntry): void {
    const entry = this.#open.get(name);
    // A document dropped after a refusal was closed already; a newer entry of the same name is not this one's.
    if (!entry || entry !== held || --entry.users > 0) return;
    this.#open.delete(name);
    void entry.live.then((live) => {
      // Unsaved work stays listed: it is on this device and the next background round sends it.
      live.destroy();
      this.#liveCache.delete(name);
      this.#store.release(live.doc);
    });
  }
}
