import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import * as Y from 'yjs';
import type { DocumentStore } from './types.ts';

const writerScript = fileURLToPath(new URL('./crash.child.ts', import.meta.url));

/**
 * Starts a process appending to `target` (crash.child.ts), kills it with SIGKILL once a few hundred appends were
 * acknowledged (or, with `killServer`, crashes the database server under it instead), and checks that a store
 * opened afterwards has every acknowledged update.
 */
export async function expectAcknowledgedToSurviveKill(
  target: string,
  open: () => Promise<DocumentStore>,
  killServer?: { kill: () => void; restart: () => Promise<void> },
): Promise<void> {
  const writer = spawn(process.execPath, [writerScript, target], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      let printed = '';
      let killed = false;
      writer.stdout.setEncoding('utf8');
      writer.stdout.on('data', (chunk: string) => {
        printed += chunk;
        // Kill mid-stream, once a few hundred appends were acknowledged.
        if (killed || printed.split('\n').length <= 300) return;
        killed = true;
        if (!killServer) return void writer.kill('SIGKILL');
        killServer.kill();
        // What the writer printed until its store noticed the server was gone.
        setTimeout(() => {
          writer.kill('SIGKILL');
        }, 500);
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
    if (killServer) await killServer.restart();

    const store = await open();
    const doc = new Y.Doc();
    const state = await store.load('noord/chat/crash');
    if (state) Y.applyUpdate(doc, state);
    await store.close();
    const stored = doc.getMap('map');
    expect(acknowledged.filter((i) => stored.get(`k${i}`) !== i)).toEqual([]);
  } finally {
    writer.kill('SIGKILL');
  }
}
