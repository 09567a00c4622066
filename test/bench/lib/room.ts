/**
 * One document open on one server by many devices, each its own person, measured in blocks of rounds: in turn one
 * client writes (what it writes is the workload's), and the time runs until every other client has applied it.
 * The server process's CPU per update is read from Linux's /proc. The feed and chat workloads share it.
 */
import * as Y from 'yjs';
import { Device, type DocClient } from './clients.ts';
import type { Person } from './people.ts';
import { cpuNanoseconds, type RunningServer } from './servers.ts';
import { delay, inBatches, withTimeout } from './wait.ts';

const ROUND_TIMEOUT_MS = 10_000;

export interface RoomOptions {
  docName: string;
  /** A new round starts at most this often (ms). */
  intervalMs: number;
  /** Rounds run before the first block, so the server has compiled its hot paths. */
  warmupRounds: number;
  /** Throws when a client did not receive the document whole. */
  check: (doc: Y.Doc) => void;
}

export interface RoomBlock {
  /** One per round (ms). */
  latencies: number[];
  /** The server's CPU time per update (µs): user and system, every thread of its process. */
  cpuMicrosPerUpdate: number;
}

/** What one round writes: `n` counts the rounds of the room, `writer` is the index of the writing client and person. */
export type Write = (doc: Y.Doc, writer: Person, n: number) => void;

export class Room {
  readonly #server: RunningServer;
  readonly #device: Device;
  readonly #clients: DocClient[];
  readonly #people: readonly Person[];
  readonly #intervalMs: number;
  readonly #write: Write;
  #round: { writer: number; waiting: number; done: (at: number) => void } | null = null;
  #next = 0;

  private constructor(server: RunningServer, device: Device, clients: DocClient[], people: readonly Person[], intervalMs: number, write: Write) {
    this.#server = server;
    this.#device = device;
    this.#clients = clients;
    this.#people = people;
    this.#intervalMs = intervalMs;
    this.#write = write;
    clients.forEach((client, index) => {
      client.doc.on('update', () => {
        const round = this.#round;
        if (!round || index === round.writer) return;
        if (--round.waiting === 0) round.done(performance.now());
      });
    });
  }

  /** Writes `state` into the document (one client, saved, as the first person), then opens it on one client per other person. */
  static async open(server: RunningServer, state: Uint8Array, people: readonly Person[], options: RoomOptions, write: Write): Promise<Room> {
    const device = new Device(server);
    try {
      const seed = new Y.Doc();
      Y.applyUpdate(seed, state);
      const first = device.open(options.docName, seed, { as: people[0] });
      await first.synced(ROUND_TIMEOUT_MS);
      await first.held(ROUND_TIMEOUT_MS * 3);
      const others = await inBatches(
        Array.from({ length: people.length - 1 }, (_, i) => i),
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
      options.check(clients.at(-1)!.doc);
      await delay(500);
      const room = new Room(server, device, clients, people, options.intervalMs, write);
      await room.measure(options.warmupRounds);
      return room;
    } catch (error) {
      device.destroy();
      throw error;
    }
  }

  /**
   * Runs `rounds` rounds, the writer in turn.
   * @param options.started called just before the first round (what the block measures beside may start then)
   * @param options.stop asked before each round: true ends the block early
   * @param options.roundTimeoutMs give up on a round after this long (ms; default 10 s)
   */
  async measure(rounds: number, options: { started?: () => void; stop?: () => boolean; roundTimeoutMs?: number } = {}): Promise<RoomBlock> {
    const stop = options.stop ?? (() => false);
    // Let the last block's "saved" and commits finish before the clock starts.
    await delay(200);
    const cpuBefore = cpuNanoseconds(this.#server);
    const latencies: number[] = [];
    options.started?.();
    for (let r = 0; r < rounds && !stop(); r++) {
      const startedAt = performance.now();
      const n = this.#next++;
      const writer = n % this.#clients.length;
      const seen = new Promise<number>((resolve) => {
        this.#round = { writer, waiting: this.#clients.length - 1, done: resolve };
      });
      const t0 = performance.now();
      this.#write(this.#clients[writer].doc, this.#people[writer], n);
      latencies.push((await withTimeout(seen, `round ${n} to reach every other client`, options.roundTimeoutMs ?? ROUND_TIMEOUT_MS)) - t0);
      this.#round = null;
      const wait = this.#intervalMs - (performance.now() - startedAt);
      if (wait > 0) await delay(wait);
    }
    // The last update's commit and "saved" belong to this block.
    await delay(200);
    return { latencies, cpuMicrosPerUpdate: (cpuNanoseconds(this.#server) - cpuBefore) / 1000 / Math.max(1, latencies.length) };
  }

  close(): void {
    this.#device.destroy();
  }
}
