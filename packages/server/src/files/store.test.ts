import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { fileId } from '@kring/shapes';
import { runFileStoreTests } from './store-acceptance.ts';
import { FsFileStore, MemoryFileStore } from './store.ts';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kring-files-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

runFileStoreTests('MemoryFileStore', () => new MemoryFileStore());
runFileStoreTests('FsFileStore', () => new FsFileStore(folder()));

it('FsFileStore leaves no file behind on delete, and no half-written file beside it', async () => {
  const dir = folder();
  const store = new FsFileStore(dir);
  const id = fileId('anna', 'noord/feed/2026-12', 'k1');
  await store.put(id, new Uint8Array(1000));
  expect(readdirSync(join(dir, id.slice(0, 2)))).toEqual([id]);
  await store.delete(id);
  expect(existsSync(store.pathOf(id))).toBe(false);
});
