/**
 * The sync server core: y-websocket protocol at `<pathPrefix><docName>`. Authentication, authorisation and
 * storage come in as hooks and an adapter; this file decides the order of things: nothing is sent before the
 * connection is authenticated and authorised, and every refusal closes only the connection it concerns.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode, asksForRefused, asksForSaved, type BatchRequestItem, type BatchResponseItem, type BatchStatus } from '@kring/protocol';
import { parseDocName } from '@kring/shapes/names';
import type { Access } from '@kring/access';
import { Connection, quotaError } from './Connection.ts';
import { Room } from './Room.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
import { admit, isEmpty, refuseOthersClients, spend, type Admission, type ContentRules } from './admit.ts';
import { metaOf } from './updates.ts';

/** The state vector of an empty document: a diff against it is the whole document. */
const NOTHING = Y.encodeStateVector(new Map());
import {
  DEFAULT_LIMITS,
  QuotaExceededError,
  emptyStats,
  type Principal,
  type QuotaWrite,
  type SyncLimits,
  type SyncServerOptions,
  type SyncHooks,
  type SyncStats,
} from './types.ts';

/** ws refuses frames above this outright (closing with 1009) before buffering them; ours is the friendlier 4413 below it. */
const HARD_FRAME_LIMIT_FACTOR = 4;
/** What a re-check answers when a hook threw (the database was unreachable, say). */
const CHECK_FAILED = Symbol('check failed');
const checkFailed = (): typeof CHECK_FAILED => CHECK_FAILED;

export class SyncServer<P extends Principal = Principal> {
  readonly stats: SyncStats = emptyStats();
  readonly #options: SyncServerOptions<P>;
  readonly #limits: SyncLimits;
  readonly #wss: WebSocketServer;
  readonly #rooms = new Map<string, Promise<Room>>();
  readonly #connections = new Set<Connection<P>>();
  readonly #revalidateTimer: NodeJS.Timeout;
  readonly #heartbeatTimer: NodeJS.Timeout;
  /** Sockets that answered the last ping. */
  readonly #alive = new WeakSet<WebSocket>();
  readonly #prefix: string;
  /** The content rules every writer's update passes (see admit). */
  readonly #rules: ContentRules<P>;
  /** The access log's ear (see SyncHooks.accessed). */
  readonly #accessed?: NonNullable<SyncHooks<P>['accessed']>;

