/**
 * The `accessed` hook (the access log's ear), over real sockets and the batch: a read when the server answers a
 * sync, a create for the write that makes a document, a change for later writes, once stored, and nothing for a
 * write the server drops.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '@kring/protocol';
import { MemoryDocumentStore } from '@kring/storage';
import { SyncServer } from './SyncServer.ts';
import type { Principal, SyncAccessEvent, SyncAccessPoint } from './types.ts';

let http: Server;
let sync: SyncServer;
let store: MemoryDocumentStore;
let url: string;
let heard: string[];

beforeEach(async () => {
  heard = [];
  store = new MemoryDocumentStore();
  sync = new SyncServer({
    store,
    hooks: {
      authenticate: async (request) => {
        const userId = request.headers['x-test-user'];
        return typeof userId === 'string' ? ({ sessionId: `s-${userId}`, userId, name: userId } satisfies Principal) : null;
      },
      authorize: async (principal) => (principal.userId === 'reader' ? 'read' : 'write'),
      revalidate: async (principal) => principal,
      accessed: (principal: Principal, docName: string, event: SyncAccessEvent, via: SyncAccessPoint) => heard.push(`${principal.userId} ${event} ${docName} ${via}`),
      serverWrote: (docName, author, event) => heard.push(`server for ${author ?? 'nobody'} ${event} ${docName}`),
    },
  });
  http = createServer();
  sync.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/sync/`;
});

afterEach(async () => {
  await sync.close();
  http.close();
  await store.close();
});

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

async function connect(docName: string, userId: string): Promise<WebSocket> {
  const socket = new WebSocket(`${url}${docName}`, { headers: { 'x-test-user': userId } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('the accessed hook', () => {
  it("hears the server's own writes apart, for whom they were made, and not a write that changed nothing", async () => {
    await sync.writeAsServer('space/page/s', textUpdate(new Y.Doc(), 'sjabloon'), null);
    await sync.transactAsServer('space/page/s', 'anna', (doc) => doc.getText('t').insert(0, 'gepubliceerd '));
    await sync.transactAsServer('space/page/s', 'anna', () => undefined);
    expect(heard).toEqual(['server for nobody create space/page/s', 'server for anna change space/page/s']);
  });

  it('hears a socket read on sync, a create for the first write and a change for the next, once stored', async () => {
    const socket = await connect('space/page/a', 'anna');
    const doc = new Y.Doc();
    socket.send(message((encoder) => syncProtocol.writeSyncStep1(encoder, doc)));
    await until(() => heard.length === 1, 'the read');
    socket.send(message((encoder) => syncProtocol.writeUpdate(encoder, textUpdate(doc, 'een'))));
    socket.send(message((encoder) => syncProtocol.writeUpdate(encoder, textUpdate(doc, 'twee'))));
    await until(() => heard.length === 3, 'the writes');
    expect(heard).toEqual(['anna read space/page/a socket', 'anna create space/page/a socket', 'anna change space/page/a socket']);
    expect(await store.load('space/page/a')).not.toBeNull();
    socket.close();
  });

  it('hears nothing of a write a read-only socket sends, only its read', async () => {
    const socket = await connect('space/page/b', 'reader');
    const doc = new Y.Doc();
    socket.send(message((encoder) => syncProtocol.writeUpdate(encoder, textUpdate(doc, 'stiekem'))));
    socket.send(message((encoder) => syncProtocol.writeSyncStep1(encoder, doc)));
    await until(() => heard.length >= 1, 'the read');
    await until(() => sync.stats.readOnlyWritesDropped === 1, 'the dropped write');
    expect(heard).toEqual(['reader read space/page/b socket']);
    socket.close();
  });

  it('hears a batch: what it made and what it answered, and only what a hand-over stored', async () => {
    const doc = new Y.Doc();
    const principal = { sessionId: 's', userId: 'anna', name: 'anna' };
    await sync.reconcile(principal, [{ docName: 'space/page/c', stateVector: Y.encodeStateVector(doc), update: textUpdate(doc, 'een') }]);
    await sync.reconcile(principal, [{ docName: 'space/page/c', stateVector: Y.encodeStateVector(doc), update: textUpdate(doc, 'twee') }]);
    const other = new Y.Doc();
    await sync.reconcile(principal, [{ docName: 'space/page/d', stateVector: Y.encodeStateVector(other), update: textUpdate(other, 'drie') }], 'handover');
    expect(heard).toEqual([
      'anna create space/page/c batch',
      'anna read space/page/c batch',
      'anna change space/page/c batch',
      'anna read space/page/c batch',
      'anna create space/page/d batch',
    ]);
  });
});
