/**
 * The open app hears at once that its person's inbox changed (GET /api/notifications/events, server-sent events),
 * over the wire: Bram's stream says "changed" when Anna names him and when he reads on another device, never
 * for someone else's notification, carries no content, ends when his session ends, and one person cannot hold
 * more than eight.
 */
import { describe, expect, it } from 'vitest';
import { createPost } from '../../packages/shapes/src/index.ts';
import { api } from './admin-support.ts';
import { useClients } from '../support/clients.ts';
import { readServerEvents } from '../support/server-events.ts';
import { waitForSaved } from '../support/providers.ts';
import { login, logout, me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

/** One open stream: the events it got so far, and whether the server ended it. */
interface Stream {
  events: { event: string; data: string }[];
  ended: boolean;
  abort(): void;
}

describe('the live inbox', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'admin']);
  const { open } = useClients(kring);

  async function listen(cookie: string): Promise<Stream> {
    const controller = new AbortController();
    const response = await fetch(`${kring.url}/api/notifications/events`, { headers: { cookie }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream: Stream = { events: [], ended: false, abort: () => controller.abort() };
    void readServerEvents(response.body!, (event, data) => stream.events.push({ event, data }))
      // Aborted by the test.
      .catch(() => undefined)
      .finally(() => (stream.ended = true));
    await waitFor(() => stream.events.some((e) => e.event === 'ready'), 'the stream to be ready');
    return stream;
  }
  const changes = (stream: Stream) => stream.events.filter((e) => e.event === 'changed').length;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  let month = 0;
  const annaMentions = async (userId: string) => {
    const anna = await open(`medewerkers/feed/2045-${String(++month).padStart(2, '0')}`, sessions.anna);
    createPost(anna.doc, { authorId: (await me(kring.url, sessions.anna)).user.id, authorName: 'Anna de Vries', text: '@Bram bel je me even?', mentions: [{ userId, name: 'Bram' }] });
    await waitForSaved(anna);
  };

  it('is for a signed-in person only', async () => {
    expect((await fetch(`${kring.url}/api/notifications/events`)).status).toBe(401);
  });

  it("tells Bram's open app at once, with no content, and nobody else's", async () => {
    const bramPhone = await login(kring.url, 'bram@kring.test');
    const bramId = (await me(kring.url, bramPhone)).user.id;
    const bram = await listen(bramPhone);
    const anna = await listen(sessions.anna);
    await annaMentions(bramId);
    await waitFor(() => changes(bram) === 1, "Bram's stream saying changed");
    expect(bram.events.find((e) => e.event === 'changed')!.data).toBe('{}');
    await settle();
    expect(changes(anna)).toBe(0);

    // Read on another of his devices: this one takes its badge down too.
    const bramLaptop = await login(kring.url, 'bram@kring.test');
    expect((await api(kring.url, bramLaptop, 'POST', '/api/notifications/read', { all: true })).status).toBe(200);
    await waitFor(() => changes(bram) === 2, "Bram's stream after he read on his laptop");
    bram.abort();
    anna.abort();
  });

  it('ends when its session ends, and not when another session of the person does', async () => {
    const phone = await login(kring.url, 'bram@kring.test');
    const laptop = await login(kring.url, 'bram@kring.test');
    const onPhone = await listen(phone);
    const onLaptop = await listen(laptop);
    expect((await logout(kring.url, phone)).status).toBe(200);
    await waitFor(() => onPhone.ended, 'the stream of the session that logged out to end');
    await settle();
    expect(onLaptop.ended).toBe(false);
    // Deactivated: the laptop's stream ends as well.
    const bramId = (await me(kring.url, laptop)).user.id;
    expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${bramId}`, { active: false })).status).toBe(200);
    await waitFor(() => onLaptop.ended, "the deactivated person's stream to end");
    expect((await api(kring.url, sessions.admin, 'PATCH', `/api/admin/people/${bramId}`, { active: true })).status).toBe(200);
  });

  it('holds at most eight streams of one person: a ninth closes the oldest', async () => {
    const cookie = await login(kring.url, 'eva@kring.test');
    const streams: Stream[] = [];
    for (let i = 0; i < 9; i++) streams.push(await listen(cookie));
    await waitFor(() => streams[0]!.ended, 'the oldest stream to close');
    expect(streams.slice(1).every((s) => !s.ended)).toBe(true);
    for (const stream of streams) stream.abort();
  });
});
