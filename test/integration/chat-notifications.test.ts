/**
 * A chat message tells the conversation's members who are not in it, over the wire: Anna writes with a raw Yjs
 * client, the others read their inbox over HTTP. Never the sender, never someone named (a mention tells them
 * already), never someone with the conversation open, never someone who left or was removed; a burst is one row
 * per conversation that counts, and reading the conversation reads it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Notification, NotificationPage } from '../../packages/contract/src/index.ts';
import { chatDocId, deleteMessage, sendMessage } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api } from './admin-support.ts';

describe('chat message notifications', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'eva']);
  const { open } = useClients(kring);
  const ids = { anna: '', bram: '', eva: '' };
  beforeAll(async () => {
    for (const name of ['anna', 'bram', 'eva'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
  });

  const call = <T>(who: keyof typeof sessions, method: string, path: string, body?: unknown) => api<T>(kring.url, sessions[who], method, path, body);
  /** A new group of Anna's with Bram and Eva, and its document of this month. */
  const group = async (name: string) => {
    const created = await call<{ conversation: { id: string } }>('anna', 'POST', '/api/conversations/groups', { name, memberIds: [ids.bram, ids.eva] });
    expect(created.status).toBe(201);
    const id = created.body.conversation.id;
    return { id, docName: `${id}/chat/${chatDocId(new Date())}` };
  };
  const about = async (who: keyof typeof sessions, conversationId: string): Promise<Notification[]> => {
    const response = await call<NotificationPage>(who, 'GET', '/api/notifications');
    expect(response.status).toBe(200);
    return response.body.notifications.filter((n) => n.spaceId === conversationId);
  };
  /** Long enough for a notification that would come to have come (they are stored just after the update). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
  const write = (doc: Parameters<typeof sendMessage>[0], text: string, mentions?: { userId: string; name: string }[]) =>
    sendMessage(doc, { authorId: ids.anna, authorName: 'Anna de Vries', text, ...(mentions ? { mentions } : {}) });

  it('tells the members who are not in it, one row per conversation that counts the burst; not the sender, not who has it open', async () => {
    const { id, docName } = await group('Nachtdienst');
    // Eva has the conversation open: she reads along and is not told.
    const eva = await open(docName, sessions.eva);
    const anna = await open(docName, sessions.anna);
    write(anna.doc, 'Wie heeft de sleutel van De Linde?');
    write(anna.doc, 'Hij lag gisteren nog op kantoor.');
    const last = write(anna.doc, 'Laat maar, gevonden!');
    await waitForSaved(anna);
    await waitFor(async () => (await about('bram', id))[0]?.count === 3, "Bram's one row counting three messages");
    const [row, ...more] = await about('bram', id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ kind: 'chat-message', read: false, count: 3, actorName: 'Anna de Vries', excerpt: 'Laat maar, gevonden!', link: `/chat/${id}#message-${last}` });
    await settle();
    expect(await about('anna', id)).toEqual([]);
    expect(await about('eva', id)).toEqual([]);
    // Eva closes it: the next message reaches her.
    eva.destroy();
    await waitFor(async () => {
      write(anna.doc, 'Ben jij er nog, Eva?');
      await waitForSaved(anna);
      return (await about('eva', id)).length === 1;
    }, "Eva's row once she closed the conversation");
  });

  it('a message that names someone tells them once, as a mention; the others as a message', async () => {
    const { id, docName } = await group('Sleutelbeheer');
    const anna = await open(docName, sessions.anna);
    const messageId = write(anna.doc, '@Bram neem jij de sleutel mee?', [{ userId: ids.bram, name: 'Bram' }]);
    await waitForSaved(anna);
    await waitFor(async () => (await about('eva', id)).length === 1, "Eva's message notification");
    await waitFor(async () => (await about('bram', id)).length === 1, "Bram's mention");
    await settle();
    expect((await about('bram', id)).map((n) => n.kind)).toEqual(['chat-mention']);
    expect(await about('eva', id)).toMatchObject([{ kind: 'chat-message', count: 1, link: `/chat/${id}#message-${messageId}` }]);
  });

  it('reading the conversation reads its row; the next message starts a new one, and a deleted newest message takes its quote along', async () => {
    const { id, docName } = await group('Roosteroverleg');
    const anna = await open(docName, sessions.anna);
    write(anna.doc, 'Rooster voor januari staat klaar.');
    await waitForSaved(anna);
    await waitFor(async () => (await about('bram', id)).length === 1, "Bram's row");
    expect((await call('bram', 'PUT', `/api/conversations/${id}/read`, { until: new Date().toISOString() })).status).toBe(200);
    expect(await about('bram', id)).toMatchObject([{ read: true, count: 1 }]);
    const second = write(anna.doc, 'Graag voor vrijdag reageren, vertrouwelijk: mevrouw Jansen.');
    await waitForSaved(anna);
    await waitFor(async () => (await about('bram', id)).length === 2, "Bram's second row");
    expect((await about('bram', id))[0]).toMatchObject({ read: false, count: 1, excerpt: 'Graag voor vrijdag reageren, vertrouwelijk: mevrouw Jansen.' });
    deleteMessage(anna.doc, second);
    await waitForSaved(anna);
    await waitFor(async () => (await about('bram', id)).length === 1, 'the row quoting the deleted message gone');
    expect((await about('bram', id))[0]).toMatchObject({ read: true });
  });

  it('never tells someone who was removed or left, and hides what came before from them; nor someone who muted it', async () => {
    const { id, docName } = await group('Wijkoverleg');
    const anna = await open(docName, sessions.anna);
    write(anna.doc, 'Eerste punt: de kerstborrel.');
    await waitForSaved(anna);
    await waitFor(async () => (await about('eva', id)).length === 1 && (await about('bram', id)).length === 1, 'both told');
    expect((await call('anna', 'DELETE', `/api/conversations/${id}/members/${ids.eva}`)).status).toBe(200);
    // The row she had is no longer listed (the privacy re-check at listing), nor counted.
    expect(await about('eva', id)).toEqual([]);
    expect((await call('bram', 'PUT', `/api/conversations/${id}/mute`, { muted: true })).status).toBe(200);
    expect((await call('bram', 'PUT', `/api/conversations/${id}/read`, { until: new Date().toISOString() })).status).toBe(200);
    write(anna.doc, 'Tweede punt: het nieuwe rooster.');
    await waitForSaved(anna);
    await settle();
    expect(await about('eva', id)).toEqual([]);
    expect(await about('bram', id)).toMatchObject([{ read: true, count: 1 }]);
  });

  it('a deleted message whose quote a newer one replaced leaves nothing of it in the database files', async () => {
    const { id, docName } = await group('Cliëntoverleg');
    const anna = await open(docName, sessions.anna);
    const secret = '123456782';
    const mistake = write(anna.doc, `BSN van mevrouw Smit: ${secret}`);
    await waitForSaved(anna);
    await waitFor(async () => (await about('bram', id))[0]?.excerpt.includes(secret) === true, 'the quote of the first message');
    write(anna.doc, 'Sorry, verkeerde gesprek.');
    await waitForSaved(anna);
    await waitFor(async () => (await about('bram', id))[0]?.count === 2, 'the second message counted');
    deleteMessage(anna.doc, mistake);
    await waitForSaved(anna);
    await settle();
    for (const name of (await readdir(kring.dataDir)).filter((file) => file.startsWith('kring.sqlite'))) {
      expect((await readFile(join(kring.dataDir, name))).includes(secret), name).toBe(false);
    }
  });
});
