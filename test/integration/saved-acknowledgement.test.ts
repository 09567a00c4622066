/**
 * The `saved` message (type 100) is what tells a person their work is on the server: it must never claim an
 * update the server cannot yet build on, and updates arriving late, twice or out of order still converge. Only
 * clients that ask for it (`?saved=1`) are sent one: a stock y-websocket client would log an error for each.
 */
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { MessageType, isCoveredBy, mergeSaved } from '../../packages/protocol/src/index.ts';
import { syncUpdate } from '../support/messages.ts';
import { useClients } from '../support/clients.ts';
import { cookieWebSocket, loadText, openSynced, waitForSaved, waitForSynced } from '../support/providers.ts';
import type { RawSocket } from '../support/RawSocket.ts';
import { useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

/** A document and the updates each edit produced, in order. */
function edits(texts: string[]): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('body');
  for (const part of texts) text.insert(text.length, part);
  return { doc, updates };
}

describe('saved acknowledgement', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna']);
  const { rawSocket } = useClients(kring);


  async function writer(docName: string): Promise<RawSocket> {
    const socket = rawSocket(docName, { cookie: sessions.anna, saved: true });
    await socket.waitForMessage((m) => m.type === 'saved', 'the first saved message');
    return socket;
  }
  const savedVectors = (socket: RawSocket) => socket.messages().flatMap((m) => (m.type === 'saved' ? [m.stateVector] : []));
  /** Everything the server has said it holds, over all its `saved` messages to `socket` so far. */
  const heard = (socket: RawSocket) => savedVectors(socket).reduce<Uint8Array | null>((known, sv) => mergeSaved(known, sv), null);

  it('sends a stock y-websocket client, which does not ask, no saved message, so it logs no error', async () => {
    const docName = 'noord/page/saved-stock-client';
    const errors = vi.spyOn(console, 'error');
    // The stock provider as any y-websocket app runs it; its socket only notes the type of each message it gets.
    const types: number[] = [];
    const Recording = class extends cookieWebSocket(sessions.anna) {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols);
        this.on('message', (data: Buffer) => types.push(decoding.readVarUint(decoding.createDecoder(new Uint8Array(data)))));
      }
    };
    const stock = new WebsocketProvider(`${kring.url.replace(/^http/, 'ws')}/sync`, docName, new Y.Doc(), {
      WebSocketPolyfill: Recording as unknown as typeof WebSocket,
      disableBc: true,
    });
    const kringClient = await openSynced(kring.url, docName, sessions.anna);
    try {
      await waitForSynced(stock);
      stock.doc.getText('body').insert(0, 'Van een gewone client.');
      await waitFor(() => kringClient.doc.getText('body').toString().includes('Van een gewone client.'), 'the stock client’s edit to arrive');
      // Kring's client asks, and still hears "saved"; by then the stock client's earlier edit is stored too.
      kringClient.doc.getText('body').insert(0, 'Van Kring. ');
      await waitForSaved(kringClient);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(types).toContain(MessageType.sync);
      expect(types).not.toContain(MessageType.saved);
      expect(errors.mock.calls.flat().map(String)).not.toContain('Unable to compute message');
    } finally {
      stock.destroy();
      kringClient.destroy();
      errors.mockRestore();
    }
  });

  it('sends a saved message right after connecting, covering what the server already holds', async () => {
    const docName = 'noord/page/saved-initial';
    const author = await openSynced(kring.url, docName, sessions.anna);
    author.doc.getText('body').insert(0, 'Eerder opgeslagen.');
    await waitForSaved(author);
    author.destroy();

    const reader = await openSynced(kring.url, docName, sessions.anna);
    try {
      // Nothing new was written: the greeting alone must tell this client all it holds is saved.
      const saved = await waitForSaved(reader);
      expect(isCoveredBy(Y.encodeStateVector(reader.doc), saved)).toBe(true);
    } finally {
      reader.destroy();
    }
  });

  it('does not claim an update saved while an earlier update of the same client is missing, and claims both once it arrives', async () => {
    const docName = 'noord/page/saved-out-of-order';
    const { doc, updates } = edits(['Eerste regel. ', 'Tweede regel.']);
    const [first, second] = updates;
    const socket = await writer(docName);

    const before = savedVectors(socket).length;
    await socket.send(syncUpdate(second));
    const afterSecond = await waitFor(() => savedVectors(socket).at(before), 'a saved message after the second update');
    expect(Y.decodeStateVector(afterSecond).get(doc.clientID) ?? 0).toBe(0);

    await socket.send(syncUpdate(first));
    await waitFor(
      () => savedVectors(socket).some((saved) => isCoveredBy(Y.encodeStateVector(doc), saved)),
      'a saved message covering both updates',
    );
    expect(await loadText(kring.url, docName, sessions.anna)).toBe('Eerste regel. Tweede regel.');
  });

  it('stores an update sent twice once', async () => {
    const docName = 'noord/page/saved-duplicate';
    const { doc, updates } = edits(['Dubbel verstuurd.']);
    const socket = await writer(docName);
    await socket.send(syncUpdate(updates[0]));
    await socket.send(syncUpdate(updates[0]));
    await waitFor(() => savedVectors(socket).some((saved) => isCoveredBy(Y.encodeStateVector(doc), saved)), 'the update to be saved');
    expect(await loadText(kring.url, docName, sessions.anna)).toBe('Dubbel verstuurd.');
  });

  it('converges when many updates of several writers arrive in shuffled order', async () => {
    const docName = 'noord/page/saved-shuffled';
    const writers = [0, 1, 2].map((n) => edits(Array.from({ length: 20 }, (_, i) => `w${n}e${i};`)));
    const all = writers.flatMap((w) => w.updates);
    // A fixed shuffle, so a failure can be replayed.
    const order = all.map((_, i) => i).sort((a, b) => ((a * 7919) % 61) - ((b * 7919) % 61));
    const socket = await writer(docName);
    for (const i of order) await socket.send(syncUpdate(all[i]));

    const expected = new Y.Doc();
    for (const update of all) Y.applyUpdate(expected, update);
    // Each `saved` names the clients of the updates in one commit; together they must cover all three writers.
    await waitFor(() => {
      const known = heard(socket);
      return known && isCoveredBy(Y.encodeStateVector(expected), known);
    }, 'every update to be saved');
    expect(await loadText(kring.url, docName, sessions.anna)).toBe(expected.getText('body').toString());
  });

  it('tells only the writer, and names only the clients it wrote as, however many have written before', async () => {
    const docName = 'noord/page/saved-writer-only';
    // Three earlier writers: the stored state vector has three entries.
    const earlier = [0, 1, 2].map((n) => edits([`eerder ${n}; `]));
    const seeder = await writer(docName);
    for (const { updates } of earlier) await seeder.send(syncUpdate(updates[0]));
    await waitFor(() => {
      const known = heard(seeder);
      return known && earlier.every(({ doc }) => isCoveredBy(Y.encodeStateVector(doc), known));
    }, 'the earlier writers to be saved');

    const author = await writer(docName);
    const reader = await writer(docName);
    const readerSavedBefore = savedVectors(reader).length;
    const authorSavedBefore = savedVectors(author).length;
    const { doc, updates } = edits(['nieuw. ']);
    await author.send(syncUpdate(updates[0]));
    const saved = await waitFor(() => savedVectors(author).at(authorSavedBefore), 'the author to hear saved');
    expect(Y.decodeStateVector(saved)).toEqual(new Map([[doc.clientID, 'nieuw. '.length]]));
    await reader.waitForMessage((m) => m.type === 'sync-update', 'the reader to receive the edit');
    // The reader is not told its received content is saved (the device counts it as the server's itself);
    // before, every member heard the whole state vector once a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(savedVectors(reader).length).toBe(readerSavedBefore);
  });

  it('tells a connection whose update waited behind a gap once another connection filled it', async () => {
    const docName = 'noord/page/saved-gap-elsewhere';
    const { doc, updates } = edits(['Eerste regel. ', 'Tweede regel.']);
    const [first, second] = updates;
    const late = await writer(docName);
    const filler = await writer(docName);

    await late.send(syncUpdate(second));
    await waitFor(() => savedVectors(late).length > 1, 'a saved message after the update behind the gap');
    expect(isCoveredBy(Y.encodeStateVector(doc), heard(late)!)).toBe(false);

    // The same client's first update arrives over another connection (a phone that reconnected meanwhile).
    await filler.send(syncUpdate(first));
    await waitFor(() => {
      const known = heard(late);
      return known && isCoveredBy(Y.encodeStateVector(doc), known);
    }, 'the first connection to hear that its update is saved too');
  });
});