  constructor(options: SyncServerOptions<P>) {
    this.#options = options;
    this.#accessed = options.hooks.accessed?.bind(options.hooks);
    this.#rules = { refusesChange: options.hooks.refusesChange?.bind(options.hooks), refusesWrites: options.hooks.refusesWrites?.bind(options.hooks) };
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#prefix = options.pathPrefix ?? '/sync/';
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.#limits.maxMessageBytes * HARD_FRAME_LIMIT_FACTOR,
      perMessageDeflate: false,
    });
    this.#revalidateTimer = setInterval(() => void this.revalidate(), options.revalidateIntervalMs ?? 60_000);
    this.#revalidateTimer.unref();
    this.#heartbeatTimer = setInterval(() => this.#heartbeat(), options.heartbeatIntervalMs ?? 30_000);
    this.#heartbeatTimer.unref();
  }

  /**
   * Attaches to an HTTP server's upgrade event. Upgrades outside the path prefix are left to the server's other
   * upgrade listeners; when there are none they get a 404, since Node leaves an upgrade nobody answers open.
   */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (this.handles(request)) void this.handleUpgrade(request, socket, head);
      else if (server.listenerCount('upgrade') === 1) refuseUpgrade(socket, 404, 'Not Found');
    });
  }

  handles(request: IncomingMessage): boolean {
    return (request.url ?? '').startsWith(this.#prefix);
  }

  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const origin = request.headers.origin;
    if (origin !== undefined && !this.#originAllowed(origin, request)) {
      this.stats.refusedOrigin++;
      refuseUpgrade(socket, 403, 'Forbidden origin');
      return;
    }
    const docName = decodeDocName(request.url ?? '', this.#prefix);
    let principal: P | null = null;
    let access: 'none' | 'read' | 'write' = 'none';
    try {
      principal = await this.#options.hooks.authenticate(request);
      if (principal && docName) access = await this.#options.hooks.authorize(principal, docName);
    } catch {
      refuseUpgrade(socket, 500, 'Internal Server Error');
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      this.#alive.add(ws);
      ws.on('pong', () => this.#alive.add(ws));
      // Refusals happen after the upgrade so that browsers, which cannot read an HTTP status, see the reason.
      if (!docName) return this.#refuse(ws, CloseCode.malformed, 'unknown document name');
      if (!principal) {
        this.stats.refusedNoSession++;
        return this.#refuse(ws, CloseCode.noSession, 'not logged in');
      }
      if (access === 'none') {
        this.stats.refusedForbidden++;
        return this.#refuse(ws, CloseCode.forbidden, 'no access');
      }
      // Counted from here until the socket closes, however it closes (also while its document loads).
      const opened = this.#options.quota?.openSocket(principal);
      if (opened && typeof opened !== 'function') {
        this.stats.refusedOverQuota++;
        const error = quotaError(opened);
        return this.#refuse(ws, error.code, error.message);
      }
      if (opened) ws.once('close', opened);
      void this.#open(ws, docName, principal, access, { hearsSaved: asksForSaved(request.url ?? ''), hearsRefused: asksForRefused(request.url ?? '') });
    });
  }

  /** The configured origins, or else the origin of the host the request was sent to (same-origin). */
  #originAllowed(origin: string, request: IncomingMessage): boolean {
    const allowed = this.#options.allowedOrigins;
    if (allowed && allowed.length > 0) return allowed.includes(origin);
    const host = request.headers.host;
    return !!host && (origin === `http://${host}` || origin === `https://${host}`);
  }

  /**
   * A phone that lost signal never closes its socket: without pings its connection, its document in memory
   * and the updates queued for it would stay forever. Sockets that did not answer the last ping are dropped.
   */
  #heartbeat(): void {
    for (const ws of this.#wss.clients) {
      if (!this.#alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.#alive.delete(ws);
      ws.ping();
    }
  }

  #refuse(ws: WebSocket, code: number, reason: string): void {
    ws.close(code, reason);
  }

  async #open(ws: WebSocket, docName: string, principal: P, access: 'read' | 'write', { hearsSaved, hearsRefused }: { hearsSaved: boolean; hearsRefused: boolean }): Promise<void> {
    // Messages that arrive while the document loads wait, in order, for the room.
    const early: [RawData, boolean][] = [];
    const buffer = (data: RawData, isBinary: boolean) => {
      if (early.push([data, isBinary]) > this.#limits.messageBurst) ws.close(CloseCode.tooFast, 'too many messages');
    };
    ws.on('message', buffer);
    ws.on('error', () => ws.terminate());
    let room: Room;
    try {
      room = await this.#room(docName);
    } catch {
      ws.close(1011, 'document could not be loaded');
      return;
    }
    if (ws.readyState !== ws.OPEN) {
      if (room.idle) this.#evict(room);
      return;
    }
    const connection = new Connection<P>({
      socket: ws,
      room,
      principal,
      access,
      hearsSaved,
      hearsRefused,
      rules: this.#rules,
      quota: this.#options.quota,
      accessed: this.#accessed && ((event) => this.#accessed!(principal, docName, event, 'socket')),
      limits: this.#limits,
      stats: this.stats,
      onClose: (c) => {
        this.#connections.delete(c);
        this.stats.connectionsOpen = this.#connections.size;
      },
    });
    this.#connections.add(connection);
    this.stats.connectionsOpen = this.#connections.size;
    ws.off('message', buffer);
    ws.on('message', (data, isBinary) => connection.receive(toBytes(data), isBinary));
    connection.start();
    for (const [data, isBinary] of early) connection.receive(toBytes(data), isBinary);
  }

  #room(docName: string): Promise<Room> {
    let room = this.#rooms.get(docName);
    if (!room) {
      const { judgesWrites, filesOf, filesReleased, applied: told, keepsVersions } = this.#options.hooks;
      const judged = judgesWrites?.(docName) ?? false;
      const files = filesOf && { of: (doc: Y.Doc) => filesOf(docName, doc), released: (ids: readonly string[]) => filesReleased?.(docName, ids) };
      const applied =
        told && ((author: string | null, doc: Y.Doc, transaction: Y.Transaction, present: ReadonlySet<string>) => told.call(this.#options.hooks, docName, author, doc, transaction, present));
      const versionEveryMs = keepsVersions?.(docName) ? (this.#options.versionEveryMs ?? DAY_MS) : null;
      const options = { compactAfter: this.#options.compactAfterUpdates ?? 500, judged, files, applied, versionEveryMs };
      room = Room.load(docName, this.#options.store, options, (idle) => this.#evict(idle));
      this.#rooms.set(docName, room);
      this.stats.roomsOpen = this.#rooms.size;
      room.catch(() => this.#rooms.delete(docName));
    }
    return room;
  }

  #evict(room: Room): void {
    void this.#rooms.get(room.name)?.then((current) => {
      if (current !== room || !room.idle) return;
      this.#rooms.delete(room.name);
      this.stats.roomsOpen = this.#rooms.size;
    });
  }

  /**
   * Reconciles many documents for one person in one round trip (a device's background sync): stores what the
   * device sent (relaying it to anyone who has the document open), and answers per document with what the
   * device is missing and what is durably stored. Access is checked per document, as on connect.
   *
   * `handover` is for the device of a deactivated person: it may hand in work only to documents it could write,
   * and receives nothing of their content (no diff), only what is now stored.
   */
  async reconcile(principal: P, items: readonly BatchRequestItem[], mode: 'sync' | 'handover' = 'sync'): Promise<BatchResponseItem[]> {
    const checked = await Promise.all(items.map((item) => this.#check(principal, item, mode)));
    // Every room is opened before anything is stored, so the documents' updates reach the store together and
    // are committed in one transaction (one fsync), not one each between the loads of the others.
    const opened = await Promise.allSettled(
      checked.map(async (item) => {
        if (isRefusal(item)) return null;
        const room = await this.#room(item.docName);
        return { room, release: room.hold() };
      }),
    );
    const rooms = opened.map((result) => (result.status === 'fulfilled' ? result.value : null));
    const failed = opened.find((result) => result.status === 'rejected');
    if (failed) {
      for (const held of rooms) held?.release();
      throw failed.reason;
    }
    // The whole batch is charged to the person's quota at once, now that it is known which documents are new:
    // over a limit, nothing of it is stored and the device keeps all of it for later.
    const writes: QuotaWrite[] = [];
    checked.forEach((item, i) => {
      // A judged document's update (admission null) is charged before it is judged: the quota errs on the safe side.
      if (!isRefusal(item) && (item.admission === null || item.admission.admitted)) writes.push({ docName: item.docName, bytes: item.update.byteLength, creates: rooms[i]!.room.isNew });
    });
    const refusal = spend(principal, writes, { quota: this.#options.quota, stats: this.stats });
    if (refusal) {
      for (const held of rooms) held?.release();
      throw new QuotaExceededError(refusal);
    }
    return Promise.all(checked.map((item, i) => (isRefusal(item) ? item : this.#store(item, rooms[i]!, principal, mode))));
  }

  /** Access, shape and admission of one document of a batch; no room is opened yet. */
  async #check(principal: P, { docName, stateVector, update }: BatchRequestItem, mode: 'sync' | 'handover'): Promise<BatchResponseItem | CheckedItem> {
    const refuse = (status: BatchStatus): BatchResponseItem => ({ docName, status, diff: new Uint8Array(), saved: new Uint8Array() });
    if (!parseDocName(docName)) return refuse('malformed');
    const access = await this.#options.hooks.authorize(principal, docName);
    if (access === 'none' || (mode === 'handover' && access !== 'write')) {
      this.stats.refusedForbidden++;
      return refuse('forbidden');
    }
    try {
      Y.decodeStateVector(stateVector);
      // A batch may carry no update at all (the device only asks for what it lacks).
      if (update.byteLength === 0) return { docName, stateVector, update, access, admission: { admitted: false, reason: 'empty' } };
      // A judged document's writes are read against the document, so they are admitted once its room is open.
      if (this.#options.hooks.judgesWrites?.(docName)) {
        Y.decodeUpdate(update);
        return { docName, stateVector, update, access, admission: null };
      }
      return { docName, stateVector, update, access, admission: admit(update, { principal, docName, access }, { rules: this.#rules, doc: null, stats: this.stats }) };
    } catch {
      return refuse('malformed');
    }
  }

  async #store(item: CheckedItem, { room, release }: { room: Room; release: () => void }, principal: P, mode: 'sync' | 'handover'): Promise<BatchResponseItem> {
    try {
      // What the device lacks, taken before its own update joins the room: the device's update adds nothing it
      // lacks, and so the room need not merge a day's work into its state just to answer.
      const diff = mode === 'handover' ? new Uint8Array() : room.diff(item.stateVector);
      const admission = item.admission
        ? refuseOthersClients(item.admission, room, principal.userId, this.stats)
        : admit(item.update, { principal, docName: item.docName, access: item.access }, { rules: this.#rules, doc: room.doc, stats: this.stats, known: () => room.state(), clients: room });
      // Not admitted: not stored; a writer's device keeps it and shows it as only on this device.
      if (admission.admitted) {
        const event = room.isNew ? 'create' : 'change';
        await room.receiveUpdate(item.update, principal.userId, null, admission.meta);
        this.#accessed?.(principal, item.docName, event, 'batch');
      }
      // Refused: the device drops its copy and takes the whole document as stored instead (not after a handover).
      if (!admission.admitted && admission.reason === 'refused') {
        const whole = mode === 'handover' ? new Uint8Array() : room.diff(NOTHING);
        // Sending the whole document back is a read (the access log).
        if (mode !== 'handover') this.#accessed?.(principal, item.docName, 'read', 'batch');
        return { docName: item.docName, status: 'refused', refusal: admission.code, diff: whole, saved: room.savedStateVector() };
      }
      if (mode !== 'handover') this.#accessed?.(principal, item.docName, 'read', 'batch');
      return { docName: item.docName, status: 'ok', diff, saved: room.savedStateVector() };
    } finally {
      release();
    }
  }

  /**
   * Writes `update` into a document as the server itself, for `author` (a person's id, kept in the document's
   * history; null for the server's own content). No device and no access check: the caller decided. People who
   * have the document open receive it at once, and the document's room, if open, stays the same as the store.
   * Resolves when the update is durably stored. An update with nothing in it writes nothing.
   */
  async writeAsServer(docName: string, update: Uint8Array, author: string | null): Promise<void> {
    if (!parseDocName(docName)) throw new TypeError(`not a document name: ${docName}`);
    const decoded = Y.decodeUpdate(update);
    if (isEmpty(decoded)) return;
    const room = await this.#room(docName);
    const release = room.hold();
    try {
      await this.#writeAsServer(room, update, decoded, author);
    } finally {
      release();
    }
  }

  /**
   * Changes a document as the server, for `author` (see writeAsServer): `change` gets the document as the server
   * holds it now and edits it in one transaction; what it changed is written. Returns what `change` returned.
   */
  async transactAsServer<T>(docName: string, author: string | null, change: (doc: Y.Doc) => T): Promise<T> {
    if (!parseDocName(docName)) throw new TypeError(`not a document name: ${docName}`);
    const room = await this.#room(docName);
    const release = room.hold();
    try {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, room.state());
      // The transaction's own update, and only if it changed something (a diff against the state vector before
      // would carry the document's whole delete set).
      let update: Uint8Array | null = null;
      doc.on('update', (changed: Uint8Array) => (update = changed));
      const result = doc.transact(() => change(doc));
      if (update) await this.#writeAsServer(room, update, Y.decodeUpdate(update), author);
      return result;
    } finally {
      release();
    }
  }

  async #writeAsServer(room: Room, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>, author: string | null): Promise<void> {
    this.stats.updatesStored++;
    const event = room.isNew ? 'create' : 'change';
    await room.receiveUpdate(update, author, null, metaOf(decoded));
    this.#options.hooks.serverWrote?.(room.name, author, event);
  }

  /** Closes every connection of these sessions (logout, deactivation). */
  closeSessions(sessionIds: Iterable<string>, code: number = CloseCode.sessionEnded): void {
    const ids = new Set(sessionIds);
    for (const connection of [...this.#connections]) {
      if (ids.has(connection.principal.sessionId)) connection.close(code, 'session ended');
    }
  }

  /**
   * Re-checks every open connection's session and access; closes those that lost them, and those whose check
   * failed (1011, as a hook that throws on connect): a connection never keeps rights nobody could confirm.
   */
  async revalidate(): Promise<void> {
    const bySession = new Map<string, Connection<P>[]>();
    for (const c of this.#connections) bySession.set(c.principal.sessionId, [...(bySession.get(c.principal.sessionId) ?? []), c]);
    for (const connections of bySession.values()) {
      const principal = await this.#options.hooks.revalidate(connections[0].principal).catch(checkFailed);
      for (const connection of connections) {
        if (principal === CHECK_FAILED) {
          connection.close(1011, 'access could not be checked');
          continue;
        }
        if (!principal) {
          connection.close(CloseCode.sessionEnded, 'session ended');
          continue;
        }
        const access = await this.#options.hooks.authorize(principal, connection.room.name).catch(checkFailed);
        if (access === CHECK_FAILED) connection.close(1011, 'access could not be checked');
        else if (access === 'none') connection.close(CloseCode.forbidden, 'no access');
        else {
          connection.principal = principal;
          connection.access = access;
        }
      }
    }
  }

  /** Stops accepting, closes all connections and waits until every received update is stored. */
  async close(): Promise<void> {
    clearInterval(this.#revalidateTimer);
    clearInterval(this.#heartbeatTimer);
    for (const connection of [...this.#connections]) connection.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    const rooms = await Promise.allSettled(this.#rooms.values());
    await Promise.all(rooms.map((r) => (r.status === 'fulfilled' ? r.value.settled() : undefined)));
  }
}

/** What code that writes documents as the server needs of the sync server (publishing, the demo). */
export type ServerWrites = Pick<SyncServer, 'writeAsServer' | 'transactAsServer'>;

function decodeDocName(url: string, prefix: string): string | null {
  const path = url.split('?')[0].slice(prefix.length);
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    return null;
  }
  return parseDocName(name) ? name : null;
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A document of a batch that passed the checks, waiting for its room. */
interface CheckedItem extends BatchRequestItem {
  access: Access;
  /** Null: judged once the room is open. */
  admission: Admission | null;
}

function isRefusal(item: BatchResponseItem | CheckedItem): item is BatchResponseItem {
  return 'status' in item;
}
