/**
 * Counts what crosses the network for a group of clients: TCP payload bytes in both directions (WebSocket
 * frames and HTTP, handshakes and cookies included), and how many connections were opened. Clients get a
 * `ws` WebSocket class in the shape y-websocket and Hocuspocus construct (`new WS(url, protocols)`), or a
 * `fetch` over node:http whose sockets are counted the same way.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

export class WireMeter {
  readonly #sockets = new Set<Socket>();
  #opened = 0;
  #offset = 0;

  /** Connections opened since the meter was made (or last reset). */
  get socketsOpened(): number {
    return this.#opened;
  }

  /** Bytes sent plus bytes received over every socket counted. */
  bytes(): number {
    let total = 0;
    for (const socket of this.#sockets) total += socket.bytesRead + socket.bytesWritten;
    return total;
  }

  /** Starts counting from zero; sockets that stay open count only what they carry from now on. */
  reset(): void {
    this.#offset = -this.bytes();
    this.#opened = 0;
  }

  /** Bytes since the last reset. */
  bytesSinceReset(): number {
    return this.bytes() + this.#offset;
  }

  track(socket: Socket): void {
    if (this.#sockets.has(socket)) return;
    this.#sockets.add(socket);
    this.#opened++;
  }

  /** A WebSocket class whose sockets this meter counts; `cookie` is sent with the upgrade when given. */
  socketClass(cookie?: string): new (address: string | URL, protocols?: string | string[]) => WebSocket {
    const track = (socket: Socket) => this.track(socket);
    return class MeteredWebSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { headers: cookie ? { cookie } : {}, perMessageDeflate: false });
        this.once('upgrade', (response) => track(response.socket));
      }
    };
  }

  /**
   * A `fetch` (enough of it for the app's client code: method, headers, a byte or text body) over node:http
   * with keep-alive, sending `cookie`, whose sockets this meter counts. `close` ends its idle sockets.
   */
  fetch(cookie?: string): { fetch: typeof fetch; close: () => void } {
    const agent = new Agent({ keepAlive: true });
    const track = (socket: Socket) => this.track(socket);
    const fetchOverHttp = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
      if (cookie) headers.cookie = cookie;
      const body = init?.body;
      const bytes =
        body === undefined || body === null
          ? undefined
          : typeof body === 'string'
            ? Buffer.from(body)
            : body instanceof ArrayBuffer
              ? Buffer.from(body)
              : ArrayBuffer.isView(body)
                ? Buffer.from(body.buffer, body.byteOffset, body.byteLength)
                : undefined;
      if (body !== undefined && body !== null && bytes === undefined) return Promise.reject(new TypeError('unsupported body type'));
      return new Promise<Response>((resolve, reject) => {
        const req = httpRequest(url, { method: init?.method ?? 'GET', headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [key, value] of Object.entries(res.headers)) {
              for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(key, item);
            }
            const status = res.statusCode ?? 500;
            resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
          });
        });
        req.on('socket', track);
        req.on('error', reject);
        req.end(bytes);
      });
    };
    return { fetch: fetchOverHttp as typeof fetch, close: () => agent.destroy() };
  }
}
