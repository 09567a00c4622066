/**
 * What one person may take of the server, across all their devices: open sockets, new documents an hour, bytes a
 * minute and bytes stored; and what a space may hold. The sync server asks on every admitted write, so everything
 * is counted in memory (the stored totals are read once, at start): a few map lookups per update, no query.
 */
import type { DocumentStore } from '@kring/storage';
import { TokenBucket, type Principal, type QuotaRefusal, type QuotaWrite, type SyncQuota } from '@kring/sync-server';

export interface QuotaLimits {
  /** Sockets one person may have open at once, all devices together. */
  socketsPerPerson: number;
  /** Documents one person may make an hour (a bucket that holds an hour's worth). */
  newDocumentsPerHour: number;
  /** Bytes of updates one person may store a minute (a bucket that holds a minute's worth). */
  bytesPerMinute: number;
  /** Bytes of updates one person may have stored in all. */
  bytesPerPerson: number;
  /** Bytes of updates one space's documents may hold, whoever wrote them. */
  bytesPerSpace: number;
}

const MiB = 1024 * 1024;

/** The defaults and why each is what it is: docs/api.md, "Quotas". */
export const DEFAULT_QUOTAS: QuotaLimits = {
  socketsPerPerson: 100,
  newDocumentsPerHour: 100,
  bytesPerMinute: 16 * MiB,
  bytesPerPerson: 1024 * MiB,
  bytesPerSpace: 10 * 1024 * MiB,
};

export class Quotas implements SyncQuota {
  readonly limits: QuotaLimits;
  readonly #now: () => number;
  readonly #sockets = new Map<string, number>();
  readonly #bytes = new Map<string, TokenBucket>();
  readonly #documents = new Map<string, TokenBucket>();
  readonly #storedByPerson = new Map<string, number>();
  readonly #storedBySpace = new Map<string, number>();

  constructor(limits: Partial<QuotaLimits> = {}, now: () => number = () => performance.now()) {
    this.limits = { ...DEFAULT_QUOTAS, ...limits };
    this.#now = now;
  }

  /** Quotas that start from what `store` holds already. */
  static async open(store: DocumentStore, limits: Partial<QuotaLimits> = {}): Promise<Quotas> {
    const quotas = new Quotas(limits);
    for (const { author, spaceId, bytes } of await store.storedBytes()) {
      if (author !== null) add(quotas.#storedByPerson, author, bytes);
      add(quotas.#storedBySpace, spaceId, bytes);
    }
    return quotas;
  }

  openSocket({ userId }: Principal): QuotaRefusal | (() => void) {
    const open = this.#sockets.get(userId) ?? 0;
    // A socket of someone else closing is what frees one; a few seconds is the usual wait.
    if (open >= this.limits.socketsPerPerson) return { limit: 'sockets', retryAfterSeconds: 10 };
    this.#sockets.set(userId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#sockets.get(userId) ?? 1) - 1;
      if (left > 0) this.#sockets.set(userId, left);
      else this.#sockets.delete(userId);
    };
  }

  spend({ userId }: Principal, writes: readonly QuotaWrite[]): QuotaRefusal | null {
    let bytes = 0;
    let created = 0;
    const bySpace = new Map<string, number>();
    for (const write of writes) {
      bytes += write.bytes;
      if (write.creates) created++;
      add(bySpace, spaceOf(write.docName), write.bytes);
    }
    if ((this.#storedByPerson.get(userId) ?? 0) + bytes > this.limits.bytesPerPerson) return { limit: 'person-storage', retryAfterSeconds: null };
    for (const [spaceId, more] of bySpace) {
      if ((this.#storedBySpace.get(spaceId) ?? 0) + more > this.limits.bytesPerSpace) return { limit: 'space-storage', retryAfterSeconds: null };
    }
    const now = this.#now();
    const documents = bucket(this.#documents, userId, this.limits.newDocumentsPerHour / 3600, this.limits.newDocumentsPerHour, now);
    const minute = bucket(this.#bytes, userId, this.limits.bytesPerMinute / 60, this.limits.bytesPerMinute, now);
    const waitForDocuments = created > 0 ? documents.wait(created, now) : 0;
    if (waitForDocuments > 0) return { limit: 'new-documents', retryAfterSeconds: seconds(waitForDocuments) };
    const waitForBytes = minute.wait(bytes, now);
    if (waitForBytes > 0) return { limit: 'bytes-per-minute', retryAfterSeconds: seconds(waitForBytes) };
    if (created > 0) documents.take(created, now);
    minute.take(bytes, now);
    add(this.#storedByPerson, userId, bytes);
    for (const [spaceId, more] of bySpace) add(this.#storedBySpace, spaceId, more);
    return null;
  }

  /**
   * Takes an upload of `bytes` (a picture) for a document of `spaceId` from the person's allowances: it counts
   * against the same bytes a minute and storage as their document writes. Null when it may go ahead.
   */
  spendFile(userId: string, spaceId: string, bytes: number): QuotaRefusal | null {
    if ((this.#storedByPerson.get(userId) ?? 0) + bytes > this.limits.bytesPerPerson) return { limit: 'person-storage', retryAfterSeconds: null };
    if ((this.#storedBySpace.get(spaceId) ?? 0) + bytes > this.limits.bytesPerSpace) return { limit: 'space-storage', retryAfterSeconds: null };
    const now = this.#now();
    const minute = bucket(this.#bytes, userId, this.limits.bytesPerMinute / 60, this.limits.bytesPerMinute, now);
    const wait = minute.wait(bytes, now);
    if (wait > 0) return { limit: 'bytes-per-minute', retryAfterSeconds: seconds(wait) };
    minute.take(bytes, now);
    this.stored(userId, spaceId, bytes);
    return null;
  }

  /** Counts bytes stored outside the documents (files), found at start or given back when deleted (negative). */
  stored(userId: string, spaceId: string, bytes: number): void {
    add(this.#storedByPerson, userId, bytes);
    add(this.#storedBySpace, spaceId, bytes);
  }
}

function add(sums: Map<string, number>, key: string, amount: number): void {
  sums.set(key, (sums.get(key) ?? 0) + amount);
}

function spaceOf(docName: string): string {
  return docName.slice(0, docName.indexOf('/'));
}

function bucket(buckets: Map<string, TokenBucket>, userId: string, rate: number, burst: number, now: number): TokenBucket {
  let found = buckets.get(userId);
  if (!found) buckets.set(userId, (found = new TokenBucket(rate, burst, now)));
  return found;
}

/** Whole seconds for Retry-After; null when no wait is enough (more than a whole allowance at once). */
function seconds(ms: number): number | null {
  return Number.isFinite(ms) ? Math.max(1, Math.ceil(ms / 1000)) : null;
}
