/**
 * A bare `ws` client on `/sync/<docName>` that records everything the server sends and can send anything,
 * including what no stock client would: the hostile peer of the security tests.
 */
import { WebSocket } from 'ws';
import { decodeMessage, type WireMessage } from './messages.ts';
import { WAIT_MS, waitFor, withTimeout } from './wait.ts';

export interface RawSocketOptions {
  /** Cookie header value, e.g. from `login`. */
  cookie?: string;
  /** Origin header; none by default, as a non-browser client sends none. */
  origin?: string;
  /** Connect to this path instead of `/sync/<docName>`. */
  path?: string;
  /** Ask for `saved` messages (`?saved=1`), as Kring's device does. */
  saved?: boolean;
  /** Ask for `refused` messages (`?refused=1`), as Kring's device does. */
  refused?: boolean;
}

/** How the connection ended: refused at the HTTP upgrade, or closed after it with a close code. */
export type RawOutcome = { kind: 'refused'; status: number } | { kind: 'closed'; code: number; reason: string };

export interface Received {
  data: Uint8Array;
  isBinary: boolean;
}

export class RawSocket {
  /** Every message the server sent, in order. */
  readonly received: Received[] = [];
  readonly #socket: WebSocket;
  readonly #opened: Promise<void>;
  readonly #outcome: Promise<RawOutcome>;

  /** Opens a socket on `<url>/sync/<docName>` (url as returned by `startKring`, http or https). */
  constructor(url: string, docName: string, options: RawSocketOptions = {}) {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin) headers.origin = options.origin;
    const query = new URLSearchParams({ ...(options.saved ? { saved: '1' } : {}), ...(options.refused ? { refused: '1' } : {}) }).toString();
    const path = (options.path ?? `/sync/${docName}`) + (query ? `?${query}` : '');
    this.#socket = new WebSocket(`${url.replace(/^http/, 'ws')}${path}`, { headers, perMessageDeflate: false });
    // Errors also end in 'close' or a refusal, which is what the tests look at.
    this.#socket.on('error', () => {});
    this.#socket.on('message', (data, isBinary) => {
      this.received.push({ data: toBytes(data), isBinary });
    });
    this.#outcome = new Promise((resolve) => {
      this.#socket.once('unexpected-response', (request, response) => {
        resolve({ kind: 'refused', status: response.statusCode ?? 0 });
        response.resume();
        request.destroy();
      });
      this.#socket.once('close', (code, reason) => {
        resolve({ kind: 'closed', code, reason: reason.toString() });
      });
    });
    this.#opened = new Promise((resolve, reject) => {
      this.#socket.once('open', () => resolve());
      void this.#outcome.then((outcome) => reject(new Error(`socket ended before it opened: ${JSON.stringify(outcome)}`)));
    });
    // The rejection is for callers of waitForOpen; a socket that is expected to be refused must not warn.
    this.#opened.catch(() => {});
  }

  /** True while the connection is open (neither refused nor closed). */
  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  waitForOpen(timeoutMs = WAIT_MS): Promise<void> {
    return withTimeout(this.#opened, 'the socket to open', timeoutMs);
  }

  /** How the connection ended (refused or closed), waiting for it. */
  waitForOutcome(timeoutMs = WAIT_MS): Promise<RawOutcome> {
    return withTimeout(this.#outcome, 'the socket to be refused or closed', timeoutMs);
  }

  /** The close code and reason; fails if the upgrade was refused instead. */
  async waitForClose(timeoutMs = WAIT_MS): Promise<{ code: number; reason: string }> {
    const outcome = await this.waitForOutcome(timeoutMs);
    if (outcome.kind !== 'closed') throw new Error(`expected a close, but the upgrade was refused with HTTP ${outcome.status}`);
    return outcome;
  }

  /** Resolves with the first received message (past or future) that `match` accepts. */
  async waitForMessage(match: (message: WireMessage) => boolean, what: string, timeoutMs = WAIT_MS): Promise<WireMessage> {
    return waitFor(() => this.messages().find(match), what, { timeoutMs });
  }

  /** The binary messages received so far, decoded. */
  messages(): WireMessage[] {
    return this.received.filter((m) => m.isBinary).map((m) => decodeMessage(m.data));
  }

  /** Sends a binary frame; resolves once it is written to the socket. */
  send(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.send(data, { binary: true }, (error) => (error ? reject(error) : resolve())));
  }

  /** Sends a text frame, which the protocol does not have. */
  sendText(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.send(text, { binary: false }, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    this.#socket.terminate();
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
