/**
 * Chat (issue 16):
 * - delivery to 50 members: 50 devices, each its own person, in a space's chat; in turn one sends a message, and
 *   the time runs until every other device has applied it. Beside it, on the same server in alternating blocks,
 *   the plain relay: the same 50 people on one page, one typing a character. Chat may cost no more than that.
 * - a day's chat opened from the device: a space's chat holding 2,000 messages of one day, kept on Anna's device;
 *   Chromium starts with no network and opens the chat, until the newest message is drawn (browser.ts).
 */
import * as Y from 'yjs';
import { chatDocId, listMessages, sendMessage } from '@kring/shapes';
import { Device } from '../lib/clients.ts';
import { makePage, paragraphTexts } from '../lib/content.ts';
import { seedPeople, type Person } from '../lib/people.ts';
import { Room } from '../lib/room.ts';
import type { RunningServer } from '../lib/servers.ts';
import type { Opened } from './browser.ts';

const WAIT_MS = 60_000;
const WARMUP_ROUNDS = 20;
/** The newest message of the day, drawn last. */
export const LAST_MESSAGE = 'Einde van de benchmarkdag';

/** The chat document of this month in `spaceId`, where the app writes today's messages. */
export function currentChat(spaceId: string): string {
  return `${spaceId}/chat/${chatDocId(new Date())}`;
}

/** A morning's chat as one update: `count` messages by `author`. */
function makeChat(author: Person, count: number): Uint8Array {
  const doc = new Y.Doc();
  const start = Date.now() - count * 20_000;
  for (let i = 0; i < count; i++) sendMessage(doc, { authorId: author.id, authorName: author.name, text: `Bericht ${i}: ${'bezoek gedaan, alles rustig. '.repeat(2)}`, createdAt: new Date(start + i * 20_000) });
  return Y.encodeStateAsUpdate(doc);
}

/** The space's chat open on one device per person (the first writes a morning's chat of `earlier` messages): in turn one sends a message. */
export function openChatRoom(server: RunningServer, people: readonly Person[], options: { spaceId: string; earlier: number; intervalMs: number }): Promise<Room> {
  return Room.open(
    server,
    makeChat(people[0], options.earlier),
    people,
    {
      docName: currentChat(options.spaceId),
      intervalMs: options.intervalMs,
      warmupRounds: WARMUP_ROUNDS,
      check: (doc) => {
        if (listMessages(doc).length < options.earlier) throw new Error('the chat did not reach the devices whole');
      },
    },
    (doc, person, n) => void sendMessage(doc, { authorId: person.id, authorName: person.name, text: `Bericht ${n}: ik ben bij mevrouw Jansen.` }),
  );
}

/** The plain relay beside it: the same people on a 10 kB page, in turn one types a character. */
export function openRelayRoom(server: RunningServer, people: readonly Person[], options: { spaceId: string; intervalMs: number }): Promise<Room> {
  return Room.open(
    server,
    makePage(10_000, 7),
    people,
    {
      docName: `${options.spaceId}/page/bench-relay-${people.length}`,
      intervalMs: options.intervalMs,
      warmupRounds: WARMUP_ROUNDS,
      check: (doc) => {
        if (paragraphTexts(doc).length === 0) throw new Error('the page did not reach the devices whole');
      },
    },
    (doc) => paragraphTexts(doc)[0].insert(0, 'x'),
  );
}

/**
 * Writes a day's chat into the space's chat of this month, as it happens: `writers` colleagues (each their own
 * person, from their own device) take turns, one message every 20 s until now, and the demo employee (Anna) writes
 * the last one. Returns the route that opens it and what its newest message says.
 */
export async function seedChatDay(server: RunningServer, count: number, options: { spaceId: string; writers: number }): Promise<Opened> {
  const people = await seedPeople(server, options.writers, { spaceId: options.spaceId, label: 'chat-day' });
  const name = currentChat(options.spaceId);
  const start = Date.now() - count * 20_000;
  const device = new Device(server);
  try {
    for (const [w, person] of people.entries()) {
      const doc = new Y.Doc();
      for (let i = w; i < count - 1; i += people.length) {
        sendMessage(doc, { authorId: person.id, authorName: person.name, text: `Bericht ${i}: ${'bezoek gedaan, medicatie gegeven, alles rustig. '.repeat(2)}`, createdAt: new Date(start + i * 20_000) });
      }
      const client = device.open(name, doc, { as: person });
      await client.synced(WAIT_MS);
      await client.held(WAIT_MS);
    }
    const me = (await (await fetch(`${server.httpUrl}/api/me`, { headers: { cookie: server.cookie as string } })).json()) as { user: { id: string; name: string } };
    const anna = device.open(name);
    await anna.synced(WAIT_MS);
    sendMessage(anna.doc, { authorId: me.user.id, authorName: me.user.name, text: LAST_MESSAGE });
    await anna.held(WAIT_MS);
    const stored = listMessages(anna.doc).length;
    if (stored !== count) throw new Error(`the day's chat holds ${stored} messages, not ${count}`);
  } finally {
    device.destroy();
  }
  return { path: `/spaces/${options.spaceId}/chat`, container: 'ol.messages', marker: LAST_MESSAGE, showsSaved: false };
}
