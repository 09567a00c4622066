/**
 * One socket on one document. Reads every message as hostile: checks size, rate and shape, enforces
 * read-only, and stamps awareness with the identity from the session.
 */
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode, MessageType, encodeRefused } from '@kring/protocol';
import type { Access } from '@kring/access';
import { TokenBucket } from './limits.ts';
import { syncStep1, syncStep2, type AwarenessEntry } from './messages.ts';
import type { Room, RoomMember } from './Room.ts';
import { admit, spend, type ContentRules } from './admit.ts';
import type { Principal, QuotaRefusal, SyncAccessEvent, SyncLimits, SyncQuota, SyncStats } from './types.ts';

/** Thrown for input the server refuses; `code` is the close code. */
export class ProtocolError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

export class Connection<P extends Principal = Principal> implements RoomMember {
  principal: P;
  access: Access;
  readonly room: Room;
  /** The client asked for `saved` messages; a stock y-websocket client does not know them. */
  readonly hearsSaved: boolean;
  /** The client asked for `refused` messages (`asksForRefused`); a stock client does not know them either. */
  readonly hearsRefused: boolean;
  readonly #socket: WebSocket;
  readonly #limits: SyncLimits;
  readonly #stats: SyncStats;
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;
  /** Awareness client ids this connection speaks for; nobody else may change them. */
  readonly ownedAwarenessClients = new Set<number>();
  #closed = false;
  readonly #onClose: (connection: Connection<P>) => void;
  readonly #rules: ContentRules<P>;
  readonly #quota?: SyncQuota<P>;
  readonly #accessed?: (event: SyncAccessEvent) => void;

  constructor(options: {
    socket: WebSocket;
    room: Room;
    principal: P;
    access: Access;
    /** Whether the client asked for `saved` messages (`asksForSaved`). */
    hearsSaved: boolean;
    /** Whether the client asked for `refused` messages (`asksForRefused`). */
    hearsRefused?: boolean;
    limits: SyncLimits;
    stats: SyncStats;
    /** Whether a writer's update must be dropped (see SyncHooks). */
    rules: ContentRules<P>;
    /** The person's allowances every admitted update is charged to. */
    quota?: SyncQuota<P>;
    /** Told what this person read or stored here, for the access log (see SyncHooks.accessed). */
    accessed?: (event: SyncAccessEvent) => void;
    onClose: (connection: Connection<P>) => void;
  }) {
    this.#socket = options.socket;
    this.room = options.room;
    this.principal = options.principal;
    this.access = options.access;
    this.hearsSaved = options.hearsSaved;
    this.hearsRefused = options.hearsRefused ?? false;
    this.#limits = options.limits;
    this.#stats = options.stats;
    this.#onClose = options.onClose;
    this.#rules = options.rules;
    this.#quota = options.quota;
    this.#accessed = options.accessed;
    this.#messages = new TokenBucket(this.#limits.messagesPerSecond, this.#limits.messageBurst);
    this.#bytes = new TokenBucket(this.#limits.bytesPerSecond, this.#limits.byteBurst);
  }

  get userId(): string {
    return this.principal.userId;
  }

  get docName(): string {
    return this.room.name;
  }

  /** Joins the room and starts the sync: our state vector, what the server has saved (if asked), who is here. */
  start(): void {
    this.room.members.add(this);
    this.#socket.on('close', () => this.#cleanup());
    this.send(syncStep1(this.room.stateVector()));
    if (this.hearsSaved) this.send(this.room.savedMessage());
    const awareness = this.room.awarenessSnapshot();
    if (awareness) this.send(awareness);
  }

