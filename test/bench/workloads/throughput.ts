/**
 * Sustained durable throughput: writers type into their own documents as fast as the server takes it, each
 * keeping a bounded number of updates in flight, and we count updates the server acknowledged per second:
 * Kring's "saved" (in SQLite, fsynced), for the peers "applied in memory" (they store nothing durably and
 * have no such acknowledgement; their own process reports it, see servers/control.ts). Every writer is
 * paced below Kring's per-connection limit (1000 messages/s), the same for every system. On Kring each writer is
 * its own person (lib/people.ts), so no one person's bytes a minute (docs/api.md, "Quotas") hold the writers back.
 */
import * as Y from 'yjs';
import { Device, type DocClient } from '../lib/clients.ts';
import { makePage, paragraphTexts } from '../lib/content.ts';
import { seedPeople } from '../lib/people.ts';
import type { RunningServer } from '../lib/servers.ts';
import { delay, inBatches } from '../lib/wait.ts';

export interface ThroughputOptions {
  writers: number;
  warmupMs: number;
  measureMs: number;
  /** Updates per acknowledgement request, and how many such batches may be in flight per writer. */
  batch: number;
  inFlightBatches: number;
  /** Updates per second per writer at most. */
  maxRatePerWriter: number;
  prefix: string;
}

const TIMEOUT_MS = 30_000;

export async function durableThroughput(server: RunningServer, options: ThroughputOptions): Promise<number> {
  const people = server.system === 'kring' ? await seedPeople(server, options.writers, { label: options.prefix }) : [];
  const device = new Device(server);
  try {
    const page = makePage(2_000, 42);
    const clients = await inBatches(
      Array.from({ length: options.writers }, (_, i) => i),
      10,
      async (i) => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, page);
        const client = device.open(`noord/page/${options.prefix}-${i}`, doc, { as: people[i] });
        await client.synced(TIMEOUT_MS);
        await client.held(TIMEOUT_MS);
        return client;
      },
    );
    let acked = 0;
    let stop = false;
    const start = performance.now();
    const measureFrom = start + options.warmupMs;
    const measureUntil = measureFrom + options.measureMs;
    let ackedAtStart = -1;
    let ackedAtEnd = -1;
    const sample = () => {
      const now = performance.now();
      if (ackedAtStart < 0 && now >= measureFrom) ackedAtStart = acked;
      if (ackedAtEnd < 0 && now >= measureUntil) {
        ackedAtEnd = acked;
        stop = true;
      }
    };

    const write = async (client: DocClient) => {
      const texts = paragraphTexts(client.doc);
      const inFlight: Promise<void>[] = [];
      // Paced: a batch at most every batch/maxRate seconds, and no catching up after a wait for
      // acknowledgements (a burst would trip Kring's per-connection limit).
      const spacingMs = (options.batch / options.maxRatePerWriter) * 1000;
      let nextAt = performance.now();
      let sent = 0;
      while (!stop) {
        const wait = nextAt - performance.now();
        if (wait > 0) {
          await delay(wait);
          sample();
          continue;
        }
        nextAt = Math.max(nextAt, performance.now()) + spacingMs;
        for (let i = 0; i < options.batch; i++) texts[(sent + i) % texts.length].insert(0, 'x');
        sent += options.batch;
        inFlight.push(
          client.held(TIMEOUT_MS).then(() => {
            acked += options.batch;
            sample();
          }),
        );
        if (inFlight.length >= options.inFlightBatches) await inFlight.shift();
        sample();
      }
      await Promise.all(inFlight);
    };
    const ticker = setInterval(sample, 10);
    try {
      await Promise.all(clients.map(write));
    } finally {
      clearInterval(ticker);
    }
    return (ackedAtEnd - ackedAtStart) / (options.measureMs / 1000);
  } finally {
    device.destroy();
  }
}
