/**
 * The privacy officer erases a person (AVG art. 17). Bram is made privacy officer; Daan (a client) wrote a post, a
 * comment, a like and a vote in the Cliëntenplein. Nobody but the privacy officer may erase or even list people
 * for it (raw HTTP, and never from another site); once Bram erased Daan, Daan's content and id are gone from what
 * the server sends and from the database files, his name is replaced and his session has ended. His photos go too:
 * the one in his post, one he uploaded but never posted, and his profile photo.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatchResponse, encodeBatchRequest } from '../../packages/protocol/src/index.ts';
import { addComment, chatDocId, createPost, fileId, getPost, listComments, listMessages, listPosts, sendMessage, setLike, vote } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { phonePhoto } from '../support/pictures.ts';
import { waitForSaved } from '../support/providers.ts';
import { login, me, useKring, useSessions } from '../support/server.ts';

const SECRET = '123456782';
const docName = 'clientenplein/feed/2042-03';

describe('erasing a person', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'daan', 'admin', 'bram']);
  const { open } = useClients(kring);
  const ids = { anna: '', daan: '', bram: '' };
  let officer = '';
  let annasPost = '';
  let daansPhoto = '';
  let chatDoc = '';

  const erase = (cookie: string, personId: string, headers: Record<string, string> = {}) =>
    fetch(`${kring.url}/api/privacy/erasures`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ personId }) });

  beforeAll(async () => {
    for (const name of ['anna', 'daan', 'bram'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
    const made = await fetch(`${kring.url}/api/admin/people/${ids.bram}`, {
      method: 'PATCH',
      headers: { cookie: sessions.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'privacy' }),
    });
    expect(made.status).toBe(200);
    officer = await login(kring.url, 'bram@kring.test');

    const anna = await open(docName, sessions.anna);
    annasPost = createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Koffie om tien uur?', poll: { options: ['ja', 'nee'] } });
    await waitForSaved(anna);
    const daan = await open(docName, sessions.daan);
    const daanAs = { authorId: ids.daan, authorName: 'Daan Bakker' };
    for (const [document, key] of [[docName, 'in-post'], ['clientenplein/feed/2042-04', 'never-posted']]) {
      const uploaded = await fetch(`${kring.url}/api/files?${new URLSearchParams({ document, key })}`, {
        method: 'POST',
        headers: { cookie: sessions.daan, 'content-type': 'image/jpeg' },
        body: (await phonePhoto()).slice().buffer,
      });
      expect(uploaded.status).toBe(201);
    }
    const face = await fetch(`${kring.url}/api/me/photo`, { method: 'PUT', headers: { cookie: sessions.daan, 'content-type': 'image/jpeg' }, body: (await phonePhoto()).slice().buffer });
    expect(face.status).toBe(200);
    daansPhoto = ((await face.json()) as { profile: { photo: string } }).profile.photo;
    createPost(daan.doc, { ...daanAs, text: `Mijn BSN is ${SECRET}`, pictures: ['in-post'] });
    addComment(daan.doc, annasPost, { ...daanAs, text: `Ik kom, BSN ${SECRET}` });
    setLike(daan.doc, annasPost, ids.daan, true);
    vote(daan.doc, annasPost, ids.daan, getPost(daan.doc, annasPost)!.poll!.options[0].id);
    await waitForSaved(daan);

    // And a chat message to Anna, his care worker, with the same secret.
    const started = await fetch(`${kring.url}/api/conversations/direct`, { method: 'POST', headers: { cookie: sessions.daan, 'content-type': 'application/json' }, body: JSON.stringify({ personId: ids.anna }) });
    expect(started.status).toBe(200);
    chatDoc = `${((await started.json()) as { conversation: { id: string } }).conversation.id}/chat/${chatDocId(new Date())}`;
    const chat = await open(chatDoc, sessions.daan);
    sendMessage(chat.doc, { ...daanAs, text: `Mijn BSN is ${SECRET}, kunt u dat doorgeven?` });
    sendMessage(chat.doc, { authorId: ids.daan, authorName: 'Daan Bakker', text: 'Dank u wel.' });
    await waitForSaved(chat);
  });

  it('refuses everyone but the privacy officer, and the officer from another site', async () => {
    for (const cookie of [sessions.anna, sessions.daan, sessions.admin]) {
      expect((await erase(cookie, ids.daan)).status).toBe(403);
      expect((await fetch(`${kring.url}/api/privacy/people`, { headers: { cookie } })).status).toBe(403);
    }
    expect((await erase('', ids.daan)).status).toBe(401);
    expect((await erase(officer, ids.daan, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await erase(officer, ids.daan, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // Nothing happened: Daan is still there.
    expect((await me(kring.url, sessions.daan)).user.id).toBe(ids.daan);
    const people = await fetch(`${kring.url}/api/privacy/people`, { headers: { cookie: officer } });
    expect(people.status).toBe(200);
    expect(((await people.json()) as { people: { id: string; name: string }[] }).people).toContainEqual(expect.objectContaining({ id: ids.daan, name: 'Daan Bakker' }));
  });

  it("erases Daan's posts, comments, likes and votes, his name and his session", async () => {
    const response = await erase(officer, ids.daan);
    expect(response.status).toBe(200);
    // The demo's feeds hold more of Daan than this test wrote: each count is at least this test's one.
    const { erasure } = (await response.json()) as { erasure: Record<string, unknown> };
    expect(erasure.personId).toBe(ids.daan);
    for (const part of ['posts', 'comments', 'likes', 'votes']) expect(erasure[part], part).toBeGreaterThanOrEqual(1);
    expect(erasure.messages).toBe(2);

    expect((await fetch(`${kring.url}/api/me`, { headers: { cookie: sessions.daan } })).status).toBe(401);
    expect((await fetch(`${kring.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'daan@kring.test', password: 'x' }) })).status).not.toBe(200);
    const people = (await (await fetch(`${kring.url}/api/privacy/people`, { headers: { cookie: officer } })).json()) as { people: { id: string; name: string }[] };
    expect(people.people.find((person) => person.id === ids.daan)?.name).toBe('Verwijderde persoon');
    expect(JSON.stringify(people)).not.toContain('Daan Bakker');

    const audit = await fetch(`${kring.url}/api/admin/audit`, { headers: { cookie: sessions.admin } });
    expect(JSON.stringify(await audit.json())).toMatch(new RegExp(`"action":"privacy.erase".*"subject":"${ids.daan}"|"subject":"${ids.daan}".*"action":"privacy.erase"`));
  });

  it('sends nothing of him afterwards: a fresh load, the batch, and the files on disk', async () => {
    const doc = (await open(docName, sessions.anna, new Y.Doc())).doc;
    expect(listPosts(doc).map((post) => post.authorId)).toEqual([ids.anna]);
    expect(listComments(doc, annasPost)).toEqual([]);
    expect(getPost(doc, annasPost)).toMatchObject({ likedBy: [], poll: { totalVotes: 0 } });
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    for (const trace of [SECRET, ids.daan, 'Daan Bakker']) expect(state.includes(trace), trace).toBe(false);

    const batch = await fetch(`${kring.url}/api/sync/batch`, {
      method: 'POST',
      headers: { cookie: sessions.anna, 'content-type': 'application/octet-stream' },
      body: encodeBatchRequest([{ docName, stateVector: Y.encodeStateVector(new Y.Doc()), update: new Uint8Array() }]).slice().buffer,
    });
    const body = new Uint8Array(await batch.arrayBuffer());
    expect(decodeBatchResponse(body)[0].status).toBe('ok');
    for (const trace of [SECRET, ids.daan, 'Daan Bakker']) expect(Buffer.from(body).includes(trace), trace).toBe(false);

    // The chat with Anna keeps her side only.
    const chat = (await open(chatDoc, sessions.anna, new Y.Doc())).doc;
    expect(listMessages(chat)).toEqual([]);
    expect(Buffer.from(Y.encodeStateAsUpdate(chat)).includes(SECRET)).toBe(false);

    expect((await fetch(`${kring.url}/api/people/${ids.daan}/photo`, { headers: { cookie: sessions.anna } })).status).toBe(404);
    for (const id of [fileId(ids.daan, docName, 'in-post'), fileId(ids.daan, 'clientenplein/feed/2042-04', 'never-posted'), daansPhoto]) {
      expect((await fetch(`${kring.url}/api/files/${id}`, { headers: { cookie: sessions.anna } })).status).toBe(404);
      expect(existsSync(join(kring.dataDir, 'files', id.slice(0, 2), id))).toBe(false);
    }

    const files = (await readdir(kring.dataDir)).filter((name) => name.startsWith('kring.sqlite'));
    for (const name of files) expect((await readFile(join(kring.dataDir, name))).includes(SECRET), name).toBe(false);
  });
});
