/**
 * Who writes as which Yjs client. A client id is a number a device picks and any writer can put in an update.
 * Bram, a member of Buurtteam Noord with his own valid session, sends text under Anna's client id at her next
 * clock, over a socket and through the batch. Had the server taken it, Anna's real edit at those clocks would
 * arrive as "already known" and be dropped while her device heard "saved": her work silently lost, and Bram's
 * words passing as hers. The server refuses it; Anna's edit is stored; Bram's own edits still go through.
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatchResponse, encodeBatchRequest } from '../../packages/protocol/src/index.ts';
import { useClients } from '../support/clients.ts';
import { syncUpdate } from '../support/messages.ts';
import { waitForSaved } from '../support/providers.ts';
import { health, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api } from './admin-support.ts';

describe("writing as another person's Yjs client", () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'admin']);
  const { open, syncingSocket } = useClients(kring);
  beforeAll(async () => {
    const bram = (await me(kring.url, sessions.bram)).user.id;
    // Bram joins Anna's team, so both may write its pages.
    expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${bram}`, { role: 'member' })).status).toBe(200);
  });

  let count = 0;
  const freshPage = () => `noord/page/client-${++count}`;
  const refused = async () => (await health(kring.url)).sync.changesRefused;
  const body = (doc: Y.Doc) => doc.getText('body').toString();
  /** The page as the server stores it, read by a client that opens it afresh. */
  const stored = async (docName: string) => body((await open(docName, sessions.anna, new Y.Doc())).doc);

  /** Anna's page with her first line saved, and her open client. */
  const annasPage = async (docName: string) => {
    const anna = await open(docName, sessions.anna);
    anna.doc.getText('body').insert(0, 'Wondzorg: ');
    await waitForSaved(anna);
    return anna;
  };

  /** What Bram's device writes when it takes Anna's client id: the update past what the server holds. */
  const forgedAs = (clientId: number, state: Uint8Array) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const before = Y.encodeStateVector(doc);
    doc.clientID = clientId;
    doc.getText('body').insert(doc.getText('body').length, 'stop met het verband.');
    return Y.encodeStateAsUpdate(doc, before);
  };

  it("refuses Bram's text under Anna's client id over a socket, and stores Anna's own next edit", async () => {
    const docName = freshPage();
    const anna = await annasPage(docName);
    const bram = await syncingSocket(docName, sessions.bram);
    const before = await refused();
    await bram.send(syncUpdate(forgedAs(anna.doc.clientID, Y.encodeStateAsUpdate(anna.doc))));
    await waitFor(async () => (await refused()) > before, 'the server to refuse the change');

    anna.doc.getText('body').insert(body(anna.doc).length, 'verband elke dag verschonen.');
    await waitForSaved(anna);
    expect(await stored(docName)).toBe('Wondzorg: verband elke dag verschonen.');
  });

  it('refuses it through the batch, telling the device, and stores nothing of it', async () => {
    const docName = freshPage();
    const anna = await annasPage(docName);
    const state = Y.encodeStateAsUpdate(anna.doc);
    const before = await refused();
    const response = await fetch(`${kring.url}/api/sync/batch`, {
      method: 'POST',
      headers: { cookie: sessions.bram, 'content-type': 'application/octet-stream' },
      body: encodeBatchRequest([{ docName, stateVector: Y.encodeStateVector(anna.doc), update: forgedAs(anna.doc.clientID, state) }]).slice().buffer,
    });
    expect(response.status).toBe(200);
    const [answer] = decodeBatchResponse(new Uint8Array(await response.arrayBuffer()));
    expect(answer).toMatchObject({ status: 'refused', refusal: 'not-yours' });
    expect(await refused()).toBe(before + 1);

    anna.doc.getText('body').insert(body(anna.doc).length, 'verband elke dag verschonen.');
    await waitForSaved(anna);
    expect(await stored(docName)).toBe('Wondzorg: verband elke dag verschonen.');
  });

  it("keeps Anna's client hers once the server has closed the page and opens it again from the store", async () => {
    const docName = freshPage();
    const anna = await annasPage(docName);
    const clientId = anna.doc.clientID;
    const state = Y.encodeStateAsUpdate(anna.doc);
    anna.destroy();
    await waitFor(async () => (await health(kring.url)).sync.roomsOpen === 0, 'the server to close the page');
    const bram = await syncingSocket(docName, sessions.bram);
    const before = await refused();
    await bram.send(syncUpdate(forgedAs(clientId, state)));
    await waitFor(async () => (await refused()) > before, 'the server to refuse the change');
    expect(await stored(docName)).toBe('Wondzorg: ');
  });

  it('lets Bram send the whole page back and add his own text, and Anna hers after it', async () => {
    const docName = freshPage();
    const anna = await annasPage(docName);
    const bram = await open(docName, sessions.bram);
    const before = await refused();
    bram.doc.getText('body').insert(body(bram.doc).length, 'pleister erbij. ');
    await waitForSaved(bram);
    // A device that sends everything it holds, Anna's content included, is no one writing as her.
    const response = await fetch(`${kring.url}/api/sync/batch`, {
      method: 'POST',
      headers: { cookie: sessions.bram, 'content-type': 'application/octet-stream' },
      body: encodeBatchRequest([{ docName, stateVector: Y.encodeStateVector(bram.doc), update: Y.encodeStateAsUpdate(bram.doc) }]).slice().buffer,
    });
    const [answer] = decodeBatchResponse(new Uint8Array(await response.arrayBuffer()));
    expect(answer.status).not.toBe('refused');
    await waitFor(() => body(anna.doc).includes('pleister'), "Bram's text to reach Anna");
    anna.doc.getText('body').insert(body(anna.doc).length, 'Klaar.');
    await waitForSaved(anna);
    expect(await stored(docName)).toBe('Wondzorg: pleister erbij. Klaar.');
    expect(await refused()).toBe(before);
  });
});
