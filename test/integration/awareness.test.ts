/**
 * Awareness (who is here, cursors) carries the identity the server vouches for, reaches only the people in the
 * same document, and cannot be written by one connection for another.
 */
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { awarenessMessage, syncStep1 } from '../support/messages.ts';
import { useClients } from '../support/clients.ts';
import { RawSocket } from '../support/RawSocket.ts';
import { health, login, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

interface StampedUser {
  id: string;
  name: string;
  color: string;
  readOnly: boolean;
}

function userIn(provider: WebsocketProvider, clientId: number): StampedUser | undefined {
  return provider.awareness.getStates().get(clientId)?.user as StampedUser | undefined;
}

describe('awareness', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'daan', 'bram']);
  let annaId: string;
  const { open, syncingSocket } = useClients(kring);
  /** Everything `socket` received up to now, as text, for looking for names in it. */
  const everything = (socket: RawSocket) => socket.received.map((m) => Buffer.from(m.data).toString('latin1')).join('\n');
  /** Resolves once the server has answered a request sent now: everything it sent before is in `received`. */
  const roundTrip = async (socket: RawSocket) => {
    const before = socket.messages().filter((m) => m.type === 'sync-step-2').length;
    await socket.send(syncStep1(Y.encodeStateVector(new Y.Doc())));
    await waitFor(() => socket.messages().filter((m) => m.type === 'sync-step-2').length > before, 'the answer to a sync step 1');
  };

  beforeAll(async () => {
    annaId = (await me(kring.url, sessions.anna)).user.id;
  });

  it("shows a client that claims to be 'Fake' to the others with the session's name and id, keeping its cursor", async () => {
    const docName = 'clientenplein/chat/aw-stamp';
    const annaClient = await open(docName, sessions.anna);
    const daanClient = await open(docName, sessions.daan);
    annaClient.awareness.setLocalState({ user: { name: 'Fake', id: 'someone-else', readOnly: true }, cursor: { anchor: 3 } });

    const seen = await waitFor(() => daanClient.awareness.getStates().get(annaClient.doc.clientID), "Anna's awareness to reach Daan");
    expect(seen.user).toMatchObject({ name: 'Anna de Vries', id: annaId, readOnly: false });
    expect(JSON.stringify(seen)).not.toContain('Fake');
    expect(JSON.stringify(seen)).not.toContain('someone-else');
    expect(seen.cursor).toEqual({ anchor: 3 });
  });

  it('marks a reader as read-only in what the others see', async () => {
    const eva = await login(kring.url, 'eva@kring.test');
    const docName = 'nieuws/page/aw-reader';
    const editor = await open(docName, eva);
    const reader = await open(docName, sessions.daan);
    reader.awareness.setLocalStateField('cursor', { anchor: 1 });
    const seen = await waitFor(() => userIn(editor, reader.doc.clientID), "Daan's awareness to reach Eva");
    expect(seen).toMatchObject({ name: 'Daan Bakker', readOnly: true });
  });

  it('sends awareness to nobody in another space or on another document', async () => {
    const docName = 'clientenplein/chat/aw-private';
    const otherSpace = await syncingSocket('zuid/chat/aw-private', sessions.bram);
    const otherDoc = await syncingSocket('clientenplein/chat/aw-private-2', sessions.daan);
    const annaClient = await open(docName, sessions.anna);
    const daanClient = await open(docName, sessions.daan);
    annaClient.awareness.setLocalStateField('cursor', { anchor: 7 });
    await waitFor(() => daanClient.awareness.getStates().get(annaClient.doc.clientID)?.cursor, "Anna's cursor to reach Daan");

    // The server relays awareness in the turn it receives it; an answer sent after that comes after any relay.
    await roundTrip(otherSpace);
    await roundTrip(otherDoc);
    for (const socket of [otherSpace, otherDoc]) {
      const states = socket.messages().flatMap((m) => (m.type === 'awareness' ? m.states : []));
      expect(states.map((s) => s.clientId)).not.toContain(annaClient.doc.clientID);
      expect(everything(socket)).not.toContain('Anna');
      expect(everything(socket)).not.toContain(annaId);
    }
  });

  it("ignores a connection that writes another connection's awareness state, or removes it", async () => {
    const docName = 'clientenplein/chat/aw-spoof';
    const annaClient = await open(docName, sessions.anna);
    const observer = await open(docName, sessions.anna);
    annaClient.awareness.setLocalStateField('cursor', { anchor: 1 });
    await waitFor(() => userIn(observer, annaClient.doc.clientID), "Anna's awareness to reach the observer");

    const attacker = await syncingSocket(docName, sessions.daan);
    const victim = annaClient.doc.clientID;
    const attackerClientId = 424242;
    await attacker.send(awarenessMessage([{ clientId: victim, clock: 1000, state: { user: { name: 'Fake' }, cursor: 'hijacked' } }]));
    await attacker.send(awarenessMessage([{ clientId: victim, clock: 1001, state: null }]));
    // Its own state, relayed after the two above: once the observer sees it, the server handled them.
    await attacker.send(awarenessMessage([{ clientId: attackerClientId, clock: 1, state: { marker: true } }]));
    await waitFor(() => observer.awareness.getStates().get(attackerClientId), "the attacker's own awareness to reach the observer");

    expect(userIn(observer, attackerClientId)).toMatchObject({ name: 'Daan Bakker' });
    const victimState = observer.awareness.getStates().get(victim);
    expect(victimState?.user).toMatchObject({ name: 'Anna de Vries', id: annaId });
    expect(victimState?.cursor).toEqual({ anchor: 1 });
  });

  it('shows the new presence of a client that reconnected while its old connection still lingers', async () => {
    const docName = 'clientenplein/chat/aw-reconnect';
    const observer = await syncingSocket(docName, sessions.daan);
    const clientId = 31337;
    /** The last state the observer received for `clientId`. */
    const lastState = () => observer.messages().flatMap((m) => (m.type === 'awareness' ? m.states : [])).filter((s) => s.clientId === clientId).at(-1)?.state;

    // The phone's first connection went dead without a close (no signal): the server still holds it.
    const stale = await syncingSocket(docName, sessions.anna);
    await stale.send(awarenessMessage([{ clientId, clock: 0, state: { cursor: { anchor: 1 } } }]));
    await waitFor(() => lastState(), 'the first connection\'s presence to reach the observer');

    // The same phone (same document, so the same Yjs client id) reconnects and moves its cursor.
    const doc = new Y.Doc();
    doc.clientID = clientId;
    const reconnected = await open(docName, sessions.anna, doc);
    reconnected.awareness.setLocalStateField('cursor', { anchor: 2 });
    await waitFor(() => (lastState() as { cursor?: { anchor: number } } | undefined)?.cursor?.anchor === 2, 'the reconnected presence to reach the observer');

    // When the dead connection is finally dropped, the live one's presence stays.
    const connectionsOpen = (await health(kring.url)).sync.connectionsOpen;
    stale.close();
    await waitFor(async () => (await health(kring.url)).sync.connectionsOpen < connectionsOpen, 'the server to drop the stale connection');
    await roundTrip(observer);
    expect(lastState()).toMatchObject({ cursor: { anchor: 2 }, user: { name: 'Anna de Vries' } });
  });

  it('tells the others when a client drops off without saying goodbye', async () => {
    const docName = 'clientenplein/chat/aw-leave';
    const staying = await open(docName, sessions.daan);
    const leaving = await syncingSocket(docName, sessions.anna);
    const leavingClientId = 777;
    await leaving.send(awarenessMessage([{ clientId: leavingClientId, clock: 1, state: { cursor: { anchor: 2 } } }]));
    await waitFor(() => userIn(staying, leavingClientId), "Anna's awareness to reach Daan");
    // Gone without the awareness 'null' a stock client sends on disconnect: the server must say it.
    leaving.close();
    await waitFor(() => !staying.awareness.getStates().has(leavingClientId), "Anna's awareness to be removed at Daan");
  });
});
