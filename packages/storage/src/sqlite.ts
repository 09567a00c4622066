import { Worker } from 'node:worker_threads';
import { StoreClosedError } from './errors.ts';
import type { DocumentChange, DocumentStore, HistoryEntry, StoredBytes, VersionInfo } from './types.ts';
import { assertLimit } from './util/assertLimit.ts';
import type { WorkerReply, WorkerRequest } from './sqlite-worker.ts';

/** A request without its id, which the store adds. */
type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/**
 * Keeps documents in a SQLite file, through a worker thread that does every read and write (see
 * sqlite-worker.ts): the caller's event loop never waits for the disk. Appends that arrive together are
 * committed in one transaction (group commit), and each resolves only after that commit, so "saved" can be
 * said once it resolves. Every other call sees the appends made before it.
 */
export class SqliteDocumentStore implements DocumentStore {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  #nextId = 1;
  #closing: Promise<void> | null = null;
  #failed: Error | null = null;

  /**
   * @param path the SQLite file (created if missing; WAL, synchronous = FULL). The app's account tables may
   *   live in the same file, on the app's own connection.
   */
  constructor(path: string) {
    this.#worker = new Worker(new URL('./sqlite-worker.ts', import.meta.url), { workerData: { path } });
    this.#worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.message));
    });
    // A worker that dies takes nothing stored with it, but every call after that must fail, not hang.
    const fail = (error: Error) => {
      this.#failed = error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', () => fail(new StoreClosedError()));
  }

  append(docName: string, update: Uint8Array, author: string | null, claims: readonly number[] = []): Promise<number> {
    // The copy is the caller's to reuse at once: postMessage clones it now.
    return this.#call({ op: 'append', docName, data: update, author, at: Date.now(), claims }) as Promise<number>;
  }

  appendErasing(docName: string, update: Uint8Array, author: string | null, state: Uint8Array, claims: readonly number[] = []): Promise<number> {
    return this.#call({ op: 'appendErasing', docName, data: update, author, at: Date.now(), state, claims }) as Promise<number>;
  }

  writers(docName: string): Promise<Map<number, string | null>> {
    return this.#call({ op: 'writers', docName }) as Promise<Map<number, string | null>>;
  }

  load(docName: string): Promise<Uint8Array | null> {
    return this.#call({ op: 'load', docName }) as Promise<Uint8Array | null>;
  }

  async compact(docName: string): Promise<void> {
    await this.#call({ op: 'compact', docName });
  }

  logLength(docName: string): Promise<number> {
    return this.#call({ op: 'logLength', docName }) as Promise<number>;
  }

  history(docName: string): Promise<HistoryEntry[]> {
    return this.#call({ op: 'history', docName }) as Promise<HistoryEntry[]>;
  }

  saveVersion(docName: string, label: string, author: string | null): Promise<number> {
    return this.#call({ op: 'saveVersion', docName, label, author }) as Promise<number>;
  }

  listVersions(docName: string): Promise<VersionInfo[]> {
    return this.#call({ op: 'listVersions', docName }) as Promise<VersionInfo[]>;
  }

  loadVersion(docName: string, versionId: number): Promise<Uint8Array | null> {
    return this.#call({ op: 'loadVersion', docName, versionId }) as Promise<Uint8Array | null>;
  }

  async changesSince(cursor: number, limit = 1000): Promise<{ changes: DocumentChange[]; cursor: number }> {
    assertLimit(limit);
    const changes = (await this.#call({ op: 'changesSince', cursor, limit })) as DocumentChange[];
    return { changes, cursor: changes.at(-1)?.seq ?? cursor };
  }

  storedBytes(): Promise<StoredBytes[]> {
    return this.#call({ op: 'storedBytes' }) as Promise<StoredBytes[]>;
  }

  close(): Promise<void> {
    // Marked closed at once so no call slips in after the last commit; a second call gets the same promise.
    this.#closing ??= (async () => {
      if (!this.#failed) await this.#send({ op: 'close' }).catch(() => undefined);
      await this.#worker.terminate();
    })();
    return this.#closing;
  }

  #call(request: Request): Promise<unknown> {
    if (this.#closing) return Promise.reject(new StoreClosedError());
    return this.#send(request);
  }

  #send(request: Request): Promise<unknown> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }
}
