// Started by the crash tests (crash.ts): appends updates to the store named in argv[2] (a SQLite file, or a
// postgres:// URL) until it is killed, printing each update's number once its append has resolved, that is once
// the store called it durable.
import * as Y from 'yjs';
import { PostgresDocumentStore } from './postgres.ts';
import { SqliteDocumentStore } from './sqlite.ts';

const target = process.argv[2];
const store = target.startsWith('postgres://') ? new PostgresDocumentStore(target) : new SqliteDocumentStore(target);
let next = 0;

async function write(): Promise<void> {
  for (;;) {
    const i = next++;
    const doc = new Y.Doc();
    doc.getMap('map').set(`k${i}`, i);
    try {
      await store.append('noord/chat/crash', Y.encodeStateAsUpdate(doc), 'anna');
    } catch {
      // The database went away (a test crashed its server): this writer stops, unacknowledged.
      return;
    }
    // Synchronous on a pipe (Linux), so a printed number has left this process before the next line runs.
    process.stdout.write(`${i}\n`);
  }
}

// Several writers at once, so the kill lands among group commits of more than one append.
for (let writer = 0; writer < 8; writer++) void write();
// Never outlive a test that failed to kill this process.
setTimeout(() => process.exit(1), 10_000);
