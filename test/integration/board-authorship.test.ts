/**
 * Who said it on a board: the board is shared work (every writer may change titles, columns and card text), but
 * an assignment says who assigned it and a hand-over says who handed over, and the server vouches for both. Bram,
 * a member of Buurtteam Noord with his own valid session, tries with a raw Yjs client to assign in Anna's name,
 * forge a hand-over from her, and change or remove her hand-over note; none of it reaches Anna or the store. The
 * honest flow (his own assignment, his hand-over, edits of the card) goes through.
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatchResponse, encodeBatchRequest } from '../../packages/protocol/src/index.ts';
import { addAssignee, addCard, addColumn, getCard, handOverCard, updateCard, type Person } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { craftUpdate, idOf } from '../support/crafted-update.ts';
import { waitForSaved } from '../support/providers.ts';
import { health, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api } from './admin-support.ts';

describe('authorship on a board', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'admin']);
  const { open } = useClients(kring);
  const anna: Person = { id: '', name: 'Anna de Vries' };
  const bram: Person = { id: '', name: 'Bram Jansen' };
  beforeAll(async () => {
    anna.id = (await me(kring.url, sessions.anna)).user.id;
    bram.id = (await me(kring.url, sessions.bram)).user.id;
    // Bram joins Anna's team, so both may write its boards.
    expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${bram.id}`, { role: 'member' })).status).toBe(200);
  });

  let count = 0;
  const freshBoard = () => `noord/board/wie-${++count}`;
  const refused = async () => (await health(kring.url)).sync.changesRefused;

  /** Anna's card on a fresh board, assigned to her by herself and handed over once with a note, saved. */
  const annasCard = async (docName: string) => {
    const client = await open(docName, sessions.anna);
    const column = addColumn(client.doc, 'Te doen');
    const cardId = addCard(client.doc, column, { title: 'Wondzorg mevrouw Smit', assignees: [anna], assignedBy: anna.id });
    handOverCard(client.doc, cardId, { from: anna, to: bram, note: 'Verband ligt in de kast.' });
    await waitForSaved(client);
    return { client, cardId };
  };
  const handovers = (doc: Y.Doc, cardId: string) => ((doc.getMap('cards').get(cardId) as Y.Map<unknown>).get('handovers') as Y.Array<unknown>);

  /** Runs `attack` on Bram's synced client of `docName` and waits until the server has refused it. */
  const bramTries = async (docName: string, attack: (doc: Y.Doc) => void) => {
    const client = await open(docName, sessions.bram);
    const before = await refused();
    attack(client.doc);
    await waitFor(async () => (await refused()) > before, 'the server to refuse the change');
  };
  /** The board as the server stores it, read by a client that opens it afresh. */
  const stored = async (docName: string) => (await open(docName, sessions.anna, new Y.Doc())).doc;

  it("refuses assigning someone in Anna's name", async () => {
    const docName = freshBoard();
    const { client, cardId } = await annasCard(docName);
    await bramTries(docName, (doc) => addAssignee(doc, cardId, anna, anna.id));
    for (const doc of [client.doc, await stored(docName)]) {
      expect(getCard(doc, cardId)?.assignees).toEqual([{ ...bram, assignedBy: anna.id }]);
    }
  });

  it('refuses a hand-over from Anna written by Bram', async () => {
    const docName = freshBoard();
    const { client, cardId } = await annasCard(docName);
    await bramTries(docName, (doc) => handovers(doc, cardId).push([{ from: anna, to: bram, note: 'Alles is al gedaan.', at: new Date().toISOString() }]));
    for (const doc of [client.doc, await stored(docName)]) expect(getCard(doc, cardId)?.handovers.map((entry) => entry.note)).toEqual(['Verband ligt in de kast.']);
  });

  it("refuses changing Anna's hand-over note (taking it out and putting in another), and removing it", async () => {
    const docName = freshBoard();
    const { client, cardId } = await annasCard(docName);
    await bramTries(docName, (doc) => {
      doc.transact(() => {
        const list = handovers(doc, cardId);
        const [record] = list.toArray() as Record<string, unknown>[];
        list.delete(0, 1);
        list.insert(0, [{ ...record, note: 'Geen verband nodig.' }]);
      });
    });
    await bramTries(docName, (doc) => handovers(doc, cardId).delete(0, 1));
    for (const doc of [client.doc, await stored(docName)]) expect(getCard(doc, cardId)?.handovers.map((entry) => entry.note)).toEqual(['Verband ligt in de kast.']);
  });

  it('refuses replacing the list of hand-overs', async () => {
    const docName = freshBoard();
    const { client, cardId } = await annasCard(docName);
    await bramTries(docName, (doc) => (doc.getMap('cards').get(cardId) as Y.Map<unknown>).set('handovers', new Y.Array()));
    expect(getCard(client.doc, cardId)?.handovers).toHaveLength(1);
    expect(getCard(await stored(docName), cardId)?.handovers).toHaveLength(1);
  });

  it("refuses a crafted struct holding two hand-overs, his own and one from Anna, by socket and by the batch", async () => {
    const docName = freshBoard();
    const { client, cardId } = await annasCard(docName);
    const at = new Date().toISOString();
    const crafted = (clientId: number) =>
      craftUpdate(clientId, 0, [
        {
          parent: idOf(handovers(client.doc, cardId)),
          content: { any: [{ from: bram, to: anna, note: 'Van mij.', at }, { from: anna, to: bram, note: 'Namens Anna.', at }] },
        },
      ]);
    await bramTries(docName, (doc) => Y.applyUpdate(doc, crafted(700_001)));
    const before = await refused();
    const response = await fetch(`${kring.url}/api/sync/batch`, {
      method: 'POST',
      headers: { cookie: sessions.bram, 'content-type': 'application/octet-stream' },
      body: encodeBatchRequest([
        { docName, stateVector: Y.encodeStateVector(new Y.Doc()), update: Y.mergeUpdates([Y.encodeStateAsUpdate(client.doc), crafted(700_002)]) },
      ]).slice().buffer,
    });
    expect(response.status).toBe(200);
    expect(decodeBatchResponse(new Uint8Array(await response.arrayBuffer()))[0]).toMatchObject({ status: 'refused', refusal: 'not-yours' });
    expect(await refused()).toBe(before + 1);
    expect(getCard(await stored(docName), cardId)?.handovers).toHaveLength(1);
  });

  it('lets Bram assign himself, hand over as himself, edit the card and take back his own hand-over', async () => {
    const docName = freshBoard();
    const { client, cardId } = await annasCard(docName);
    const bramsClient = await open(docName, sessions.bram);
    const before = await refused();
    updateCard(bramsClient.doc, cardId, { title: 'Wondzorg mevrouw Smit (dinsdag)', description: 'Eerst bellen.' });
    addAssignee(bramsClient.doc, cardId, anna, bram.id);
    handOverCard(bramsClient.doc, cardId, { from: bram, to: anna, note: 'Morgen weer bij u.' });
    await waitForSaved(bramsClient);
    await waitFor(() => getCard(client.doc, cardId)?.handovers.length === 2, "Bram's hand-over to reach Anna");
    expect(getCard(client.doc, cardId)).toMatchObject({ title: 'Wondzorg mevrouw Smit (dinsdag)', description: 'Eerst bellen.', assignees: [{ ...anna, assignedBy: bram.id }] });
    handovers(bramsClient.doc, cardId).delete(1, 1);
    await waitForSaved(bramsClient);
    await waitFor(() => getCard(client.doc, cardId)?.handovers.length === 1, "Bram's removal to reach Anna");
    expect(await refused()).toBe(before);
  });
});
