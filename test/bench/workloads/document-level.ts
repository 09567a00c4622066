/**
 * Document-level costs, in this process, no network: Kring's document format (Yjs 13, kept by Kring's server
 * as binary updates) beside Automerge 3, on the same plain text written with the same keystrokes.
 * - the offline day for one document: merging 5,000 offline keystrokes into the server's copy (Yjs: the
 *   state-vector exchange and merge Kring's server does; Automerge: its sync protocol until both are done),
 *   time and bytes exchanged;
 * - loading a 100 KB page from its saved bytes, and the size of those bytes;
 * - memory a loaded 10 KB document holds (1,000 of them in a fresh process).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as A from '@automerge/automerge';
import * as Y from 'yjs';
import { editScript } from '../lib/content.ts';
import { median } from '../lib/stats.ts';
import { applyToAutomerge, applyToYjs, automergeText, dayOps, writingOps, yjsText, type AutomergeText, type TextOp } from '../lib/text.ts';

const run = promisify(execFile);

export interface MergeFigures {
  timeMs: number;
  bytes: number;
}

interface DayDocument {
  baseYjs: Uint8Array;
  deviceYjs: Uint8Array;
  baseAutomerge: Uint8Array;
  deviceAutomerge: Uint8Array;
}
const days = new Map<string, DayDocument[]>();

/** The base documents and the device's copies after the offline day, made once (Automerge's take seconds). */
function dayDocuments(docs: number, edits: number, chars: number): DayDocument[] {
  const key = `${docs}/${edits}/${chars}`;
  let found = days.get(key);
  if (!found) {
    found = Array.from({ length: docs }, (_, i) => {
      const writing = writingOps(chars, 700 + i);
      const length = writing.reduce((sum, op) => sum + op.insert.length - op.remove, 0);
      const day: TextOp[] = dayOps(editScript(edits, 900 + i, 1), length);
      const baseYjs = yjsText(writing, 11 + i);
      const device = new Y.Doc();
      device.clientID = 100_000 + i;
      Y.applyUpdate(device, baseYjs);
      applyToYjs(device, day);
      const baseAutomerge = automergeText(writing, actor(1, i));
      const deviceAutomerge = A.save(applyToAutomerge(A.load<AutomergeText>(baseAutomerge, { actor: actor(2, i) }), day));
      return { baseYjs, deviceYjs: Y.encodeStateAsUpdate(device), baseAutomerge, deviceAutomerge };
    });
    days.set(key, found);
  }
  return found;
}

function actor(kind: number, i: number): string {
  return `${kind.toString(16).padStart(8, '0')}${i.toString(16).padStart(24, '0')}`;
}

/** Per document: merging the offline day into the server's copy. Returns medians over the documents. */
export function mergeOfflineDay(docs: number, edits: number, chars: number): { yjs: MergeFigures; automerge: MergeFigures } {
  const yjs: MergeFigures[] = [];
  const automerge: MergeFigures[] = [];
  for (const day of dayDocuments(docs, edits, chars)) {
    // Yjs as Kring does it: the server's state vector, the device's diff, checked and merged on the server,
    // and the server's (empty) diff for the device.
    const device = new Y.Doc();
    Y.applyUpdate(device, day.deviceYjs);
    let t0 = performance.now();
    const serverVector = Y.encodeStateVectorFromUpdate(day.baseYjs);
    const diff = Y.encodeStateAsUpdate(device, serverVector);
    Y.decodeUpdate(diff);
    Y.mergeUpdates([day.baseYjs, diff]);
    const deviceVector = Y.encodeStateVector(device);
    const back = Y.diffUpdate(day.baseYjs, deviceVector);
    yjs.push({ timeMs: performance.now() - t0, bytes: serverVector.byteLength + diff.byteLength + deviceVector.byteLength + back.byteLength });

    // Automerge's sync protocol between the device and the server, until neither has anything to send.
    let mine = A.load<AutomergeText>(day.deviceAutomerge);
    let theirs = A.load<AutomergeText>(day.baseAutomerge);
    let mineState = A.initSyncState();
    let theirState = A.initSyncState();
    let bytes = 0;
    t0 = performance.now();
    for (let round = 0; round < 20; round++) {
      let toServer: Uint8Array | null;
      [mineState, toServer] = A.generateSyncMessage(mine, mineState);
      if (toServer) {
        bytes += toServer.byteLength;
        [theirs, theirState] = A.receiveSyncMessage(theirs, theirState, toServer);
      }
      let toDevice: Uint8Array | null;
      [theirState, toDevice] = A.generateSyncMessage(theirs, theirState);
      if (toDevice) {
        bytes += toDevice.byteLength;
        [mine, mineState] = A.receiveSyncMessage(mine, mineState, toDevice);
      }
      if (!toServer && !toDevice) break;
    }
    automerge.push({ timeMs: performance.now() - t0, bytes });
    if (!A.equals(mine, theirs)) throw new Error('Automerge did not converge');
  }
  const med = (figures: MergeFigures[]) => ({ timeMs: median(figures.map((f) => f.timeMs)), bytes: median(figures.map((f) => f.bytes)) });
  return { yjs: med(yjs), automerge: med(automerge) };
}

let pages: { yjs: Uint8Array; automerge: Uint8Array } | null = null;

/** Loading a page of `chars` characters from its saved bytes: median time of `loads` loads, and its size. */
export function loadPage(chars: number, loads: number): { yjs: MergeFigures; automerge: MergeFigures } {
  if (!pages) {
    const ops = writingOps(chars, 77);
    pages = { yjs: yjsText(ops, 77), automerge: automergeText(ops, actor(3, 0)) };
  }
  const { yjs, automerge } = pages;
  const time = (load: () => void) =>
    median(
      Array.from({ length: loads }, () => {
        const t0 = performance.now();
        load();
        return performance.now() - t0;
      }),
    );
  return {
    yjs: { timeMs: time(() => Y.applyUpdate(new Y.Doc(), yjs)), bytes: yjs.byteLength },
    automerge: { timeMs: time(() => A.load(automerge)), bytes: automerge.byteLength },
  };
}

/** Memory one loaded document of `chars` characters holds (heap plus external), from `count` in a fresh process. */
export async function memoryPerDocument(chars: number, count: number): Promise<{ yjs: number; automerge: number }> {
  const ops = writingOps(chars, 55);
  const dir = await mkdtemp(join(tmpdir(), 'kring-bench-docs-'));
  try {
    await writeFile(join(dir, 'yjs.bin'), yjsText(ops, 55));
    await writeFile(join(dir, 'automerge.bin'), automergeText(ops, actor(4, 0)));
    const child = fileURLToPath(new URL('./hold-documents.child.ts', import.meta.url));
    const measure = async (kind: 'yjs' | 'automerge') => {
      const { stdout } = await run(process.execPath, ['--expose-gc', child, kind, join(dir, `${kind}.bin`), String(count)], { timeout: 120_000 });
      const figures = JSON.parse(stdout) as { heapPerDocument: number; externalPerDocument: number };
      return figures.heapPerDocument + figures.externalPerDocument;
    };
    return { yjs: await measure('yjs'), automerge: await measure('automerge') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
