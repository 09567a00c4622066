/**
 * Web Push over the wire, against a push service on this machine (test/support/push-endpoint.ts) that decrypts
 * what Kring sends with each device's own keys. Bram's device hears of Anna's mention with the inbox's words and
 * link, not the post's text; the session decides whose device it is; a subscription's address must be one of the
 * configured push services (never a private or loopback address otherwise); a 410 removes it; someone out of the
 * space, or deactivated, hears nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { NotificationPage, PushKey } from '../../packages/contract/src/index.ts';
import { chatDocId, createPost, sendMessage } from '../../packages/shapes/src/index.ts';
import { api } from './admin-support.ts';
import { useClients } from '../support/clients.ts';
import { startPushEndpoint, type PushDevice, type PushEndpoint } from '../support/push-endpoint.ts';
import { waitForSaved } from '../support/providers.ts';
import { login, me, useKring, useSessions, type KringOptions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

describe('push', () => {
  // The push service starts first: Kring is told its origin (and only that one) as the allowed push service.
  const options: KringOptions & { env: Record<string, string> } = { env: {} };
  let service: PushEndpoint;
  beforeAll(async () => {
    service = await startPushEndpoint();
    options.env.PUSH_ENDPOINT_ORIGINS = service.origin;
    return () => service.close();
  });
  const kring = useKring(options);
  const sessions = useSessions(kring, ['anna', 'bram', 'eva', 'admin']);
  const { open } = useClients(kring);
  const ids = { anna: '', bram: '', eva: '' };
  beforeAll(async () => {
    for (const name of ['anna', 'bram', 'eva'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
    expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${ids.bram}`, { role: 'member' })).status).toBe(200);
    // Quiet hours (22:00–07:00 by default) off, so these tests hear their pushes at any hour; the last test sets them.
    for (const name of ['bram', 'eva'] as const) expect((await api(kring.url, sessions[name], 'PUT', '/api/push/settings', { quietHours: { on: false, from: '22:00', until: '07:00' } })).status).toBe(200);
  });

  let month = 0;
  const freshFeed = (space = 'noord') => `${space}/feed/2042-${String(++month).padStart(2, '0')}`;
  const subscribe = (cookie: string, body: unknown) => api(kring.url, cookie, 'POST', '/api/push/subscriptions', body);
  /** Anna names `who` in a fresh post in `space`; resolves with the post's id once the recipient's inbox has it. */
  const annaMentions = async (who: 'bram' | 'eva', space = 'noord', text = `@${who} de sleutel ligt bij de receptie`) => {
    const docName = freshFeed(space);
    const anna = await open(docName, sessions.anna);
    const postId = createPost(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text, mentions: [{ userId: ids[who], name: who }] });
    await waitForSaved(anna);
    return postId;
  };
  /** Long enough for a push that was going to be sent to arrive. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 800));
  const unread = async (cookie: string) => (await api<{ unread: number }>(kring.url, cookie, 'GET', '/api/notifications')).body.unread;

  it('gives the public key to a signed-in person only', async () => {
    const key = await api<PushKey>(kring.url, sessions.bram, 'GET', '/api/push/key');
    expect(key.status).toBe(200);
    // An uncompressed P-256 point: 65 bytes.
    expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65);
    expect((await fetch(`${kring.url}/api/push/key`)).status).toBe(401);
  });

  let bramsPhone: PushDevice;
  it("tells Bram's device of Anna's mention: encrypted for it, with who, where and the link, without the post's text", async () => {
    bramsPhone = service.device();
    expect((await subscribe(sessions.bram, bramsPhone.subscription)).status).toBe(204);
    const postId = await annaMentions('bram', 'noord', '@Bram mevrouw De Wit heeft haar medicatie geweigerd');
    await waitFor(() => bramsPhone.received.length === 1, "the push on Bram's phone");
    const [payload] = bramsPhone.received as Record<string, string>[];
    expect(payload).toMatchObject({ kind: 'mention', title: 'Buurtteam Noord', body: 'Anna de Vries noemde u', link: `/spaces/noord#post-${postId}` });
    expect(payload.tag).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(payload)).not.toContain('medicatie');
    expect(service.failures).toEqual([]);
  });

  it("tells Bram's device of a new chat message once for a burst, with who but without the message's text", async () => {
    const created = await api<{ conversation: { id: string } }>(kring.url, sessions.anna, 'POST', '/api/conversations/groups', { name: 'Avonddienst', memberIds: [ids.bram, ids.eva] });
    expect(created.status).toBe(201);
    const conversationId = created.body.conversation.id;
    const before = bramsPhone.received.length;
    const anna = await open(`${conversationId}/chat/${chatDocId(new Date())}`, sessions.anna);
    const first = sendMessage(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Meneer Pieters heeft zijn insuline niet genomen' });
    await waitForSaved(anna);
    await waitFor(() => bramsPhone.received.length === before + 1, "the chat push on Bram's phone");
    // The next messages count in the same unread row: no second push.
    sendMessage(anna.doc, { authorId: ids.anna, authorName: 'Anna de Vries', text: 'Ik bel de huisarts' });
    await waitForSaved(anna);
    await waitFor(async () => (await api<NotificationPage>(kring.url, sessions.bram, 'GET', '/api/notifications')).body.notifications.some((n) => n.spaceId === conversationId && n.count === 2), "Bram's row counting two");
    await settle();
    expect(bramsPhone.received.length).toBe(before + 1);
    const payload = bramsPhone.received.at(-1) as Record<string, string>;
    expect(payload).toMatchObject({ kind: 'chat-message', body: 'Anna de Vries stuurde u een bericht', link: `/chat/${conversationId}#message-${first}` });
    expect(JSON.stringify(payload)).not.toContain('insuline');
  });

  it('lets the session decide whose device it is: a body naming someone else subscribes the sender, and nobody removes another person’s device', async () => {
    const annasTablet = service.device();
    // The body's `userId` is not part of the contract: the subscription is Anna's, who sent it.
    expect((await subscribe(sessions.anna, { ...annasTablet.subscription, userId: ids.bram })).status).toBe(204);
    // Anna cannot unsubscribe Bram's phone.
    expect((await api(kring.url, sessions.anna, 'DELETE', '/api/push/subscriptions', { endpoint: bramsPhone.subscription.endpoint })).status).toBe(204);
    const before = bramsPhone.received.length;
    await annaMentions('bram');
    await waitFor(() => bramsPhone.received.length === before + 1, "Bram's phone still told");
    await settle();
    expect(annasTablet.received).toEqual([]);
    // Bram unsubscribes his own phone: it hears nothing more.
    expect((await api(kring.url, sessions.bram, 'DELETE', '/api/push/subscriptions', { endpoint: bramsPhone.subscription.endpoint })).status).toBe(204);
    const unreadBefore = await unread(sessions.bram);
    await annaMentions('bram');
    await waitFor(async () => (await unread(sessions.bram)) > unreadBefore, "Bram's inbox");
    await settle();
    expect(bramsPhone.received).toHaveLength(before + 1);
  });

  it('refuses an endpoint outside the configured push services (a private, loopback or look-alike address) and hostile bodies', async () => {
    const { keys } = service.device().subscription;
    const refused = async (endpoint: string) => {
      const response = await subscribe(sessions.bram, { endpoint, keys });
      expect(response.status, endpoint).toBe(400);
      return response.body;
    };
    expect(await refused('http://10.0.0.7/push')).toMatchObject({ error: { code: 'endpoint_not_allowed' } });
    await refused('http://127.0.0.1:1/push');
    await refused(`${service.origin.replace('127.0.0.1', 'localhost')}/device/1`);
    await refused('https://fcm.googleapis.com/fcm/send/x');
    await refused(`http://user:secret@${service.origin.slice('http://'.length)}/device/1`);
    await refused('file:///etc/passwd');
    await refused('niet een adres');
    expect((await subscribe(sessions.bram, { endpoint: `${service.origin}/device/1`, keys: { p256dh: 'kort', auth: keys.auth } })).status).toBe(400);
    expect((await subscribe(sessions.bram, [])).status).toBe(400);
    const garbage = await fetch(`${kring.url}/api/push/subscriptions`, { method: 'POST', headers: { cookie: sessions.bram, 'content-type': 'application/json' }, body: '{"endpoint":' });
    expect(garbage.status).toBe(400);
    const huge = await fetch(`${kring.url}/api/push/subscriptions`, {
      method: 'POST',
      headers: { cookie: sessions.bram, 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: `${service.origin}/device/1`, keys, padding: 'x'.repeat(5000) }),
    });
    expect(huge.status).toBe(413);
    expect((await fetch(`${kring.url}/api/push/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: `${service.origin}/device/1`, keys }) })).status).toBe(401);
  });

  it('forgets a subscription the push service says is gone (410)', async () => {
    const old = service.device();
    expect((await subscribe(sessions.bram, old.subscription)).status).toBe(204);
    old.gone();
    const first = await unread(sessions.bram);
    await annaMentions('bram');
    await waitFor(async () => (await unread(sessions.bram)) > first, "Bram's inbox");
    await settle();
    // Answering again would show the push if Kring still sent to it: it does not.
    const revived = old as PushDevice & { isGone: boolean };
    revived.isGone = false;
    const second = await unread(sessions.bram);
    await annaMentions('bram');
    await waitFor(async () => (await unread(sessions.bram)) > second, "Bram's inbox");
    await settle();
    expect(old.received).toEqual([]);
  });

  it('tells nothing to someone taken out of the space', async () => {
    const phone = service.device();
    expect((await subscribe(sessions.bram, phone.subscription)).status).toBe(204);
    expect((await api(kring.url, sessions.admin, 'DELETE', `/api/admin/spaces/noord/members/${ids.bram}`)).status).toBe(200);
    try {
      await annaMentions('bram');
      await settle();
      await settle();
      expect(phone.received).toEqual([]);
    } finally {
      expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${ids.bram}`, { role: 'member' })).status).toBe(200);
    }
    // Back in the space, the same device hears of the next one.
    await annaMentions('bram');
    await waitFor(() => phone.received.length === 1, 'the push after returning');
  });

  it('ends a subscription with the session that made it: signed out, the device hears nothing', async () => {
    const cookie = await login(kring.url, 'bram@kring.test');
    const shared = service.device();
    expect((await subscribe(cookie, shared.subscription)).status).toBe(204);
    await annaMentions('bram');
    await waitFor(() => shared.received.length === 1, 'the push while signed in');
    expect((await api(kring.url, cookie, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    const before = await unread(sessions.bram);
    await annaMentions('bram');
    await waitFor(async () => (await unread(sessions.bram)) > before, "Bram's inbox");
    await settle();
    expect(shared.received).toHaveLength(1);
  });

  it("keeps Bram's phone quiet in his quiet hours while his inbox gets it; his own settings, nobody else's", async () => {
    expect((await api(kring.url, sessions.bram, 'GET', '/api/push/settings')).body).toEqual({ quietHours: { on: false, from: '22:00', until: '07:00' } });
    expect((await fetch(`${kring.url}/api/push/settings`)).status).toBe(401);
    for (const bad of [{ quietHours: { on: true, from: '25:00', until: '07:00' } }, { quietHours: { on: true, from: '22:00' } }, { quietHours: 'nachts' }]) {
      expect((await api(kring.url, sessions.bram, 'PUT', '/api/push/settings', bad)).status).toBe(400);
    }
    // Quiet from an hour ago until an hour from now, on the Amsterdam clock: whatever time this test runs.
    const clock = (at: number) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    const quietNow = { quietHours: { on: true, from: clock(Date.now() - 3_600_000), until: clock(Date.now() + 3_600_000) } };
    expect((await api(kring.url, sessions.bram, 'PUT', '/api/push/settings', quietNow)).body).toEqual(quietNow);
    // Eva's settings are hers: setting them changes nothing of Bram's.
    expect((await api(kring.url, sessions.eva, 'PUT', '/api/push/settings', { quietHours: { on: false, from: '22:00', until: '07:00' } })).status).toBe(200);
    expect((await api(kring.url, sessions.bram, 'GET', '/api/push/settings')).body).toEqual(quietNow);

    const phone = service.device();
    expect((await subscribe(sessions.bram, phone.subscription)).status).toBe(204);
    const before = await unread(sessions.bram);
    await annaMentions('bram');
    await waitFor(async () => (await unread(sessions.bram)) > before, "Bram's inbox in his quiet hours");
    await settle();
    expect(phone.received).toEqual([]);

    // Quiet hours off: the next one reaches the phone.
    expect((await api(kring.url, sessions.bram, 'PUT', '/api/push/settings', { quietHours: { ...quietNow.quietHours, on: false } })).status).toBe(200);
    await annaMentions('bram');
    await waitFor(() => phone.received.length === 1, 'the push after quiet hours were switched off');
  });

  it('removes the devices of a deactivated person: reactivated, they hear nothing until they subscribe again', async () => {
    const phone = service.device();
    expect((await subscribe(sessions.eva, phone.subscription)).status).toBe(204);
    await annaMentions('eva', 'medewerkers');
    await waitFor(() => phone.received.length === 1, "Eva's push");
    expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${ids.eva}`, { active: false })).status).toBe(200);
    expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${ids.eva}`, { active: true })).status).toBe(200);
    await annaMentions('eva', 'medewerkers');
    await settle();
    await settle();
    expect(phone.received).toHaveLength(1);
  });
});
