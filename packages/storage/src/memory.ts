import * as Y from 'yjs';
import { StoreClosedError } from './errors.ts';
import { assertLimit } from './util/assertLimit.ts';
import { withoutDeleted } from './util/erase.ts';
import type { DocumentChange, DocumentStore, HistoryEntry, StoredBytes, VersionInfo } from './types.ts';

interface StoredDocument {
  snapshot: Uint8Array | null;
  log: Uint8Array[];
  history: HistoryEntry[];
  writers: Map<number, string | null>;
}

interface StoredVersion extends VersionInfo {
  docName: string;
  state: Uint8Array;
}

/**
 * Keeps documents in this process's memory, for tests. Behaves like the SQLite store (it passes the same
 * acceptance suite) except that nothing survives the process.
 */
export class MemoryDocumentStore implements DocumentStore {
  private readonly documents = new Map<string, StoredDocument>();
  /** Latest sequence number per document, for `changesSince`. */
  private readonly heads = new Map<string, number>();
  private readonly versions = new Map<number, StoredVersion>();
  private lastSeq = 0;
  private lastVersionId = 0;
  private closed = false;

  async append(docName: string, update: Uint8Array, author: string | null, claims: readonly number[] = []): Promise<number> {
    return this.appendNow(docName, update, author, claims);
  }

  /** Synchronous, so nothing can come between an erasure's update and the rest of the erasure. */
  private appendNow(docName: string, update: Uint8Array, author: string | null, claims: readonly number[]): number {
    this.assertOpen();
    const seq = ++this.lastSeq;
    const document: StoredDocument = this.documents.get(docName) ?? { snapshot: null, log: [], history: [], writers: new Map() };
    for (const client of claims) if (!document.writers.has(client)) document.writers.set(client, author);
    this.documents.set(docName, document);
    // A copy, because the caller may reuse its buffer.
    document.log.push(new Uint8Array(update));
    document.history.push({ seq, author, at: Date.now(), size: update.byteLength });
    this.heads.set(docName, seq);
    return seq;
  }

  async appendErasing(docName: string, update: Uint8Array, author: string | null, state: Uint8Array, claims: readonly number[] = []): Promise<number> {
    // Not awaited: an append called right after this one must not land in the log this clears.
    const seq = this.appendNow(docName, update, author, claims);
    const document = this.documents.get(docName)!;
    document.snapshot = new Uint8Array(state);
    document.log = [];
    for (const version of this.versions.values()) if (version.docName === docName) version.state = withoutDeleted(version.state, state);
    return seq;
  }

  async load(docName: string): Promise<Uint8Array | null> {
    this.assertOpen();
    return this.state(docName);
  }

  async writers(docName: string): Promise<Map<number, string | null>> {
    this.assertOpen();
    return new Map(this.documents.get(docName)?.writers);
  }

  async compact(docName: string): Promise<void> {
    this.assertOpen();
    const document = this.documents.get(docName);
    if (!document || document.log.length === 0) return;
    document.snapshot = this.state(docName);
    document.log = [];
  }

  async logLength(docName: string): Promise<number> {
    this.assertOpen();
    return this.documents.get(docName)?.log.length ?? 0;
  }

  async history(docName: string): Promise<HistoryEntry[]> {
    this.assertOpen();
    return (this.documents.get(docName)?.history ?? []).map((entry) => ({ ...entry }));
  }

  async saveVersion(docName: string, label: string, author: string | null): Promise<number> {
    this.assertOpen();
    const id = ++this.lastVersionId;
    const state = this.state(docName) ?? Y.mergeUpdates([]);
    this.versions.set(id, { id, label, author, at: Date.now(), docName, state });
    return id;
  }

  async listVersions(docName: string): Promise<VersionInfo[]> {
    this.assertOpen();
    return [...this.versions.values()]
      .filter((version) => version.docName === docName)
      .map(({ id, label, author, at }) => ({ id, label, author, at }));
  }

  async loadVersion(docName: string, versionId: number): Promise<Uint8Array | null> {
    this.assertOpen();
    const version = this.versions.get(versionId);
    return version && version.docName === docName ? new Uint8Array(version.state) : null;
  }

  async changesSince(cursor: number, limit = 1000): Promise<{ changes: DocumentChange[]; cursor: number }> {
    this.assertOpen();
    assertLimit(limit);
    const changes = [...this.heads]
      .filter(([, seq]) => seq > cursor)
      .sort(([, a], [, b]) => a - b)
      .slice(0, limit)
      .map(([docName, seq]) => ({ docName, seq }));
    return { changes, cursor: changes.at(-1)?.seq ?? cursor };
  }

  async storedBytes(): Promise<StoredBytes[]> {
    this.assertOpen();
    const sums = new Map<string, StoredBytes>();
    for (const [docName, { history }] of this.documents) {
      const spaceId = docName.slice(0, docName.indexOf('/'));
      for (const { author, size } of history) {
        const key = JSON.stringify([author, spaceId]);
        const sum = sums.get(key) ?? { author, spaceId, bytes: 0 };
        sum.bytes += size;
        sums.set(key, sum);
      }
    }
    return [...sums.values()];
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private state(docName: string): Uint8Array | null {
    const document = this.documents.get(docName);
    if (!document) return null;
    const parts = document.snapshot ? [document.snapshot, ...document.log] : document.log;
    // mergeUpdates hands back a lone part as is; copy it so callers cannot change what is stored.
    return parts.length === 1 ? new Uint8Array(parts[0]) : Y.mergeUpdates(parts);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}
