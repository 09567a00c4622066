/**
 * Where the bytes of files (pictures) live, behind one small interface: the file system by default, in memory for
 * tests; an S3-compatible store can implement the same three calls. Every store passes the shared suite in
 * store-acceptance.ts. Ids are file ids (64 hex digits), checked here too, so no id ever walks out of the folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isFileId } from '@kring/shapes';

export interface FileStore {
  /** Stores `bytes` under `id`, durably before it resolves; replaces what was there. */
  put(id: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `id`, or null when there are none. */
  get(id: string): Promise<Uint8Array | null>;
  /** Removes `id` for good; nothing there is fine. */
  delete(id: string): Promise<void>;
}

function checked(id: string): string {
  if (!isFileId(id)) throw new TypeError(`not a file id: ${id}`);
  return id;
}

/** Files in a folder, `<first two digits>/<id>`, so no folder holds more than a 256th of them. */
export class FsFileStore implements FileStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Where `id` is (or would be) on disk. */
  pathOf(id: string): string {
    return join(this.#dir, checked(id).slice(0, 2), id);
  }

  async put(id: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(id);
    await mkdir(join(this.#dir, id.slice(0, 2)), { recursive: true });
    // Written aside and renamed in place: a reader never sees half a picture, a crash leaves no torn file.
    const aside = `${path}.${randomBytes(6).toString('hex')}.part`;
    const file = await open(aside, 'w', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(aside, path);
  }

  async get(id: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.pathOf(id)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }
}

/** Files in memory, for tests. */
export class MemoryFileStore implements FileStore {
  readonly #files = new Map<string, Uint8Array>();

  async put(id: string, bytes: Uint8Array): Promise<void> {
    this.#files.set(checked(id), bytes.slice());
  }

  async get(id: string): Promise<Uint8Array | null> {
    return this.#files.get(checked(id))?.slice() ?? null;
  }

  async delete(id: string): Promise<void> {
    this.#files.delete(checked(id));
  }
}
