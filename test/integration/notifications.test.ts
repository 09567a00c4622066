/**
 * Notifications over the wire: Anna and Bram work in Buurtteam Noord (Bram added for these tests), Daan is a
 * client who cannot read it. What the server stored decides who hears what, never what a device says: a mention
 * reaches the mentioned reader and not the causer, nobody outside the space, at most 50 people; a reply reaches
 * the post's author, a card its assignee; a deleted post takes its notifications along, and someone removed from
 * the space no longer sees those about it.
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Notification, NotificationPage } from '../../packages/contract/src/index.ts';
import { decodeBatchResponse, encodeBatchRequest } from '../../packages/protocol/src/index.ts';
import { addAssignee, addCard, addColumn, addComment, chatDocId, createPost, deleteMessage, deletePost, handOverCard, sendMessage } from '../../packages/shapes/src/index.ts';
import { api } from './admin-support.ts';
import { useClients } from '../support/clients.ts';
import { syncUpdate } from '../support/messages.ts';
import { waitForSaved } from '../support/providers.ts';
import { health, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

describe('notifications', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'daan', 'admin']);
  const { open, syncingSocket } = useClients(kring);
  const ids = { anna: '', bram: '', daan: '' };
  beforeAll(async () => {
    for (const name of ['anna', 'bram', 'daan'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
    expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${ids.bram}`, { role: 'member' })).status).toBe(200);
  });

  let month = 0;
  const freshFeed = () => `noord/feed/2041-${String(++month).padStart(2, '0')}`;
  const inbox = async (cookie: string) => {
    const response = await api<NotificationPage>(kring.url, cookie, 'GET', '/api/notifications');
    expect(response.status).toBe(200);
    return response.body;
  };
  /** The person's notifications about `docName` (other tests' stay out of the way). */
  const about = async (cookie: string, docName: string): Promise<Notification[]> => {
    const space = docName.split('/')[0];
    const spaceNotifications = (await inbox(cookie)).notifications.filter((n) => n.spaceId === space);
    return spaceNotifications.filter((n) => seen.get(n.id) === docName || !seen.has(n.id));
  };
  // Ids already seen by earlier tests, with the document they were about: a test only counts its own.
  const seen = new Map<string, string>();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
  const mine = async (cookie: string, docName: string) => {
    const list = await about(cookie, docName);
    for (const n of list) seen.set(n.id, docName);
    return list;
  };
  const mention = (name: keyof typeof ids, label = name) => ({ userId: ids[name], name: label });

  it('tells someone named in a chat message, with the link to the message; nobody outside the conversation; and lets go when it is deleted', async () => {
    const started = await api<{ conversation: { id: string } }>(kring.url, sessions.anna, 'POST', '/api/conversations/direct', { personId: ids.bram });
    expect(started.status).toBe(200);
    const conversationId = started.body.conversation.id;
    const docName = `${conversationId}/chat/${chatDocId(new Date())}`;
    const anna = await open(docName, sessions.anna);
    const messageId = sendMessage(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: '@Bram neem jij de sleutel mee?', mentions: [mention('bram'), mention('anna'), mention('daan')] });
    await waitForSaved(anna);
    const forBram = async () => (await inbox(sessions.bram)).notifications.filter((n) => n.spaceId === conversationId);
    await waitFor(async () => (await forBram()).length === 1, "Bram's chat notification");
    expect((await forBram())[0]).toMatchObject({ kind: 'chat-mention', actorName: 'Anna de Vries', link: `/chat/${conversationId}#message-${messageId}` });
    await settle();
    // Daan is named but not in the conversation; Anna named herself.
    expect((await inbox(sessions.daan)).notifications.filter((n) => n.spaceId === conversationId)).toEqual([]);
    expect((await inbox(sessions.anna)).notifications.filter((n) => n.spaceId === conversationId)).toEqual([]);
    deleteMessage(anna.doc, messageId);
    await waitForSaved(anna);
    await waitFor(async () => (await forBram()).length === 0, "Bram's chat notification gone with the message");
  });

  it('tells the mentioned reader of a post, with the link to it; not the causer, not someone who cannot read the space', async () => {
    const docName = freshFeed();
    const anna = await open(docName, sessions.anna);
    const postId = createPost(anna.doc, {
      authorId: ids.anna,
      authorName: 'Anna de Vries',
      text: '@Bram kun jij morgen mijn vroege dienst overnemen?',
      mentions: [mention('bram'), mention('anna'), mention('daan')],
    });
    await waitForSaved(anna);
    await waitFor(async () => (await mine(sessions.bram, docName)).length === 1, "Bram's notification");
    const [note] = await mine(sessions.bram, docName);
    expect(note).toMatchObject({ kind: 'mention', read: false, actorName: 'Anna de Vries', spaceName: 'Buurtteam Noord', link: `/spaces/noord#post-${postId}` });
    expect(note.excerpt).toContain('vroege dienst');
    await settle();
    expect(await mine(sessions.anna, docName)).toEqual([]);
    expect((await inbox(sessions.daan)).notifications.filter((n) => n.spaceId === 'noord')).toEqual([]);
  });

  it('tells the author of a post of a reply, and deleting the post takes both notifications away', async () => {
    const docName = freshFeed();
    const anna = await open(docName, sessions.anna);
    const postId = createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Wie heeft de sleutel van de kast?', mentions: [mention('bram')] });
    await waitForSaved(anna);
    const bram = await open(docName, sessions.bram);
    const commentId = addComment(bram.doc, postId, { authorId: ids.bram, authorName: 'Bram Jansen', text: 'Die ligt bij de receptie.' });
    await waitForSaved(bram);
    await waitFor(async () => (await mine(sessions.anna, docName)).length === 1, "Anna's reply notification");
    expect((await mine(sessions.anna, docName))[0]).toMatchObject({ kind: 'reply', actorName: 'Bram Jansen', link: `/spaces/noord#comment-${commentId}` });
    await waitFor(async () => (await mine(sessions.bram, docName)).length === 1, "Bram's mention");
    deletePost(anna.doc, postId);
    await waitForSaved(anna);
    await waitFor(async () => (await mine(sessions.anna, docName)).length === 0 && (await mine(sessions.bram, docName)).length === 0, 'the notifications to go');
  });

  it('refuses a post forged in Anna\'s name by Bram, and nobody hears of it', async () => {
    const docName = freshFeed();
    const bram = await open(docName, sessions.bram);
    const before = (await health(kring.url)).sync.changesRefused;
    createPost(bram.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: '@Anna', mentions: [mention('anna')] });
    await waitFor(async () => (await health(kring.url)).sync.changesRefused > before, 'the refusal');
    await settle();
    expect(await mine(sessions.anna, docName)).toEqual([]);
  });

  it('tells at most 50 people of one post, even when a raw client lists more', async () => {
    const docName = freshFeed();
    const anna = await open(docName, sessions.anna);
    createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'iedereen' });
    const post = anna.doc.getMap('posts').values().next().value as Y.Map<unknown>;
    // Bram is the 51st: past the cap, so he hears nothing.
    const made = Array.from({ length: 50 }, (_, i) => ({ userId: `niemand-${i}`, name: `${i}` }));
    post.set('mentions', [...made, mention('bram')]);
    await waitForSaved(anna);
    await settle();
    expect(await mine(sessions.bram, docName)).toEqual([]);
  });

  it('creates one notification for an update delivered twice, over a socket and in a batch', async () => {
    const docName = freshFeed();
    const device = new Y.Doc();
    createPost(device, { authorId: ids.anna, authorName: 'Anna de Vries', text: '@Bram twee keer verstuurd', mentions: [mention('bram')] });
    const update = Y.encodeStateAsUpdate(device);
    const socket = await syncingSocket(docName, sessions.anna);
    const body = encodeBatchRequest([{ docName, stateVector: Y.encodeStateVector(device), update }]);
    const [, response] = await Promise.all([
      socket.send(syncUpdate(update)),
      fetch(`${kring.url}/api/sync/batch`, { method: 'POST', headers: { cookie: sessions.anna, 'content-type': 'application/octet-stream' }, body: body.slice().buffer }),
    ]);
    expect(decodeBatchResponse(new Uint8Array(await response.arrayBuffer()))[0].status).toBe('ok');
    await waitFor(async () => (await mine(sessions.bram, docName)).length >= 1, "Bram's notification");
    await settle();
    expect(await mine(sessions.bram, docName)).toHaveLength(1);
  });

  it('tells a colleague put on a card and one a card is handed to, with the note, linking to the card', async () => {
    const docName = 'noord/board/notificaties';
    const anna = await open(docName, sessions.anna);
    const cardId = addCard(anna.doc, addColumn(anna.doc, 'Te doen'), { title: 'Medicatie bestellen' });
    await waitForSaved(anna);
    addAssignee(anna.doc, cardId, { id: ids.bram, name: 'Bram Jansen' }, ids.anna);
    await waitForSaved(anna);
    await waitFor(async () => (await mine(sessions.bram, docName)).length === 1, 'the assignment');
    expect((await mine(sessions.bram, docName))[0]).toMatchObject({ kind: 'card-assigned', excerpt: 'Medicatie bestellen', link: `/spaces/noord/boards/notificaties/${cardId}` });
    const bram = await open(docName, sessions.bram);
    handOverCard(bram.doc, cardId, { from: { id: ids.bram, name: 'Bram Jansen' }, to: { id: ids.anna, name: 'Anna de Vries' }, note: 'Apotheek belt om drie uur terug.' });
    await waitForSaved(bram);
    await waitFor(async () => (await mine(sessions.anna, docName)).length === 1, 'the hand-over');
    expect((await mine(sessions.anna, docName))[0]).toMatchObject({ kind: 'card-handed-over', actorName: 'Bram Jansen', excerpt: 'Apotheek belt om drie uur terug.' });
  });

  it('marks read across devices: only the own, then all; someone removed from the space no longer sees them', async () => {
    const docName = freshFeed();
    const anna = await open(docName, sessions.anna);
    createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: '@Bram lezen', mentions: [mention('bram')] });
    await waitForSaved(anna);
    await waitFor(async () => (await mine(sessions.bram, docName)).length === 1, "Bram's notification");
    const [note] = await mine(sessions.bram, docName);
    // Anna cannot mark Bram's notification read.
    expect((await api(kring.url, sessions.anna, 'POST', '/api/notifications/read', { ids: [note.id] })).status).toBe(200);
    expect((await mine(sessions.bram, docName))[0].read).toBe(false);
    expect((await api(kring.url, sessions.bram, 'POST', '/api/notifications/read', { ids: 'nee' })).status).toBe(400);
    const marked = await api<{ unread: number }>(kring.url, sessions.bram, 'POST', '/api/notifications/read', { all: true });
    expect(marked.body.unread).toBe(0);
    expect((await mine(sessions.bram, docName))[0].read).toBe(true);

    createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: '@Bram nog een', mentions: [mention('bram')] });
    await waitForSaved(anna);
    await waitFor(async () => (await inbox(sessions.bram)).unread === 1, 'the second notification');
    expect((await api(kring.url, sessions.admin, 'DELETE', `/api/admin/spaces/noord/members/${ids.bram}`)).status).toBe(200);
    const after = await inbox(sessions.bram);
    expect(after.notifications.filter((n) => n.spaceId === 'noord')).toEqual([]);
    expect(after.unread).toBe(0);
    expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${ids.bram}`, { role: 'member' })).status).toBe(200);
  });

  it('pages newest first: `next` leads to the older ones, and the last page says there are no more', async () => {
    const all = (await inbox(sessions.bram)).notifications;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seenIds: string[] = [];
    let before: string | null = null;
    do {
      const path: string = `/api/notifications?limit=2${before ? `&before=${before}` : ''}`;
      const page: NotificationPage = (await api<NotificationPage>(kring.url, sessions.bram, 'GET', path)).body;
      expect(page.notifications.length).toBeLessThanOrEqual(2);
      seenIds.push(...page.notifications.map((n) => n.id));
      before = page.next;
    } while (before !== null);
    expect(seenIds).toEqual(all.map((n) => n.id));
    const times = all.map((n) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('answers 304 to an unchanged inbox and refuses a session-less request', async () => {
    const first = await fetch(`${kring.url}/api/notifications`, { headers: { cookie: sessions.bram } });
    const etag = first.headers.get('etag')!;
    expect((await fetch(`${kring.url}/api/notifications`, { headers: { cookie: sessions.bram, 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${kring.url}/api/notifications`)).status).toBe(401);
    expect((await fetch(`${kring.url}/api/notifications?limit=500`, { headers: { cookie: sessions.bram } })).status).toBe(400);
  });
});
