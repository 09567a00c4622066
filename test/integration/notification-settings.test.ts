/**
 * What a person chose to hear about, over the wire: a topic off on one channel (the phone, the inbox) and a muted
 * space, with the push service on this machine (test/support/push-endpoint.ts) as Bram's phone. The settings are
 * the person's own; a space they are not in cannot be muted; hostile bodies are refused. A person is offered only
 * the topics that can reach them: a client all (he can be put on a card, and is), a guest no news submissions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { NotificationPage, NotificationSettings } from '../../packages/contract/src/index.ts';
import { addAssignee, addCard, addColumn, addComment, chatDocId, createPost, sendMessage } from '../../packages/shapes/src/index.ts';
import { api, invitePerson } from './admin-support.ts';
import { useClients } from '../support/clients.ts';
import { startPushEndpoint, type PushDevice, type PushEndpoint } from '../support/push-endpoint.ts';
import { waitForSaved } from '../support/providers.ts';
import { login, me, useKring, useSessions, type KringOptions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

describe('notification settings', () => {
  const options: KringOptions & { env: Record<string, string> } = { env: {} };
  let service: PushEndpoint;
  beforeAll(async () => {
    service = await startPushEndpoint();
    options.env.PUSH_ENDPOINT_ORIGINS = service.origin;
    return () => service.close();
  });
  const kring = useKring(options);
  const sessions = useSessions(kring, ['anna', 'bram', 'admin']);
  const { open } = useClients(kring);
  const ids = { anna: '', bram: '' };
  let phone: PushDevice;
  let conversationId = '';
  beforeAll(async () => {
    for (const name of ['anna', 'bram'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
    expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${ids.bram}`, { role: 'member' })).status).toBe(200);
    // Quiet hours off: this test hears its pushes at any hour.
    expect((await api(kring.url, sessions.bram, 'PUT', '/api/push/settings', { quietHours: { on: false, from: '22:00', until: '07:00' } })).status).toBe(200);
    phone = service.device();
    expect((await api(kring.url, sessions.bram, 'POST', '/api/push/subscriptions', phone.subscription)).status).toBe(204);
    const created = await api<{ conversation: { id: string } }>(kring.url, sessions.anna, 'POST', '/api/conversations/groups', { name: 'Overdracht', memberIds: [ids.bram] });
    expect(created.status).toBe(201);
    conversationId = created.body.conversation.id;
  });

  const settings = (cookie: string) => api<NotificationSettings>(kring.url, cookie, 'GET', '/api/notifications/settings');
  const change = (cookie: string, body: unknown) => api<NotificationSettings & { error?: { code: string } }>(kring.url, cookie, 'PUT', '/api/notifications/settings', body);
  const inbox = async () => (await api<NotificationPage>(kring.url, sessions.bram, 'GET', '/api/notifications')).body.notifications;
  const kinds = async () => (await inbox()).map((n) => n.kind);
  const count = async (kind: string) => (await kinds()).filter((k) => k === kind).length;

  let month = 0;
  /** Anna names Bram in a fresh post in Noord. */
  const annaMentionsBram = async () => {
    const anna = await open(`noord/feed/2043-${String(++month).padStart(2, '0')}`, sessions.anna);
    createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: '@Bram de sleutel ligt bij de receptie', mentions: [{ userId: ids.bram, name: 'Bram' }] });
    await waitForSaved(anna);
  };
  /** Anna writes in their conversation: a chat message Bram is told of (he does not have it open). */
  const annaWrites = async (text: string) => {
    const anna = await open(`${conversationId}/chat/${chatDocId(new Date())}`, sessions.anna);
    sendMessage(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text });
    await waitForSaved(anna);
    // Bram reads it, so the next message makes a new row (and a new push).
    await waitFor(async () => (await inbox()).find((n) => n.kind === 'chat-message' && !n.read), "Bram's chat row");
    expect((await api(kring.url, sessions.bram, 'POST', '/api/notifications/read', { all: true })).status).toBe(200);
  };
  /** Long enough for a push that was going to be sent to arrive. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

  it("are the person's own, everything on until they choose; hostile bodies and spaces they are not in are refused", async () => {
    const initial = await settings(sessions.bram);
    expect(initial.status).toBe(200);
    expect(initial.body.mutedSpaces).toEqual([]);
    expect(Object.values(initial.body.topics).every((choice) => choice.inbox && choice.push && choice.email)).toBe(true);
    expect((await fetch(`${kring.url}/api/notifications/settings`)).status).toBe(401);
    expect((await fetch(`${kring.url}/api/notifications/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);

    for (const bad of [
      { topics: { mentions: { inbox: 'nee', push: true, email: true } } },
      { topics: { roddels: { inbox: false, push: false, email: false } } },
      { topics: { mentions: { inbox: false } } },
      { mutedSpaces: 'noord' },
      { mutedSpaces: Array.from({ length: 501 }, (_, i) => `s${i}`) },
      'alles uit',
    ]) {
      const refused = await change(sessions.bram, bad);
      expect(refused.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
    }
    // Bram is not in Cliëntenplein; a conversation is muted in the chat, not here.
    for (const space of ['clientenplein', 'bestaat-niet', conversationId]) {
      const refused = await change(sessions.bram, { mutedSpaces: [space] });
      expect(refused.status).toBe(400);
      expect(refused.body.error?.code).toBe('unknown_space');
    }
    // From another site's page: refused before any handler.
    const foreign = await fetch(`${kring.url}/api/notifications/settings`, {
      method: 'PUT',
      headers: { cookie: sessions.bram, origin: 'https://elders.example', 'content-type': 'application/json' },
      body: JSON.stringify({ mutedSpaces: ['noord'] }),
    });
    expect(foreign.status).toBe(403);

    // Anna's choice changes nothing of Bram's.
    expect((await change(sessions.anna, { topics: { chat: { inbox: false, push: false, email: false } }, mutedSpaces: ['noord'] })).status).toBe(200);
    expect((await settings(sessions.bram)).body).toEqual(initial.body);
    expect((await change(sessions.anna, { topics: { chat: { inbox: true, push: true, email: true } }, mutedSpaces: [] })).status).toBe(200);
  });

  it('a topic off on the phone: the mention is in the inbox and not pushed, while a chat message still is', async () => {
    const changed = await change(sessions.bram, { topics: { mentions: { inbox: true, push: false, email: true } } });
    expect(changed.body.topics.mentions).toEqual({ inbox: true, push: false, email: true });
    const mentions = await count('mention');
    const pushed = phone.received.length;
    await annaMentionsBram();
    await waitFor(async () => (await count('mention')) === mentions + 1, "the mention in Bram's inbox");
    await annaWrites('Meneer Pieters belt om drie uur');
    await waitFor(() => phone.received.length > pushed, "the chat message's push");
    await settle();
    expect((phone.received.slice(pushed) as { kind: string }[]).map((p) => p.kind)).toEqual(['chat-message']);
  });

  it('a topic off in the inbox: no notification at all, nor a push', async () => {
    expect((await change(sessions.bram, { topics: { mentions: { inbox: false, push: true, email: true } } })).status).toBe(200);
    const mentions = await count('mention');
    const pushed = phone.received.length;
    await annaMentionsBram();
    // A chat message after it: once its row is there, the mention's turn has passed (they are stored in order).
    await annaWrites('De sleutel ligt weer in het kastje');
    await settle();
    expect(await count('mention')).toBe(mentions);
    expect((phone.received.slice(pushed) as { kind: string }[]).map((p) => p.kind)).toEqual(['chat-message']);
    expect((await change(sessions.bram, { topics: { mentions: { inbox: true, push: true, email: true } } })).status).toBe(200);
  });

  it('a muted space: a reply from it stays away, a mention by name still comes; unmuted, replies come again', async () => {
    const bram = await open('noord/feed/2044-01', sessions.bram);
    const postId = createPost(bram.doc, { authorId: ids.bram, authorName: 'Bram Jansen', text: 'Wie neemt zaterdag de late dienst?' });
    await waitForSaved(bram);
    expect((await change(sessions.bram, { mutedSpaces: ['noord'] })).body.mutedSpaces).toEqual(['noord']);

    const anna = await open('noord/feed/2044-01', sessions.anna);
    await waitFor(() => anna.doc.getMap('posts').has(postId), "Bram's post on Anna's side");
    const [replies, mentions] = [await count('reply'), await count('mention')];
    addComment(anna.doc, postId, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Ik kan niet, sorry' });
    await waitForSaved(anna);
    addComment(anna.doc, postId, { authorId: ids.anna, authorName: 'Anna de Vries', text: '@Bram vraag het Eva', mentions: [{ userId: ids.bram, name: 'Bram' }] });
    await waitForSaved(anna);
    await waitFor(async () => (await count('mention')) === mentions + 1, 'the mention from the muted space');
    // The mention comment is a reply too; neither reply came (they are stored in order, the first before the mention).
    expect(await count('reply')).toBe(replies);

    expect((await change(sessions.bram, { mutedSpaces: [] })).body.mutedSpaces).toEqual([]);
    addComment(anna.doc, postId, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Eva kan wel' });
    await waitForSaved(anna);
    await waitFor(async () => (await count('reply')) === replies + 1, 'a reply once unmuted');
  });
  it('offers a person only the topics that can reach them: a client every one, a guest none of news submissions', async () => {
    // Daan, a client, is put on a card of Cliëntenplein's board by Anna, and is told: so cards stay among his topics.
    const daan = await login(kring.url, 'daan@kring.test');
    const daanId = (await me(kring.url, daan)).user.id;
    const board = await open('clientenplein/board/samen-koken', sessions.anna);
    const card = addCard(board.doc, addColumn(board.doc, 'Te doen'), { title: 'Boodschappen voor het koken' });
    addAssignee(board.doc, card, { id: daanId, name: 'Daan Bakker' }, ids.anna);
    await waitForSaved(board);
    await waitFor(async () => (await api<NotificationPage>(kring.url, daan, 'GET', '/api/notifications')).body.notifications.some((n) => n.kind === 'card-assigned'), "Daan's card");
    const client = await settings(daan);
    expect(Object.keys(client.body.topics)).toEqual(['mentions', 'replies', 'cards', 'protocols', 'activities', 'my-news', 'news', 'chat', 'desk']);

    // A guest submits no news, so has no choice about their own news submissions; nor may set one.
    const guest = await invitePerson(kring.url, sessions.admin, 'guest', [{ spaceId: 'noord', role: 'member' }], 'Gijs Gast');
    const offered = await settings(guest.cookie);
    expect(Object.keys(offered.body.topics)).toEqual(['mentions', 'replies', 'cards', 'protocols', 'activities', 'news', 'chat', 'desk']);
    const refused = await change(guest.cookie, { topics: { 'my-news': { inbox: false, push: false, email: false }, news: { inbox: false, push: false, email: false } } });
    expect([refused.status, refused.body.error?.code]).toEqual([400, 'bad_request']);
    expect((await settings(guest.cookie)).body).toEqual(offered.body);
    expect((await change(guest.cookie, { topics: { news: { inbox: true, push: false, email: true } } })).body.topics).toEqual({ ...offered.body.topics, news: { inbox: true, push: false, email: true } });
  });
});
