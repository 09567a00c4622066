/**
 * Server memory: 1,000 documents of about 10 KB open (one client each), and again 30 s after every client
 * has left. Measured inside the server process (it runs with --inspect): V8 heap plus external memory
 * (ArrayBuffer backing stores: Kring keeps open documents as binary updates, which live there) after a full
 * garbage collection, and the documents the server still holds. On Kring a simulated device holds 10 documents
 * open, each device its own person (lib/people.ts), made before the empty server is measured: a person per
 * document would cost a password hash each, minutes for 1,000, and 10 stays well within a person's sockets and new
 * documents an hour (docs/api.md, "Quotas").
 */
import * as Y from 'yjs';
import { measureMemory, type MemoryFigures } from '../lib/children.ts';
import { Device } from '../lib/clients.ts';
import { makePage } from '../lib/content.ts';
import { seedPeople } from '../lib/people.ts';
import type { RunningServer } from '../lib/servers.ts';
import { delay, inBatches } from '../lib/wait.ts';

const TIMEOUT_MS = 60_000;
const TEMPLATES = 20;
const DOCUMENTS_PER_DEVICE = 10;

export interface OpenFigures {
  baseline: MemoryFigures;
  open: MemoryFigures;
  documentsOpen: number;
  /** performance.now() when the last client had left. */
  leftAt: number;
}

let templates: Uint8Array[] | null = null;

/** Opens `docs` documents, one client each, measures, and lets every client leave. */
export async function openAndLeave(server: RunningServer, docs: number, pageBytes: number, prefix: string): Promise<OpenFigures> {
  templates ??= Array.from({ length: TEMPLATES }, (_, i) => makePage(pageBytes, 3000 + i));
  const pages = templates;
  const people = server.system === 'kring' ? await seedPeople(server, Math.ceil(docs / DOCUMENTS_PER_DEVICE), { label: prefix }) : [];
  const baseline = await measureMemory(server.child);
  const device = new Device(server);
  try {
    await inBatches(
      Array.from({ length: docs }, (_, i) => i),
      25,
      async (i) => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, pages[i % pages.length]);
        const client = device.open(`noord/page/${prefix}-${i}`, doc, { as: people[Math.floor(i / DOCUMENTS_PER_DEVICE)] });
        await client.synced(TIMEOUT_MS);
        await client.held(TIMEOUT_MS);
      },
    );
    await delay(1000);
    const open = await measureMemory(server.child);
    const documentsOpen = await server.documentsInMemory();
    device.destroy();
    return { baseline, open, documentsOpen, leftAt: performance.now() };
  } finally {
    device.destroy();
  }
}

export interface IdleFigures {
  idle: MemoryFigures;
  documentsInMemory: number;
}

/** Waits until `idleMs` after the clients left, then measures. */
export async function afterIdle(server: RunningServer, leftAt: number, idleMs: number): Promise<IdleFigures> {
  const wait = leftAt + idleMs - performance.now();
  if (wait > 0) await delay(wait);
  return { idle: await measureMemory(server.child), documentsInMemory: await server.documentsInMemory() };
}
