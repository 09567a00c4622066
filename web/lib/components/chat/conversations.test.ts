/**
 * The list of conversations across reloads with no network (issue 16): the copy kept on the device (IndexedDB, here
 * fake-indexeddb) and what the page learns while it is still being read must end up together, on screen and on the
 * device, whatever comes first. The server and the person's sync are stand-ins; each "page" is a fresh module.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { ConversationSummary } from '@kring/contract';
import { chatDocId, docName, sendMessage } from '@kring/shapes';

const server = vi.hoisted(() => ({ list: vi.fn() }));
/** The chats on this device, by document name. */
const chats = vi.hoisted(() => new Map<string, unknown>());

vi.mock('$lib/api/client.ts', () => ({ api: { conversations: { list: server.list } } }));
vi.mock('$lib/client', async () => ({ DeviceCache: (await import('../../client/local-store.ts')).DeviceCache }));
vi.mock('$lib/app', () => ({
  session: {
    start: async () => {},
    sync: {
      reconcile: async () => true,
      readLocal: async <T>(name: string, read: (doc: Y.Doc) => T) => read((chats.get(name) as Y.Doc | undefined) ?? new Y.Doc()),
    },
  },
}));

const OFFLINE = { ok: false, status: 0, code: 'offline' };
const listing = (conversations: ConversationSummary[]) => ({ ok: true, status: 200, body: { conversations } });

function summary(id: string, name: string, changes: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id, kind: 'direct', name, members: [], unread: 0, readUntil: null, muted: false, sharesReading: false, ...changes };
}
const team = summary('weekend', 'Weekenddienst', { kind: 'group' });
const bram = summary('anna-bram', 'Bram Jansen');

/** A fresh page: the app loaded again, with only what the device kept. */
async function reload() {
  vi.resetModules();
  return (await import('./conversations.svelte.ts')).conversations;
}

let person = 0;
let anna = '';
beforeEach(() => {
  anna = `anna${++person}`;
  // Every step a millisecond later, so "newer" never depends on the machine's speed.
  let now = Date.parse('2026-12-07T09:00:00Z');
  vi.spyOn(Date, 'now').mockImplementation(() => ++now);
  const doc = new Y.Doc();
  sendMessage(doc, { authorId: 'anna', authorName: 'Anna de Vries', text: 'Sleutelkastje bij mevrouw Smit is kapot.' });
  chats.set(docName(bram.id, 'chat', chatDocId(new Date())), doc);
});
afterEach(() => {
  vi.restoreAllMocks();
  server.list.mockReset();
});

it('a conversation taken in while the kept list is still read stays listed, and is there after a reload offline with its newest message', async () => {
  server.list.mockResolvedValue(listing([team]));
  const first = await reload();
  await first.refresh(anna);

  // The next page: the conversation's own answer comes before the device has read its kept list; then the network goes.
  server.list.mockResolvedValue(OFFLINE);
  const second = await reload();
  const refreshed = second.refresh(anna);
  second.put(bram);
  await refreshed;
  expect(second.items.map((item) => item.name)).toEqual(['Bram Jansen', 'Weekenddienst']);

  const third = await reload();
  await third.refresh(anna);
  expect(third.offline).toBe(true);
  expect(third.items.map((item) => item.name)).toEqual(['Bram Jansen', 'Weekenddienst']);
  expect(third.last[bram.id]).toEqual({ authorName: 'Anna de Vries', text: 'Sleutelkastje bij mevrouw Smit is kapot.' });
});

it('an answer newer than the kept copy is not replaced by it, on screen or on the device', async () => {
  server.list.mockResolvedValue(listing([{ ...bram, unread: 2 }, team]));
  const first = await reload();
  await first.refresh(anna);
  expect(first.unread).toBe(2);

  server.list.mockResolvedValue(OFFLINE);
  const second = await reload();
  const refreshed = second.refresh(anna);
  second.put({ ...bram, muted: true });
  second.read(bram.id);
  await refreshed;
  expect(second.find(bram.id)).toMatchObject({ muted: true, unread: 0 });

  const third = await reload();
  await third.refresh(anna);
  expect(third.find(bram.id)).toMatchObject({ muted: true, unread: 0 });
  expect(third.unread).toBe(0);
});

it('a conversation read before it was listed counts nothing unread once the older kept copy lists it', async () => {
  server.list.mockResolvedValue(listing([{ ...bram, unread: 3 }]));
  await (await reload()).refresh(anna);

  server.list.mockResolvedValue(OFFLINE);
  const second = await reload();
  const refreshed = second.refresh(anna);
  second.read(bram.id);
  await refreshed;
  expect(second.find(bram.id)?.unread).toBe(0);
});

it.each(['before the kept list is read', 'after the kept list, while the server is asked', 'after the server answered'] as const)(
  'a conversation started %s is listed with its newest message, and kept for an offline reload',
  async (when) => {
    server.list.mockResolvedValue(listing([team]));
    await (await reload()).refresh(anna);

    const page = await reload();
    // The server lists the conversation once it was started: a list asked before that does not have it.
    let started = false;
    const start = () => {
      started = true;
      page.put(bram);
    };
    server.list.mockImplementation(async () => {
      const conversations = started ? [bram, team] : [team];
      if (when === 'after the kept list, while the server is asked') start();
      return listing(conversations);
    });
    const refreshed = page.refresh(anna);
    if (when === 'before the kept list is read') start();
    await refreshed;
    if (when === 'after the server answered') start();
    await vi.waitFor(() => expect(page.last[bram.id]?.text).toBe('Sleutelkastje bij mevrouw Smit is kapot.'));
    expect(page.items.map((item) => item.id).sort()).toEqual([bram.id, team.id]);

    server.list.mockResolvedValue(OFFLINE);
    const offline = await reload();
    await offline.refresh(anna);
    expect(offline.items.map((item) => item.id).sort()).toEqual([bram.id, team.id]);
    expect(offline.last[bram.id]?.text).toBe('Sleutelkastje bij mevrouw Smit is kapot.');
  },
);

it("a conversation left, or missing from a list the server gave later, is not brought back by the kept copy", async () => {
  server.list.mockResolvedValue(listing([bram, team]));
  await (await reload()).refresh(anna);

  server.list.mockResolvedValue(OFFLINE);
  const page = await reload();
  const refreshed = page.refresh(anna);
  page.drop(team.id);
  await refreshed;
  expect(page.items.map((item) => item.id)).toEqual([bram.id]);

  // Online again: Bram's conversation is gone on the server (he was taken out of it elsewhere).
  server.list.mockResolvedValue(listing([]));
  const online = await reload();
  await online.refresh(anna);
  expect(online.items).toEqual([]);
  server.list.mockResolvedValue(OFFLINE);
  const offline = await reload();
  await offline.refresh(anna);
  expect(offline.items).toEqual([]);
});
