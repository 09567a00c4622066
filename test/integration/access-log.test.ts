/**
 * Who read it: the access log (NEN 7513). Every read, creation, change and listing of a client space's documents
 * is logged with who, when, how and about which clients, once per person, document and day; only the privacy
 * officer sees the log, and a client sees who else read information about them. Over the wire, as devices and
 * people use it; the hash chain of what this run logged is then checked by the command an auditor runs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chatDocId, sendMessage } from '../../packages/shapes/src/index.ts';
import type { AccessLogAnswer, MyAccessLogAnswer, OfficerAccessLogEntry } from '../../packages/contract/src/index.ts';
import { decodeBatchResponse, encodeBatchRequest, type BatchRequestItem } from '../../packages/protocol/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { ROOT, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

const kring = useKring();
const sessions = useSessions(kring, ['anna', 'bram', 'daan', 'eva', 'admin']);
const { open } = useClients(kring);
const ids = { anna: '', daan: '' };
let officer: Invited;
let guest: Invited;
let fatima: Invited;
let run = 0;
/** A document name no other test used. */
const fresh = (space: string, kind: string) => `${space}/${kind}/toegang-${Date.now().toString(36)}-${++run}`;

beforeAll(async () => {
  ids.anna = (await me(kring.url, sessions.anna)).user.id;
  ids.daan = (await me(kring.url, sessions.daan)).user.id;
  officer = await invitePerson(kring.url, sessions.admin, 'privacy', [], 'Priya Privacy');
  guest = await invitePerson(kring.url, sessions.admin, 'guest', [{ spaceId: 'noord', role: 'member' }], 'Gijs Gast');
  fatima = await invitePerson(kring.url, sessions.admin, 'client', [{ spaceId: 'clientenplein', role: 'member' }], 'Fatima El Amrani');
});

async function logOf(query: string, cookie = officer.cookie): Promise<OfficerAccessLogEntry[]> {
  const answer = await api<AccessLogAnswer>(kring.url, cookie, 'GET', `/api/access-log?${query}`);
  expect(answer.status).toBe(200);
  return answer.body.entries;
}

/** Waits until the log of `docName` holds `count` entries (a socket's write is noted once it is durable). */
function entriesOf(docName: string, count: number): Promise<OfficerAccessLogEntry[]> {
  return waitFor(async () => {
    const entries = await logOf(`document=${encodeURIComponent(docName)}`);
    return entries.length >= count && entries;
  }, `${count} access-log entries for ${docName}`);
}

async function batch(cookie: string, items: BatchRequestItem[]) {
  const response = await fetch(`${kring.url}/api/sync/batch`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/octet-stream' },
    body: encodeBatchRequest(items).slice().buffer,
  });
  expect(response.status).toBe(200);
  return decodeBatchResponse(new Uint8Array(await response.arrayBuffer()));
}

const summary = (entries: OfficerAccessLogEntry[]) => entries.map((e) => `${e.event}/${e.accessPoint}`).sort();

