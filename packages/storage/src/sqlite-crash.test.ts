import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteDocumentStore } from './sqlite.ts';

const writerScript = fileURLToPath(new URL('./sqlite-crash.child.ts', import.meta.url));

it('keeps every append that resolved before the process was killed with SIGKILL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-storage-crash-'));
  const file = path.join(dir, 'kring.db');
  const writer = spawn(process.execPath, [writerScript, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      let printed = '';
      writer.stdout.setEncoding('utf8');
      writer.stdout.on('data', (chunk: string) => {
        printed += chunk;
        // Kill mid-stream, once a few hundred appends were acknowledged.
        if (printed.split('\n').length > 300) writer.kill('SIGKILL');
      });
      writer.on('error', reject);
      writer.on('close', (code, signal) => {
        if (signal === 'SIGKILL') resolve(printed);
        else reject(new Error(`the writer exited by itself (code ${code})`));
      });
    });
    // Only whole lines: a number is acknowledged once its newline was printed.
    const acknowledged = output.split('\n').slice(0, -1).map(Number);
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const store = new SqliteDocumentStore(file);
    const doc = new Y.Doc();
    const state = await store.load('noord/chat/crash');
    if (state) Y.applyUpdate(doc, state);
    await store.close();
    const stored = doc.getMap('map');
    expect(acknowledged.filter((i) => stored.get(`k${i}`) !== i)).toEqual([]);
  } finally {
    writer.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 10_000);
