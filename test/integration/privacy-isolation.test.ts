/**
 * What a client must never receive, by any route: an employee (team) document or its awareness, and another
 * client's submission. Checked on raw sockets, the batch endpoint, the changes feed and the editorial API.
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { submissionDocId } from '../../packages/access/src/index.ts';
import { decodeBatchResponse, encodeBatchRequest } from '../../packages/protocol/src/index.ts';
import { awarenessMessage, syncStep1 } from '../support/messages.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { login, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api, invitePerson, observeSocket, receivedText } from './admin-support.ts';

const CLOSE_FORBIDDEN = 4403;
const SECRET = 'Mevrouw De Wit valt vaak in de badkamer';

describe('a client never receives', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'daan', 'eva']);
  let daanId: string;
  let otherClient: string;
  const { open, syncingSocket } = useClients(kring);

  async function batch(cookie: string, names: string[]) {
    const body = encodeBatchRequest(names.map((docName) => ({ docName, stateVector: new Uint8Array([0]), update: new Uint8Array() })));
    const response = await fetch(`${kring.url}/api/sync/batch`, { method: 'POST', headers: { cookie, 'content-type': 'application/octet-stream' }, body: body.slice().buffer });
    expect(response.status).toBe(200);
    return decodeBatchResponse(new Uint8Array(await response.arrayBuffer()));
  }

  async function changesFeed(cookie: string): Promise<string[]> {
    const response = await api<{ changes: { docName: string }[] }>(kring.url, cookie, 'GET', '/api/sync/changes?since=0');
    expect(response.status).toBe(200);
    return response.body.changes.map((change) => change.docName);
  }

  beforeAll(async () => {
    daanId = (await me(kring.url, sessions.daan)).user.id;
    const admin = await login(kring.url, 'admin@kring.test');
    otherClient = (await invitePerson(kring.url, admin, 'client', [{ spaceId: 'clientenplein', role: 'member' }], 'Truus Jansen')).cookie;
  });

  it('an employee document or its awareness, on any socket', async () => {
    const teamDoc = 'noord/page/valpreventie';
    const employee = await open(teamDoc, sessions.anna);
    employee.doc.getText('body').insert(0, SECRET);
    employee.awareness.setLocalStateField('cursor', { note: SECRET });
    await waitForSaved(employee);

    // The client, connected to a space he belongs to, on the same document id and elsewhere.
    const own = await syncingSocket('clientenplein/page/valpreventie', sessions.daan);
    for (const name of [teamDoc, 'noord/index/main', 'noord/feed/2026-11', 'noord/board/planning', 'noord/chat/team', 'zuid/page/valpreventie']) {
      const refused = await observeSocket(kring.url, sessions.daan, name, 'daan');
      expect(refused.access, name).toBe('none');
      expect(refused.closeCode, name).toBe(CLOSE_FORBIDDEN);
      expect(refused.received, name).toEqual([]);
    }
    // An answer to a request sent after Anna's awareness: anything relayed to him would have arrived before it.
    await own.send(syncStep1(new Uint8Array([0])));
    await own.send(awarenessMessage([{ clientId: 777, clock: 1, state: { cursor: 1 } }]));
    await own.waitForMessage((m) => m.type === 'sync-step-2', 'the answer in his own space');
    expect(receivedText(own.received)).not.toContain(SECRET);
    expect(receivedText(own.received)).not.toContain('Anna');
  });

  it('an employee document through the batch endpoint or the changes feed', async () => {
    const items = await batch(sessions.daan, ['noord/page/valpreventie', 'noord/index/main', 'zuid/page/valpreventie']);
    expect(items.map((item) => [item.status, item.diff.byteLength])).toEqual([
      ['forbidden', 0],
      ['forbidden', 0],
      ['forbidden', 0],
    ]);
    const changed = await changesFeed(sessions.daan);
    expect(changed.some((name) => name.startsWith('noord/') || name.startsWith('zuid/'))).toBe(false);
    // The feed does list team documents to the team, so the filter is what keeps them from him.
    expect((await changesFeed(sessions.anna)).some((name) => name.startsWith('noord/'))).toBe(true);
  });

  it("another client's submission: not on a socket, not in a batch, not in the feed, not in the API", async () => {
    const submissionName = `nieuws/submission/${submissionDocId(daanId, 'privacy')}`;
    const author = await open(submissionName, sessions.daan);
    author.doc.getText('title').insert(0, 'Mijn buurman en ik');
    author.doc.getText('body').insert(0, SECRET);
    author.awareness.setLocalStateField('cursor', { note: SECRET });
    await waitForSaved(author);
    const created = await api<{ submission: { id: string } }>(kring.url, sessions.daan, 'POST', '/api/editorial/submissions', { spaceId: 'nieuws', docId: submissionName.split('/')[2] });
    expect(created.status).toBe(201);
    const id = created.body.submission.id;

    const refused = await observeSocket(kring.url, otherClient, submissionName, 'truus');
    expect(refused).toEqual({ access: 'none', closeCode: CLOSE_FORBIDDEN, received: [] });
    // Not even by writing into it first: the batch refuses and stores nothing.
    const sneaky = new Y.Doc();
    sneaky.getText('body').insert(0, 'Truus was hier');
    const body = encodeBatchRequest([{ docName: submissionName, stateVector: Y.encodeStateVector(sneaky), update: Y.encodeStateAsUpdate(sneaky) }]);
    const response = await fetch(`${kring.url}/api/sync/batch`, { method: 'POST', headers: { cookie: otherClient, 'content-type': 'application/octet-stream' }, body: body.slice().buffer });
    const [item] = decodeBatchResponse(new Uint8Array(await response.arrayBuffer()));
    expect([item.status, item.diff.byteLength]).toEqual(['forbidden', 0]);
    expect(await changesFeed(otherClient)).not.toContain(submissionName);
    expect((await api(kring.url, otherClient, 'GET', `/api/editorial/submissions/${id}`)).status).toBe(404);
    const listed = await api<{ submissions: unknown[] }>(kring.url, otherClient, 'GET', '/api/editorial/submissions');
    expect(listed.body.submissions).toEqual([]);
    expect((await api(kring.url, otherClient, 'POST', `/api/editorial/submissions/${id}/comment`, { comment: 'hallo' })).status).toBe(404);

    // The author and the editors do get it.
    expect(await changesFeed(sessions.daan)).toContain(submissionName);
    const editor = await open(submissionName, sessions.eva);
    expect(editor.doc.getText('body').toString()).toBe(SECRET);
    expect(editor.doc.getText('body').toString()).not.toContain('Truus');
    await waitFor(() => [...editor.awareness.getStates().values()].some((state) => JSON.stringify(state).includes(SECRET)), "the author's awareness to reach the editor");
  });
});
