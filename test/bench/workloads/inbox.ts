/**
 * The inbox (issue 17): a mention reaching the other person's open app. Anna's device (a Yjs client in Node, as
 * the app's socket) posts in Noord naming Bram; Bram's open app is what the app does: the live stream
 * (GET /api/notifications/events) and, at each "changed", the inbox asked again (GET /api/notifications, with its
 * ETag). The time runs from Anna's post being made on her device until Bram's inbox answer holds it.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createPost } from '@kring/shapes';
import type { NotificationPage } from '@kring/contract';
import { Device } from '../lib/clients.ts';
import type { Person } from '../lib/people.ts';
import type { RunningServer } from '../lib/servers.ts';
import { readServerEvents } from '../../support/server-events.ts';

const WAIT_MS = 30_000;

/** A person's open app, as the app does it: the live stream, and the inbox asked again at each "changed". */
export class OpenApp {
  readonly #server: RunningServer;
  readonly #person: Person;
  readonly #abort = new AbortController();
  #etag: string | null = null;
  #excerpts = new Set<string>();
  #waiters = new Set<{ excerpt: string; resolve: () => void }>();
  #asking: Promise<void> | null = null;
  #again = false;

  constructor(server: RunningServer, person: Person) {
    this.#server = server;
    this.#person = person;
  }

  async open(): Promise<void> {
    const response = await fetch(`${this.#server.httpUrl}/api/notifications/events`, { headers: { cookie: this.#person.cookie }, signal: this.#abort.signal });
    if (!response.ok || !response.body) throw new Error(`the live inbox answered ${response.status}`);
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    void readServerEvents(response.body, (event) => {
      if (event === 'ready') ready();
      if (event === 'changed') this.#ask();
    }).catch(() => undefined); // Closed at the end.
    await isReady;
  }

  /** Resolves once the inbox shows a notification whose excerpt is `excerpt`; rejects after `timeoutMs`. */
  shows(excerpt: string, timeoutMs = WAIT_MS): Promise<void> {
    if (this.#excerpts.has(excerpt)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { excerpt, resolve };
      this.#waiters.add(waiter);
      setTimeout(() => {
        if (this.#waiters.delete(waiter)) reject(new Error(`the open app never showed "${excerpt}"`));
      }, timeoutMs);
    });
  }

  close(): void {
    this.#abort.abort();
  }

  /** As the app: one question at a time, once more if told again meanwhile. */
  #ask(): void {
    if (this.#asking) {
      this.#again = true;
      return;
    }
    this.#asking = (async () => {
      do {
        this.#again = false;
        const response = await fetch(`${this.#server.httpUrl}/api/notifications`, { headers: { cookie: this.#person.cookie, ...(this.#etag ? { 'if-none-match': this.#etag } : {}) } });
        if (response.status === 304) continue;
        this.#etag = response.headers.get('etag');
        const page = (await response.json()) as NotificationPage;
        for (const notification of page.notifications) this.#excerpts.add(notification.excerpt);
        for (const waiter of this.#waiters) {
          if (!this.#excerpts.has(waiter.excerpt)) continue;
          this.#waiters.delete(waiter);
          waiter.resolve();
        }
      } while (this.#again);
    })().finally(() => (this.#asking = null));
  }
}

/** `rounds` mentions of `recipient` by `sender`, one after the other: the latency of each, in ms. */
export async function mentionToOpenApp(server: RunningServer, sender: Person, recipient: Person, rounds: number, options: { spaceId: string; warmup: number }): Promise<number[]> {
  const app = new OpenApp(server, recipient);
  await app.open();
  const device = new Device(server);
  const feed = device.open(`${options.spaceId}/feed/2047-01`, new Y.Doc(), { as: sender });
  try {
    await feed.synced(WAIT_MS);
    const latencies: number[] = [];
    for (let n = 0; n < options.warmup + rounds; n++) {
      const excerpt = `@${recipient.name} ronde ${n}: kun jij mevrouw Jansen bellen?`;
      const start = performance.now();
      createPost(feed.doc, { authorId: sender.id, authorName: sender.name, text: excerpt, mentions: [{ userId: recipient.id, name: recipient.name }] });
      await app.shows(excerpt);
      if (n >= options.warmup) latencies.push(performance.now() - start);
    }
    return latencies;
  } finally {
    device.destroy();
    app.close();
  }
}
