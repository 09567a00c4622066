/**
 * Relay latency: N clients on one document; one of them (in turn) types one character, and the time runs
 * until every other client has applied it. All clients live in this process, so the figure includes their
 * own work of applying N-1 copies, the same for every server. On Kring each client is the device of its own
 * person, as in real use (lib/people.ts).
 */
import * as Y from 'yjs';
import { Device, type DocClient } from '../lib/clients.ts';
import { makePage, paragraphTexts } from '../lib/content.ts';
import { seedPeople, type Person } from '../lib/people.ts';
import type { RunningServer } from '../lib/servers.ts';
import { delay, inBatches, withTimeout } from '../lib/wait.ts';

export interface RelayOptions {
  clients: number;
  rounds: number;
  /** A new round starts at most this often (ms): people type, they do not flood. */
  intervalMs: number;
  docName: string;
  /** Kring: the person of each client (lib/people.ts); made here when not given. */
  people?: Person[];
}

const ROUND_TIMEOUT_MS = 10_000;
const WARMUP_ROUNDS = 10;

export interface RelayFigures {
  /** One per measured round (ms). */
  latencies: number[];
  /** Bytes on the wire, all clients together, per keystroke (relays, acknowledgements, echoes). */
  wireBytesPerKeystroke: number;
}

export async function relayLatency(server: RunningServer, options: RelayOptions): Promise<RelayFigures> {
  const people = options.people ?? (server.system === 'kring' ? await seedPeople(server, options.clients, { label: `relay-${options.clients}` }) : []);
  const device = new Device(server);
  try {
    const first = device.open(options.docName, docFrom(makePage(10_000, 7)), { as: people[0] });
    await first.synced(ROUND_TIMEOUT_MS);
    await first.held(ROUND_TIMEOUT_MS);
    const others = await inBatches(
      Array.from({ length: options.clients - 1 }, (_, i) => i),
      20,
      async (i) => {
        const client = device.open(options.docName, undefined, { as: people[i + 1] });
        await client.synced(ROUND_TIMEOUT_MS * 3);
        return client;
      },
    );
    const clients: DocClient[] = [first, ...others];
    // Let the awareness introductions (every client to every other) settle before timing anything.
    await delay(500);

    let round: { writer: number; waiting: number; done: (at: number) => void } | null = null;
    clients.forEach((client, index) => {
      client.doc.on('update', () => {
        if (!round || index === round.writer) return;
        if (--round.waiting === 0) round.done(performance.now());
      });
    });

    const latencies: number[] = [];
    for (let r = 0; r < WARMUP_ROUNDS + options.rounds; r++) {
      if (r === WARMUP_ROUNDS) device.meter.reset();
      const startedAt = performance.now();
      const writer = r % clients.length;
      const seen = new Promise<number>((resolve) => {
        round = { writer, waiting: clients.length - 1, done: resolve };
      });
      const text = paragraphTexts(clients[writer].doc)[0];
      const t0 = performance.now();
      text.insert(0, 'x');
      const t1 = await withTimeout(seen, `round ${r} to reach all ${clients.length - 1} other clients`, ROUND_TIMEOUT_MS);
      round = null;
      if (r >= WARMUP_ROUNDS) latencies.push(t1 - t0);
      const wait = options.intervalMs - (performance.now() - startedAt);
      if (wait > 0) await delay(wait);
    }
    // Let the last round's acknowledgements arrive before reading the meter.
    await delay(200);
    return { latencies, wireBytesPerKeystroke: device.meter.bytesSinceReset() / options.rounds };
  } finally {
    device.destroy();
  }
}

function docFrom(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