describe('the access log', () => {
  it('logs a socket read of a client-space document, its creation and its changes, with who and about which clients', async () => {
    const docName = fresh('clientenplein', 'page');
    const anna = await open(docName, sessions.anna);
    anna.doc.getText('body').insert(0, 'Afspraken met de bewoners');
    await waitForSaved(anna);
    anna.doc.getText('body').insert(0, 'Nieuw: ');
    await waitForSaved(anna);
    anna.doc.getText('body').insert(0, 'En nog iets. ');
    await waitForSaved(anna);
    const entries = await entriesOf(docName, 3);
    // One change however many writes that day: the document's own history has each one (api.md, history).
    expect(summary(entries)).toEqual(['change/socket', 'create/socket', 'read/socket']);
    for (const entry of entries) {
      expect(entry.actor).toEqual({ kind: 'person', id: ids.anna, name: 'Anna de Vries', role: 'employee' });
      expect(entry.clients.map((c) => c.id)).toEqual(expect.arrayContaining([ids.daan, fatima.id]));
      expect(entry.clients.map((c) => c.id)).not.toContain(ids.anna);
      expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
      expect(entry.at).toMatch(/Z$/);
      expect(entry.device).toMatch(/^[0-9a-f]{16}$/);
    }
    // Ids only in the database, never the content: the page's text is nowhere in the answer.
    expect(JSON.stringify(entries)).not.toContain('Afspraken');
  });

  it('keeps one read per person, document and day under repeated background sync (batch and changes feed)', async () => {
    const docName = fresh('clientenplein', 'board');
    const doc = new Y.Doc();
    doc.getMap('kaarten').set('a', 'Wandelgroep');
    const first = await batch(sessions.anna, [{ docName, stateVector: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) }]);
    expect(first[0].status).toBe('ok');
    for (let round = 0; round < 10; round++) {
      doc.getMap('kaarten').set(`ronde-${round}`, 'x');
      await batch(sessions.anna, [{ docName, stateVector: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) }]);
      await batch(sessions.anna, [{ docName, stateVector: Y.encodeStateVector(doc), update: new Uint8Array() }]);
      expect((await fetch(`${kring.url}/api/sync/changes?since=0`, { headers: { cookie: sessions.anna } })).status).toBe(200);
    }
    const entries = await entriesOf(docName, 4);
    expect(summary(entries)).toEqual(['change/batch', 'create/batch', 'read/batch', 'search/changes']);
  });

  it('logs the APIs that answer with client-related data: a document history and the members of a client space', async () => {
    const docName = fresh('clientenplein', 'feed');
    expect((await api(kring.url, sessions.anna, 'GET', `/api/documents/history?name=${encodeURIComponent(docName)}`)).status).toBe(200);
    expect((await api(kring.url, sessions.anna, 'GET', '/api/spaces/clientenplein/members')).status).toBe(200);
    expect(summary(await entriesOf(docName, 1))).toEqual(['read/api']);
    const members = await entriesOf('clientenplein/members', 1);
    expect(members.find((e) => e.actor.kind === 'person' && e.actor.id === ids.anna)).toMatchObject({ event: 'read', accessPoint: 'api' });
  });

  it('leaves no trace of team-space documents: they are not client-related', async () => {
    const docName = fresh('noord', 'page');
    const anna = await open(docName, sessions.anna);
    anna.doc.getText('body').insert(0, 'Roosters');
    await waitForSaved(anna);
    expect((await api(kring.url, sessions.anna, 'GET', '/api/spaces/noord/members')).status).toBe(200);
    // A client-space read after them: once it is in, the team-space ones would have been too.
    const marker = fresh('clientenplein', 'page');
    await open(marker, sessions.anna);
    await entriesOf(marker, 1);
    const annas = await logOf(`person=${ids.anna}`);
    expect(annas.filter((e) => e.document.startsWith('noord/'))).toEqual([]);
  });

  it("logs a conversation with a client like a client space (who read it, about which client), and leaves staff's own conversations out", async () => {
    const month = chatDocId(new Date());
    const direct = (cookie: string, personId: string) => api<{ conversation: { id: string } }>(kring.url, cookie, 'POST', '/api/conversations/direct', { personId });
    const withClient = await direct(sessions.daan, ids.anna);
    expect(withClient.status).toBe(200);
    const clientChat = `${withClient.body.conversation.id}/chat/${month}`;
    const daan = await open(clientChat, sessions.daan);
    sendMessage(daan.doc, { authorId: ids.daan, authorName: 'Daan Bakker', text: 'Kan mijn afspraak van donderdag later?' });
    await waitForSaved(daan);
    await open(clientChat, sessions.anna);
    const entries = await entriesOf(clientChat, 3);
    const annasRead = entries.find((e) => e.actor.kind === 'person' && e.actor.id === ids.anna);
    expect(annasRead).toMatchObject({ event: 'read', accessPoint: 'socket' });
    expect(annasRead!.clients.map((c) => c.id)).toEqual([ids.daan]);
    expect(JSON.stringify(entries)).not.toContain('afspraak');

    const bram = (await me(kring.url, sessions.bram)).user.id;
    const staffOnly = await direct(sessions.anna, bram);
    expect(staffOnly.status).toBe(200);
    const staffChat = `${staffOnly.body.conversation.id}/chat/${month}`;
    const anna = await open(staffChat, sessions.anna);
    sendMessage(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Ruil je zaterdag met mij?' });
    await waitForSaved(anna);
    await open(staffChat, sessions.bram);
    // A client-space read after them: once it is in, the staff conversation's would have been too.
    const marker = fresh('clientenplein', 'page');
    await open(marker, sessions.anna);
    await entriesOf(marker, 1);
    expect(await logOf(`document=${encodeURIComponent(staffChat)}`)).toEqual([]);
  });

  it('refuses the log to every role but the privacy officer (raw HTTP), and to no one signed in', async () => {
    const paths = [`/api/access-log?person=${ids.daan}`, '/api/access-log?document=clientenplein/feed/x', `/api/access-log?person=${ids.daan}&format=csv`];
    for (const [role, cookie] of Object.entries({ employee: sessions.anna, client: sessions.daan, editor: sessions.eva, admin: sessions.admin, guest: guest.cookie })) {
      for (const path of paths) {
        const response = await fetch(`${kring.url}${path}`, { headers: { cookie } });
        expect(response.status, `${role} ${path}`).toBe(403);
        expect(await response.text(), role).not.toContain(ids.anna);
      }
    }
    for (const path of paths) expect((await fetch(`${kring.url}${path}`)).status).toBe(401);
  });

  it('refuses queries that are not exactly one document or one person', async () => {
    for (const query of ['', `document=clientenplein/feed/x&person=${ids.daan}`, 'person=../../etc', 'document=x', `person=${'a'.repeat(65)}`, `person=${ids.daan}&format=xml`]) {
      const response = await api<{ error: { code: string } }>(kring.url, officer.cookie, 'GET', `/api/access-log?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
    }
  });

  it("answers the officer's question about a client, as JSON and as CSV", async () => {
    const docName = fresh('clientenplein', 'chat');
    await open(docName, sessions.anna);
    await entriesOf(docName, 1);
    const aboutDaan = await logOf(`person=${ids.daan}`);
    expect(aboutDaan.find((e) => e.document === docName)).toMatchObject({ event: 'read', accessPoint: 'socket', actor: { kind: 'person', name: 'Anna de Vries' } });
    const csv = await fetch(`${kring.url}/api/access-log?person=${ids.daan}&format=csv`, { headers: { cookie: officer.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('"at","event","actor_id","actor_name","actor_role","document","access_point","device","on_behalf_of","client_id","client_name"');
    expect(lines.some((line) => line.includes(`"read","${ids.anna}","Anna de Vries","employee","${docName}","socket"`) && line.includes(`"${ids.daan}","Daan Bakker"`))).toBe(true);
  });

  it('shows a client who read their information: staff by name and function, other clients only as a member of the space', async () => {
    const docName = fresh('clientenplein', 'page');
    await open(docName, sessions.anna);
    await open(docName, fatima.cookie);
    await open(docName, sessions.daan);
    await entriesOf(docName, 3);
    const answer = await api<MyAccessLogAnswer>(kring.url, sessions.daan, 'GET', '/api/me/access-log');
    expect(answer.status).toBe(200);
    const mine = answer.body.entries.filter((e) => e.document === docName);
    expect(mine).toHaveLength(2);
    expect(mine).toContainEqual(expect.objectContaining({ event: 'read', accessPoint: 'socket', actor: { kind: 'staff', name: 'Anna de Vries', role: 'employee' } }));
    expect(mine).toContainEqual(expect.objectContaining({ event: 'read', actor: { kind: 'client', space: 'Cliëntenplein' } }));
    // Who the other client is stays theirs: neither name nor id; and Daan's own reads are not shown to him.
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain('Fatima');
    expect(text).not.toContain(fatima.id);
    expect(text).not.toContain(ids.anna);
    // Staff have no such overview of themselves (they are not clients); nobody signed in gets 401.
    expect((await api<MyAccessLogAnswer>(kring.url, sessions.anna, 'GET', '/api/me/access-log')).body.entries).toEqual([]);
    expect((await api(kring.url, '', 'GET', '/api/me/access-log')).status).toBe(401);
  });

  it("logs the server's own writes to a client space as the system's (the demo's feed), and shows them to the client", async () => {
    const aboutDaan = await logOf(`person=${ids.daan}`);
    expect(aboutDaan).toContainEqual(expect.objectContaining({ actor: { kind: 'system' }, event: 'create', accessPoint: 'server', document: expect.stringMatching(/^clientenplein\/feed\//) }));
    const mine = await api<MyAccessLogAnswer>(kring.url, sessions.daan, 'GET', '/api/me/access-log');
    expect(mine.body.entries).toContainEqual(expect.objectContaining({ actor: { kind: 'system' }, event: 'create', accessPoint: 'server' }));
  });

  it("the verify command finds this run's chain intact", () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'packages/server/src/access-log/verify.ts'), join(kring.dataDir, 'kring.sqlite')], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/^Access log intact: \d+ rows checked\.$/m);
    expect(result.status).toBe(0);
  });
});
