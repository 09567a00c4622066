/**
 * A push service on this machine, for tests: an HTTP server on a free loopback port that takes what Kring sends
 * to a subscription's endpoint, checks the VAPID signature's presence, and decrypts the body (aes128gcm, RFC 8291)
 * with the subscription's own private key and secret through `http_ece`, as a browser would. Each device is a path
 * `/device/<n>`; a device may be told to answer 410 (gone) from now on.
 */
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';

export interface PushDevice {
  /** What a browser's `PushSubscription.toJSON()` gives, for POST /api/push/subscriptions. */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** The decrypted payloads received so far, parsed. */
  received: unknown[];
  /** From now on, answer 410 Gone (the browser dropped the subscription). */
  gone(): void;
}

export interface PushEndpoint {
  origin: string;
  device(): PushDevice;
  /** Requests that could not be decrypted or lacked a VAPID header (should stay empty). */
  failures: string[];
  close(): Promise<void>;
}

interface DeviceState extends PushDevice {
  ecdh: ECDH;
  auth: Buffer;
  isGone: boolean;
}

export async function startPushEndpoint(): Promise<PushEndpoint> {
  const devices = new Map<string, DeviceState>();
  const failures: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const device = devices.get(request.url ?? '');
      if (!device) return void response.writeHead(404).end();
      if (device.isGone) return void response.writeHead(410).end();
      try {
        if (!/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/.test(String(request.headers.authorization))) throw new Error(`no VAPID authorization: ${request.headers.authorization}`);
        if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${request.headers['content-encoding']}`);
        const plain = ece.decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: device.ecdh, authSecret: device.auth });
        device.received.push(JSON.parse(plain.toString('utf8')));
        response.writeHead(201).end();
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let count = 0;
  return {
    origin,
    failures,
    device() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/device/${++count}`;
      const state: DeviceState = {
        ecdh,
        auth,
        isGone: false,
        received: [],
        subscription: { endpoint: `${origin}${path}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
        gone() {
          state.isGone = true;
        },
      };
      devices.set(path, state);
      return state;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
