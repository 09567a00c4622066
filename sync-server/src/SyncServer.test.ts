/**
 * The server core with an in-memory store and test hooks, over real sockets: what a room does with updates
 * (stored before "saved", compacted, forgotten when idle).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType, isCoveredBy, mergeSaved } from '@kring/protocol';
import { MemoryDocumentStore } from '@kring/storage';
import { SyncServer } from './SyncServer.ts';
import type { Principal } from './types.ts';

let http: Server;
let sync: SyncServer;
let store: MemoryDocumentStore;
let url: string;
/** The hook that throws, as one that cannot reach its database would. */
let broken: 'revalidate' | 'authorize' | null;

beforeEach(async () => {
  broken = null;
  store = new MemoryDocumentStore();
  sync = new SyncServer({
    store,
    compactAfterUpdates: 10,
    hooks: {
      // Tests name the user in a header; the real hooks read the session cookie.
      authenticate: async (request) => {
        const userId = request.headers['x-test-user'];
        return typeof userId === 'string' ? ({ sessionId: `s-${userId}`, userId, name: userId } satisfies Principal) : null;
      },
      authorize: async (principal) => {
        if (broken === 'authorize') throw new Error('no database');
        return principal.userId === 'reader' ? 'read' : 'write';
      },
      revalidate: async (principal) => {
        if (broken === 'revalidate') throw new Error('no database');
        return principal;
      },
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

/** A raw client that keeps every message it receives; it asks for "saved" as Kring's device does. */
async function connect(docName: string, userId: string) {
  const socket = new WebSocket(`${url}${docName}?saved=1`, { headers: { 'x-test-user': userId } });
  const received: Uint8Array[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data: Buffer) => {
    received.push(new Uint8Array(data));
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const nextMessage = () => new Promise<void>((resolve) => waiters.push(resolve));
  const sendUpdate = (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    socket.send(encoding.toUint8Array(encoder));
  };
  const client = {
    socket,
    received,
    sendUpdate,
    /** Waits (bounded) until a "saved" message covers `doc`. */
    async waitSaved(doc: Y.Doc) {
      const deadline = Date.now() + 5000;
      for (;;) {
        const saved = received.filter((m) => m[0] === MessageType.saved).map((m) => {
          const decoder = decoding.createDecoder(m);
          decoding.readVarUint(decoder);
          return decoding.readVarUint8Array(decoder);
        });
        const heard = saved.reduce<Uint8Array | null>((known, sv) => mergeSaved(known, sv), null);
        if (heard && isCoveredBy(Y.encodeStateVector(doc), heard)) return;
        if (Date.now() > deadline) throw new Error('not saved within 5 s');
        await Promise.race([nextMessage(), new Promise((r) => setTimeout(r, 100))]);
      }
    },
    /** Writes `text` into the text 't' of a new document, sends it, and waits until it is saved; returns the document. */
    async write(text: string): Promise<Y.Doc> {
      const { doc, updates } = editor();
      doc.getText('t').insert(0, text);
      sendUpdate(updates[0]);
      await client.waitSaved(doc);
      return doc;
    },
  };
  return client;
}

/** Waits (bounded) until `server` holds no document open. */
async function waitForRoomsClosed(server: SyncServer): Promise<void> {
  const deadline = Date.now() + 5000;
  while (server.stats.roomsOpen > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

function editor() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

describe('SyncServer rooms', () => {
  it('says "saved" only for what the store holds', async () => {
    const client = await connect('space/page/p1', 'anna');
    await client.write('hallo');
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.load('space/page/p1'))!);
    expect(stored.getText('t').toString()).toBe('hallo');
    expect((await store.history('space/page/p1'))[0].author).toBe('anna');
    client.socket.close();
  });

  it('compacts a document once its log passes the threshold, losing nothing', async () => {
    const client = await connect('space/page/p2', 'anna');
    const { doc, updates } = editor();
    for (let i = 0; i < 25; i++) doc.getText('t').insert(i, String(i % 10));
    for (const update of updates) client.sendUpdate(update);
    await client.waitSaved(doc);
    await sync.close();
    expect(await store.logLength('space/page/p2')).toBeLessThan(10);
    expect(await store.history('space/page/p2')).toHaveLength(25);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.load('space/page/p2'))!);
    expect(stored.getText('t').toString()).toBe(doc.getText('t').toString());
  });

  it('forgets a document when its last connection left and everything is stored', async () => {
    const first = await connect('space/page/p3', 'anna');
    const second = await connect('space/page/p3', 'anna');
    const doc = await first.write('x');
    expect(sync.stats.roomsOpen).toBe(1);
    first.socket.close();
    second.socket.close();
    await waitForRoomsClosed(sync);
    expect(sync.stats.roomsOpen).toBe(0);
    const again = await connect('space/page/p3', 'anna');
    await again.waitSaved(doc);
    again.socket.close();
  });

  it('relays a writer update to readers but stores nothing a reader sends', async () => {
    const reader = await connect('space/page/p4', 'reader');
    const writer = await connect('space/page/p4', 'anna');
    const mine = editor();
    mine.doc.getText('t').insert(0, 'van de lezer');
    reader.sendUpdate(mine.updates[0]);
    const theirs = editor();
    theirs.doc.getText('t').insert(0, 'van anna');
    writer.sendUpdate(theirs.updates[0]);
    await writer.waitSaved(theirs.doc);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.load('space/page/p4'))!);
    expect(stored.getText('t').toString()).toBe('van anna');
    expect(sync.stats.readOnlyWritesDropped).toBe(1);
    expect(reader.received.some((m) => m[0] === MessageType.sync && m[1] === syncProtocol.messageYjsUpdate)).toBe(true);
    reader.socket.close();
    writer.socket.close();
  });
});

describe('SyncServer.revalidate', () => {
  it('closes the connections whose re-check throws (1011), whichever hook threw, rather than keep their rights', async () => {
    for (const hook of ['revalidate', 'authorize'] as const) {
      broken = null;
      const client = await connect(`space/page/recheck-${hook}`, 'anna');
      const closed = new Promise<number>((resolve) => client.socket.once('close', resolve));
      // In the room once the server sent its sync step 1.
      while (client.received.length === 0) await new Promise((r) => setTimeout(r, 10));
      broken = hook;
      await sync.revalidate();
      expect(await closed, hook).toBe(1011);
    }
  });
});

describe('SyncServer heartbeat', () => {
  it('drops a socket that stops answering pings and keeps one that answers', async () => {
    const quick = new SyncServer({
      store,
      heartbeatIntervalMs: 50,
      hooks: {
        authenticate: async () => ({ sessionId: 's', userId: 'anna', name: 'anna' }),
        authorize: async () => 'write',
        revalidate: async (principal) => principal,
      },
    });
    const server = createServer();
    quick.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/sync/space/page/hb`;
    // A phone that lost signal: its socket is open but nothing answers.
    const silent = new WebSocket(base, { autoPong: false });
    const healthy = new WebSocket(base);
    await Promise.all([silent, healthy].map((s) => new Promise((resolve) => s.once('open', resolve))));
    const closed = await new Promise<boolean>((resolve) => {
      silent.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 3000);
    });
    expect(closed).toBe(true);
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    healthy.close();
    await quick.close();
    server.close();
  });
});

describe('SyncServer.reconcile', () => {
  it('opens every document of a batch before storing any, so the store can commit them together', async () => {
    // The store's loads (as they finish) and appends (as they are asked for), in order.
    const order: string[] = [];
    const recording = new MemoryDocumentStore();
    const load = recording.load.bind(recording);
    const append = recording.append.bind(recording);
    // Loads that take different times, as SQLite's answers from its worker do.
    recording.load = async (docName) => {
      await new Promise((resolve) => setTimeout(resolve, docName.endsWith('b1') ? 0 : docName.endsWith('b2') ? 10 : 20));
      order.push(`load ${docName}`);
      return load(docName);
    };
    recording.append = (docName, update, author) => {
      order.push(`append ${docName}`);
      return append(docName, update, author);
    };
    const batchServer = new SyncServer({
      store: recording,
      hooks: { authenticate: async () => null, authorize: async () => 'write', revalidate: async (principal) => principal },
    });
    const names = ['space/page/b1', 'space/page/b2', 'space/page/b3'];
    const items = names.map((docName) => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, docName);
      return { docName, stateVector: Y.encodeStateVector(new Y.Doc()), update: Y.encodeStateAsUpdate(doc) };
    });
    const answers = await batchServer.reconcile({ sessionId: 's', userId: 'anna', name: 'anna' }, items);
    expect(answers.map((a) => a.status)).toEqual(['ok', 'ok', 'ok']);
    const firstAppend = order.findIndex((op) => op.startsWith('append'));
    expect(order.slice(0, firstAppend).sort()).toEqual(names.map((n) => `load ${n}`).sort());
    expect(order.slice(firstAppend).every((op) => op.startsWith('append'))).toBe(true);
    for (const name of names) expect(Y.decodeUpdate((await recording.load(name))!).structs.length).toBeGreaterThan(0);
    // Every room is forgotten again once its update is stored.
    await waitForRoomsClosed(batchServer);
    expect(batchServer.stats.roomsOpen).toBe(0);
    await batchServer.close();
    await recording.close();
  });
});

describe('SyncServer writes as the server', () => {
  /** Waits (bounded) until the server has the connection in the document's room: it then sends its sync step 1. */
  async function joined(client: Awaited<ReturnType<typeof connect>>) {
    const deadline = Date.now() + 4000;
    while (client.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(client.received.length).toBeGreaterThan(0);
  }

  /** Asks for the whole document, as a client's sync step 1 with an empty state vector does. */
  function askForDocument(client: Awaited<ReturnType<typeof connect>>) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, new Y.Doc());
    client.socket.send(encoding.toUint8Array(encoder));
  }

  /** Waits (bounded) until what the client received brings `text` into `t` (of `doc`: what the client has itself). */
  async function waitForText(client: Awaited<ReturnType<typeof connect>>, text: string, doc = new Y.Doc()) {
    const deadline = Date.now() + 4000;
    for (;;) {
      for (const message of client.received) {
        const decoder = decoding.createDecoder(message);
        if (decoding.readVarUint(decoder) !== MessageType.sync) continue;
        const subType = decoding.readVarUint(decoder);
        if (subType === syncProtocol.messageYjsUpdate || subType === syncProtocol.messageYjsSyncStep2) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
      }
      if (doc.getText('t').toString().includes(text)) return;
      if (Date.now() > deadline) throw new Error(`"${text}" not received within 4 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("stores the update with its author, relays it to the document's open connections, and keeps the room in step", async () => {
    const reader = await connect('space/page/w1', 'reader');
    await joined(reader);
    const server = new Y.Doc();
    server.getText('t').insert(0, 'van de redactie');
    await sync.writeAsServer('space/page/w1', Y.encodeStateAsUpdate(server), 'eva');
    expect((await store.history('space/page/w1')).map((entry) => entry.author)).toEqual(['eva']);
    await waitForText(reader, 'van de redactie');
    // A device that connects now gets it from the room.
    const later = await connect('space/page/w1', 'anna');
    askForDocument(later);
    await waitForText(later, 'van de redactie');
    expect(sync.stats.updatesStored).toBe(1);
    reader.socket.close();
    later.socket.close();
  });

  it('writes the server’s own content with no author, into a document nobody has open, and forgets the room', async () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'welkom');
    await sync.writeAsServer('space/page/w2', Y.encodeStateAsUpdate(doc), null);
    expect((await store.history('space/page/w2')).map((entry) => entry.author)).toEqual([null]);
    await waitForRoomsClosed(sync);
    expect(sync.stats.roomsOpen).toBe(0);
  });

  it('changes a document as the server holds it, writing only what the change added, and returns its result', async () => {
    const writer = await connect('space/page/w3', 'anna');
    const doc = await writer.write('anna');
    const length = await sync.transactAsServer('space/page/w3', 'eva', (current) => {
      current.getText('t').insert(current.getText('t').length, ' en eva');
      return current.getText('t').length;
    });
    expect(length).toBe('anna en eva'.length);
    await waitForText(writer, 'anna en eva', doc);
    const history = await store.history('space/page/w3');
    expect(history.map((entry) => entry.author)).toEqual(['anna', 'eva']);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await store.load('space/page/w3'))!);
    expect(stored.getText('t').toString()).toBe('anna en eva');
    writer.socket.close();
  });

  it('writes nothing for a change that changes nothing, or an empty update', async () => {
    const read = await sync.transactAsServer('space/page/w4', 'eva', (current) => current.getText('t').toString());
    expect(read).toBe('');
    await sync.writeAsServer('space/page/w4', Y.encodeStateAsUpdate(new Y.Doc()), 'eva');
    expect(await store.history('space/page/w4')).toEqual([]);
    expect(sync.stats.updatesStored).toBe(0);
  });

  it('refuses a name that is no document and a malformed update, storing nothing', async () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    await expect(sync.writeAsServer('../etc/passwd', Y.encodeStateAsUpdate(doc), null)).rejects.toThrow(TypeError);
    await expect(sync.transactAsServer('no-kind', null, () => undefined)).rejects.toThrow(TypeError);
    await expect(sync.writeAsServer('space/page/w5', new Uint8Array([0xff, 0xff, 0xff]), null)).rejects.toThrow();
    expect(await store.history('space/page/w5')).toEqual([]);
    expect(sync.stats.updatesStored).toBe(0);
  });
});
