/**
 * Relay on a feed, and what the authorship checks cost (issue 11): 100 clients on one month's feed of a few
 * hundred posts; in turn one comments on a post or likes it (or takes the like back); the time until every other
 * client has applied it, and the server process's CPU per update (all its threads, SQLite's worker included),
 * read from Linux's /proc. The same workload runs against two Kring servers at once, one with the checks and one
 * without (`BENCH_WITHOUT_AUTHORSHIP_CHECKS=1`), in alternating blocks, so the machine's other work falls on both.
 */
import * as Y from 'yjs';
import { addComment, createPost, listPosts, toggleLike } from '@kring/shapes';
import { Device, type DocClient } from '../lib/clients.ts';
import type { Person } from '../lib/people.ts';
import { cpuNanoseconds, type RunningServer } from '../lib/servers.ts';
import { delay, inBatches, withTimeout } from '../lib/wait.ts';

export interface FeedOptions {
  clients: number;
  posts: number;
  commentsPerPost: number;
  /** A new round starts at most this often (ms). */
  intervalMs: number;
  docName: string;
}

const ROUND_TIMEOUT_MS = 10_000;
// Enough for the server to have compiled its hot paths, comments and likes both.
const WARMUP_ROUNDS = 30;

/** Who a comment or like is by: each simulated device writes as its own person (lib/people.ts). */
export interface Author {
  id: string;
  name: string;
}

export interface FeedBlock {
  /** One per round (ms). */
  latencies: number[];
  /** The server's CPU time per update (µs): user and system, every thread of its process. */
  cpuMicrosPerUpdate: number;
}

/** The feed's state as one update: `posts` posts with `commentsPerPost` comments each, all by `author`. */
export function makeFeed(author: Author, posts: number, commentsPerPost: number): Uint8Array {
  const doc = new Y.Doc();
  const start = Date.UTC(2040, 0, 1);
  for (let i = 0; i < posts; i++) {
    const createdAt = new Date(start + i * 60_000);
    const postId = createPost(doc, { authorId: author.id, authorName: author.name, text: `Overdracht ${i}: ${'bezoek gepland, medicatie gecontroleerd. '.repeat(3)}`, createdAt });
    for (let c = 0; c < commentsPerPost; c++) addComment(doc, postId, { authorId: author.id, authorName: author.name, text: `Gezien, dank je (${c}).`, createdAt });
  }
  return Y.encodeStateAsUpdate(doc);
}

/** One feed open on one server by `clients` devices, ready to be measured in blocks of rounds. */
export class FeedRoom {
  readonly #server: RunningServer;
  readonly #device: Device;
  readonly #clients: DocClient[];
  /** The person of each client, by index. */
  readonly #people: readonly Author[];
  readonly #intervalMs: number;
  readonly #postIds: string[];
  #round: { writer: number; waiting: number; done: (at: number) => void } | null = null;
  #next = 0;

  private constructor(server: RunningServer, device: Device, clients: DocClient[], people: readonly Author[], intervalMs: number) {
    this.#server = server;
    this.#device = device;
    this.#clients = clients;
    this.#people = people;
    this.#intervalMs = intervalMs;
    this.#postIds = listPosts(clients[0].doc).map((post) => post.id);
    clients.forEach((client, index) => {
      client.doc.on('update', () => {
        const round = this.#round;
        if (!round || index === round.writer) return;
        if (--round.waiting === 0) round.done(performance.now());
      });
    });
  }

  /** Writes `state` into the feed (one client, saved, as the first person), then opens it on the other clients: one client per person. */
  static async open(server: RunningServer, state: Uint8Array, people: readonly Person[], options: FeedOptions): Promise<FeedRoom> {
    if (people.length !== options.clients) throw new Error(`${options.clients} clients need as many people, not ${people.length}`);
    const device = new Device(server);
    try {
      const seed = new Y.Doc();
      Y.applyUpdate(seed, state);
      const first = device.open(options.docName, seed, { as: people[0] });
      await first.synced(ROUND_TIMEOUT_MS);
      await first.held(ROUND_TIMEOUT_MS * 3);
      const others = await inBatches(
        Array.from({ length: options.clients - 1 }, (_, i) => i),
        20,
        async (i) => {
          const client = device.open(options.docName, undefined, { as: people[i + 1] });
          // A few hundred kB to each of 100 clients: slow on a busy machine.
          await client.synced(ROUND_TIMEOUT_MS * 9);
          return client;
        },
      );
      const clients = [first, ...others];
      // No presence: the figure is the updates' cost alone, not the awareness renewals every client sends.
      for (const client of clients) client.awareness?.setLocalState(null);
      if (listPosts(clients.at(-1)!.doc).length !== options.posts) throw new Error(`the feed did not reach the clients whole on ${server.system}`);
      await delay(500);
      const room = new FeedRoom(server, device, clients, people, options.intervalMs);
      await room.measure(WARMUP_ROUNDS);
      return room;
    } catch (error) {
      device.destroy();
      throw error;
    }
  }

  /** Runs `rounds` rounds: in turn, one client comments on a post or toggles its like there. */
  async measure(rounds: number): Promise<FeedBlock> {
    // Let the last block's "saved" and commits finish before the clock starts.
    await delay(200);
    const cpuBefore = cpuNanoseconds(this.#server);
    const latencies: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const startedAt = performance.now();
      const n = this.#next++;
      const writer = n % this.#clients.length;
      const doc = this.#clients[writer].doc;
      const postId = this.#postIds[(n * 7) % this.#postIds.length];
      const seen = new Promise<number>((resolve) => {
        this.#round = { writer, waiting: this.#clients.length - 1, done: resolve };
      });
      const t0 = performance.now();
      const author = this.#people[writer];
      if (n % 2 === 0) addComment(doc, postId, { authorId: author.id, authorName: author.name, text: `Reactie ${n}.` });
      else toggleLike(doc, postId, author.id);
      latencies.push((await withTimeout(seen, `round ${n} to reach every other client`, ROUND_TIMEOUT_MS)) - t0);
      this.#round = null;
      const wait = this.#intervalMs - (performance.now() - startedAt);
      if (wait > 0) await delay(wait);
    }
    // The last update's commit and "saved" belong to this block.
    await delay(200);
    return { latencies, cpuMicrosPerUpdate: (cpuNanoseconds(this.#server) - cpuBefore) / 1000 / rounds };
  }

  close(): void {
    this.#device.destroy();
  }
}
