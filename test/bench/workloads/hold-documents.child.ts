/**
 * Run by document-level.ts in a fresh process (node --expose-gc): loads `count` copies of a saved document
 * (Yjs or Automerge) and prints how much memory they hold, after a full garbage collection, as JSON.
 * Usage: node --expose-gc hold-documents.child.ts <yjs|automerge> <file> <count>
 */
import { readFileSync } from 'node:fs';
import * as A from '@automerge/automerge';
import * as Y from 'yjs';

const [kind, file, countText] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(file));
const count = Number(countText);
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with --expose-gc');

const load = kind === 'automerge' ? () => A.load(bytes) : () => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, bytes);
  return doc;
};
// Warm up the loader (and, for Automerge, its WebAssembly memory) before the baseline.
load();
collect();
collect();
const before = process.memoryUsage();
const held: unknown[] = [];
for (let i = 0; i < count; i++) held.push(load());
collect();
collect();
const after = process.memoryUsage();
console.log(JSON.stringify({
  held: held.length,
  heapPerDocument: (after.heapUsed - before.heapUsed) / count,
  externalPerDocument: (after.external - before.external) / count,
  rssPerDocument: (after.rss - before.rss) / count,
}));
