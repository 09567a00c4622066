/** The one suite every FileStore passes (`runFileStoreTests(() => new MyStore())`). */
import { describe, expect, it } from 'vitest';
import { fileId } from '@kring/shapes';
import type { FileStore } from './store.ts';

export function runFileStoreTests(name: string, open: () => FileStore | Promise<FileStore>): void {
  const id = fileId('anna', 'noord/feed/2026-12', 'k1');
  const other = fileId('bram', 'noord/feed/2026-12', 'k1');

  describe(`${name} (FileStore)`, () => {
    it('gives back what was put, and null for what was never put', async () => {
      const store = await open();
      await store.put(id, new Uint8Array([1, 2, 3]));
      expect(await store.get(id)).toEqual(new Uint8Array([1, 2, 3]));
      expect(await store.get(other)).toBeNull();
    });

    it('replaces on a second put, and keeps no copy of the caller’s bytes', async () => {
      const store = await open();
      const bytes = new Uint8Array([1]);
      await store.put(id, bytes);
      bytes[0] = 9;
      expect(await store.get(id)).toEqual(new Uint8Array([1]));
      await store.put(id, new Uint8Array([4, 5]));
      expect(await store.get(id)).toEqual(new Uint8Array([4, 5]));
    });

    it('deletes for good, and deleting nothing is fine', async () => {
      const store = await open();
      await store.put(id, new Uint8Array([1]));
      await store.delete(id);
      await store.delete(id);
      expect(await store.get(id)).toBeNull();
    });

    it('refuses anything but a file id, so no name walks out of the store', async () => {
      const store = await open();
      for (const bad of ['../kring.sqlite', '', 'ab', id.toUpperCase(), `${id}/x`]) {
        await expect(store.put(bad, new Uint8Array([1]))).rejects.toThrow(TypeError);
        await expect(store.get(bad)).rejects.toThrow(TypeError);
      }
    });
  });
}
