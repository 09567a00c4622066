/**
 * Features per space: an owner or an administrator switches feed, wiki, boards, chat, polls and activities on or
 * off; what is off is refused by the server (sockets, batch, activity endpoints) and listed in GET /api/me.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeBatchResponse, encodeBatchRequest, isCoveredBy } from '../../packages/protocol/src/index.ts';
import { createPost, listMessages, listPosts, sendMessage } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { health, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api, invitePerson, observeSocket } from './admin-support.ts';

const CLOSE_FORBIDDEN = 4403;
const ALL = ['feed', 'wiki', 'boards', 'chat', 'polls', 'activities'];

interface FeaturesAnswer {
  spaceId: string;
  features: Record<string, boolean>;
  canManage: boolean;
}

describe('features per space', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'admin', 'daan']);
  const { syncingSocket } = useClients(kring);
  const setFeatures = (cookie: string, spaceId: string, features: Record<string, unknown>) =>
    api<FeaturesAnswer>(kring.url, cookie, 'PUT', `/api/spaces/${spaceId}/features`, { features });
  const featuresInMe = async (cookie: string, spaceId: string) =>
    ((await me(kring.url, cookie)).spaces.find((s) => s.id === spaceId) as unknown as { features: string[] }).features;


  it('starts with every feature on, and GET /api/me lists each space with its features', async () => {
    for (const space of (await me(kring.url, sessions.anna)).spaces) expect((space as unknown as { features: string[] }).features, space.id).toEqual(ALL);
    const answer = await api<FeaturesAnswer>(kring.url, sessions.anna, 'GET', '/api/spaces/noord/features');
    expect(answer.body).toEqual({ spaceId: 'noord', features: Object.fromEntries(ALL.map((f) => [f, true])), canManage: true });
  });

  it('an owner switches chat off: open chat sockets close with 4403, new ones and the batch are refused, the rest works', async () => {
    const chat = await openSynced(kring.url, 'noord/chat/overdracht', sessions.anna);
    const annaId = (await me(kring.url, sessions.anna)).user.id;
    sendMessage(chat.doc, { authorId: annaId, authorName: 'Anna de Vries', text: 'Mevrouw Pietersen heeft vandaag geen ontbijt gehad.' });
    await waitForSaved(chat);
    chat.destroy();
    const open = await syncingSocket('noord/chat/overdracht', sessions.anna);

    const answer = await setFeatures(sessions.anna, 'noord', { chat: false });
    expect(answer.status).toBe(200);
    expect(answer.body.features.chat).toBe(false);
    expect((await open.waitForClose()).code).toBe(CLOSE_FORBIDDEN);
    expect((await observeSocket(kring.url, sessions.anna, 'noord/chat/overdracht', 'x')).access).toBe('none');
    expect((await observeSocket(kring.url, sessions.anna, 'noord/feed/2026-11', 'feed')).access).toBe('write');
    const body = encodeBatchRequest([{ docName: 'noord/chat/overdracht', stateVector: new Uint8Array([0]), update: new Uint8Array() }]);
    const response = await fetch(`${kring.url}/api/sync/batch`, { method: 'POST', headers: { cookie: sessions.anna, 'content-type': 'application/octet-stream' }, body: body.slice().buffer });
    expect(decodeBatchResponse(new Uint8Array(await response.arrayBuffer())).map((item) => item.status)).toEqual(['forbidden']);
    expect(await featuresInMe(sessions.anna, 'noord')).toEqual(ALL.filter((f) => f !== 'chat'));

    // On again: the chat is back as it was.
    expect((await setFeatures(sessions.anna, 'noord', { chat: true })).body.features.chat).toBe(true);
    const again = await openSynced(kring.url, 'noord/chat/overdracht', sessions.anna, new Y.Doc());
    expect(listMessages(again.doc).map((message) => message.text)).toEqual(['Mevrouw Pietersen heeft vandaag geen ontbijt gehad.']);
    again.destroy();
    const audit = await api<{ entries: { action: string; subject: string; detail: unknown }[] }>(kring.url, sessions.admin, 'GET', '/api/admin/audit');
    expect(audit.body.entries.filter((e) => e.action === 'space.features' && e.subject === 'noord').map((e) => e.detail)).toEqual([{ chat: true }, { chat: false }]);
  });

  it('with the wiki off, pages are refused but the space index stays readable', async () => {
    await setFeatures(sessions.anna, 'noord', { wiki: false });
    expect((await observeSocket(kring.url, sessions.anna, 'noord/page/valpreventie', 'x')).access).toBe('none');
    expect((await observeSocket(kring.url, sessions.anna, 'noord/index/main', 'x')).access).toBe('write');
    await setFeatures(sessions.anna, 'noord', { wiki: true });
    expect((await observeSocket(kring.url, sessions.anna, 'noord/page/valpreventie', 'x')).access).toBe('write');
  });

  it('only owners and administrators switch features', async () => {
    const member = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Gewoon Lid');
    const read = await api<FeaturesAnswer>(kring.url, member.cookie, 'GET', '/api/spaces/noord/features');
    expect(read.body.canManage).toBe(false);
    const refused = await setFeatures(member.cookie, 'noord', { boards: false });
    expect(refused.status).toBe(403);
    // A space the person cannot see answers as if it did not exist.
    expect((await setFeatures(sessions.daan, 'noord', { boards: false })).status).toBe(404);
    expect((await api(kring.url, sessions.daan, 'GET', '/api/spaces/noord/features')).status).toBe(404);
    expect((await setFeatures(sessions.anna, 'noord', { koffie: false })).status).toBe(400);
    expect((await setFeatures(sessions.anna, 'noord', { boards: 'nee' })).status).toBe(400);
    expect(await featuresInMe(sessions.anna, 'noord')).toEqual(ALL);
    // The administrator manages a team space without being a member of it.
    expect((await setFeatures(sessions.admin, 'noord', { boards: false })).status).toBe(200);
    expect((await observeSocket(kring.url, sessions.anna, 'noord/board/planning', 'x')).access).toBe('none');
    expect((await setFeatures(sessions.admin, 'noord', { boards: true })).status).toBe(200);
  });

  it('with activities off, the activity endpoints answer as if there were none', async () => {
    const created = await api<{ activity: { id: string } }>(kring.url, sessions.anna, 'POST', '/api/activities', {
      spaceId: 'clientenplein',
      title: 'Bingo',
      startsAt: new Date(Date.now() + 48 * 3600_000).toISOString(),
      capacity: 10,
    });
    expect(created.status).toBe(201);
    expect((await setFeatures(sessions.admin, 'clientenplein', { activities: false })).status).toBe(200);
    expect((await api(kring.url, sessions.daan, 'GET', '/api/activities?spaceId=clientenplein')).status).toBe(404);
    expect((await api(kring.url, sessions.daan, 'POST', `/api/activities/${created.body.activity.id}/signup`, { requestId: 'bingo-daan-1' })).status).toBe(404);
    expect(await featuresInMe(sessions.daan, 'clientenplein')).toEqual(ALL.filter((f) => f !== 'activities'));
    await setFeatures(sessions.admin, 'clientenplein', { activities: true });
    expect((await api(kring.url, sessions.daan, 'POST', `/api/activities/${created.body.activity.id}/signup`, { requestId: 'bingo-daan-1' })).status).toBe(201);
  });

  it('with polls off the server refuses a new poll (socket and batch) but takes plain posts; the refused one arrives once polls are on', async () => {
    const feed = 'noord/feed/2020-01';
    const postsOnServer = async () => {
      const reader = await openSynced(kring.url, feed, sessions.anna);
      try {
        return listPosts(reader.doc).map((post) => [post.text, post.poll !== null]);
      } finally {
        reader.destroy();
      }
    };
    await setFeatures(sessions.anna, 'noord', { polls: false });
    expect(await featuresInMe(sessions.anna, 'noord')).toEqual(ALL.filter((f) => f !== 'polls'));
    const refusedBefore = (await health(kring.url)).sync.changesRefused;
    // Posts carry their author as the session vouches for it (see feed-authorship.test.ts).
    const anna = { authorId: (await me(kring.url, sessions.anna)).user.id, authorName: 'Anna de Vries' };

    // Over a socket: a plain post is stored, a poll is not (and the open feed stays open: posting goes on).
    const provider = await openSynced(kring.url, feed, sessions.anna);
    createPost(provider.doc, { ...anna, text: 'Gewoon een bericht' });
    await waitForSaved(provider);
    createPost(provider.doc, { ...anna, text: 'Peiling: welke dag?', poll: { options: ['Maandag', 'Dinsdag'] } });
    await waitFor(async () => ((await health(kring.url)).sync.changesRefused > refusedBefore ? true : undefined), 'the poll to be refused');
    expect(await postsOnServer()).toEqual([['Gewoon een bericht', false]]);

    // Over the batch: the same.
    const other = new Y.Doc();
    createPost(other, { ...anna, text: 'Peiling via de batch', poll: { options: ['Ja', 'Nee'] } });
    const body = encodeBatchRequest([{ docName: feed, stateVector: Y.encodeStateVector(other), update: Y.encodeStateAsUpdate(other) }]);
    const answer = await fetch(`${kring.url}/api/sync/batch`, { method: 'POST', headers: { cookie: sessions.anna, 'content-type': 'application/octet-stream' }, body: body.slice().buffer });
    const [item] = decodeBatchResponse(new Uint8Array(await answer.arrayBuffer()));
    // The device hears why (so Kring's own device drops the poll; this raw one keeps it for the end of the test).
    expect(item).toMatchObject({ status: 'refused', refusal: 'switched-off' });
    expect(isCoveredBy(Y.encodeStateVector(other), item!.saved)).toBe(false);
    expect(await postsOnServer()).toEqual([['Gewoon een bericht', false]]);
    expect((await health(kring.url)).sync.changesRefused).toBe(refusedBefore + 2);

    // Polls on again: the device that kept its poll sends it at its next sync, nothing was lost.
    await setFeatures(sessions.anna, 'noord', { polls: true });
    provider.disconnect();
    provider.connect();
    await waitFor(async () => ((await postsOnServer()).length === 2 ? true : undefined), 'the kept poll to arrive');
    expect((await postsOnServer()).sort()).toEqual([
      ['Gewoon een bericht', false],
      ['Peiling: welke dag?', true],
    ]);
    provider.destroy();
  });
});