  send(message: Uint8Array): void {
    if (this.#closed || this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(message, (error) => {
      if (error) this.close(1011, 'send failed');
    });
  }

  /** Handles one message from the socket; closes the connection (only this one) on bad input. */
  receive(data: Uint8Array, isBinary = true): void {
    if (this.#closed) return;
    try {
      if (!isBinary) throw new ProtocolError(CloseCode.malformed, 'text frames are not part of the protocol');
      if (data.byteLength > this.#limits.maxMessageBytes) throw new ProtocolError(CloseCode.tooLarge, 'message too large');
      if (!this.#messages.take(1) || !this.#bytes.take(data.byteLength)) throw new ProtocolError(CloseCode.tooFast, 'too many messages');
      this.#dispatch(data);
    } catch (error) {
      const code = error instanceof ProtocolError ? error.code : CloseCode.malformed;
      if (code === CloseCode.tooLarge) this.#stats.closedTooLarge++;
      else if (code === CloseCode.tooFast) this.#stats.closedTooFast++;
      else if (code === CloseCode.malformed) this.#stats.closedMalformed++;
      this.close(code, error instanceof ProtocolError ? error.message : 'malformed message');
    }
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#socket.close(code, reason);
    this.#cleanup();
  }

  #cleanup(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.room.leave(this, this.ownedAwarenessClients);
    this.#onClose(this);
  }

  #dispatch(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        this.#receiveSync(decoder);
        break;
      case MessageType.awareness:
        this.#receiveAwareness(decoding.readVarUint8Array(decoder));
        break;
      case MessageType.queryAwareness: {
        const awareness = this.room.awarenessSnapshot();
        if (awareness) this.#reply(awareness);
        break;
      }
      default:
        throw new ProtocolError(CloseCode.malformed, `unknown message type ${type}`);
    }
  }

  #receiveSync(decoder: decoding.Decoder): void {
    const subType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    switch (subType) {
      case syncProtocol.messageYjsSyncStep1:
        Y.decodeStateVector(payload); // throws on garbage before we diff against it
        this.#reply(syncStep2(this.room.diff(payload)));
        this.#accessed?.('read');
        // What was just sent is stored already (or will be, with a "saved" to follow): tell the client now, so a
        // device that only received does not show the server's content as its own unsaved work.
        if (this.hearsSaved) this.send(this.room.savedMessage());
        break;
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate:
        this.#receiveUpdate(payload);
        break;
      default:
        throw new ProtocolError(CloseCode.malformed, `unknown sync message ${subType}`);
    }
  }

  /**
   * Sends what the client asked for, paid from its byte budget: a request of a few bytes can ask for the whole
   * document, so without this a burst of them makes the server build and buffer gigabytes. The charge is capped
   * at half a burst so that a document larger than the burst can still be loaded.
   */
  #reply(message: Uint8Array): void {
    if (!this.#bytes.take(Math.min(message.byteLength, this.#limits.byteBurst / 2))) {
      throw new ProtocolError(CloseCode.tooFast, 'too many requests for the document');
    }
    this.send(message);
  }

  #receiveUpdate(update: Uint8Array): void {
    // Throws on a malformed update (closing with 4400): it must not reach the log.
    const admission = admit(update, this, { rules: this.#rules, doc: this.room.doc, stats: this.#stats, known: () => this.room.state(), clients: this.room });
    if (!admission.admitted) {
      // Neither relayed nor stored. A device that asked is told, so it drops the change instead of showing it;
      // otherwise it keeps it and shows it as only on this device.
      if (admission.reason === 'refused' && this.hearsRefused) this.send(encodeRefused(admission.code));
      return;
    }
    const refusal = spend(this.principal, [{ docName: this.docName, bytes: update.byteLength, creates: this.room.isNew }], { quota: this.#quota, stats: this.#stats });
    // Neither relayed nor stored; the device keeps it and sends it again when it may.
    if (refusal) throw quotaError(refusal);
    const event = this.room.isNew ? 'create' : 'change';
    this.room.receiveUpdate(update, this.userId, this, admission.meta).then(
      () => this.#accessed?.(event),
      () => {
        // Not stored: this client keeps the update and sends it again after reconnecting.
        this.close(1011, 'storage failed');
      },
    );
  }

  #receiveAwareness(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > this.#limits.maxAwarenessStateBytes) throw new ProtocolError(CloseCode.tooLarge, 'awareness state too large');
      if (!this.ownedAwarenessClients.has(clientId)) {
        // A client id someone else uses, or one too many for this connection: not ours to speak for. The same
        // person's older connection holding it is one that died without a close (lost signal) while the device
        // reconnected with the same document, so the same id: the new connection takes it over.
        const owner = this.#awarenessOwner(clientId);
        if ((owner && owner.userId !== this.userId) || this.ownedAwarenessClients.size >= this.#limits.maxAwarenessClientsPerConnection) continue;
        owner?.ownedAwarenessClients.delete(clientId);
        this.ownedAwarenessClients.add(clientId);
      }
      entries.push({ clientId, clock, state: this.#stamp(json) });
    }
    if (entries.length > 0) this.room.relayAwareness(entries, this);
  }

  #awarenessOwner(clientId: number): Connection | undefined {
    for (const member of this.room.members) {
      if (member instanceof Connection && member.ownedAwarenessClients.has(clientId)) return member;
    }
    return undefined;
  }

  /** Replaces whatever the client claims about who it is with what the session says. */
  #stamp(json: string): string {
    const state: unknown = JSON.parse(json);
    if (state === null) return 'null';
    if (typeof state !== 'object' || Array.isArray(state)) throw new ProtocolError(CloseCode.malformed, 'awareness state must be an object');
    const { userId, name } = this.principal;
    return JSON.stringify({ ...state, user: { ...userColour(userId), id: userId, name, readOnly: this.access !== 'write' } });
  }
}

/** The close for a quota refusal: storage full is final (waiting frees nothing), the rates pass later. */
export function quotaError({ limit }: QuotaRefusal): ProtocolError {
  return limit === 'person-storage' || limit === 'space-storage'
    ? new ProtocolError(CloseCode.storageFull, `storage full (${limit})`)
    : new ProtocolError(CloseCode.overQuota, `over quota (${limit})`);
}

/** Dark enough for white text on a cursor label (WCAG AA), as hex: editors' cursor plugins accept only #rrggbb. */
const CURSOR_COLOURS = ['#0f5c55', '#1f5fa8', '#8a3b12', '#6b3fa0', '#9b1c4a', '#2f6b1f', '#7a5200', '#1d4e6b'];

/** A stable colour per person so cursors keep their colour across devices. */
function userColour(userId: string): { color: string } {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return { color: CURSOR_COLOURS[hash % CURSOR_COLOURS.length] };
}
