import type { UpdateMeta } from './updates.ts';

/**
 * Who writes as which Yjs client in one document. A client id is a number a device picks, and nothing in an
 * update proves who picked it: a writer could send content under another writer's client id at that writer's
 * next clocks. The real update would then arrive as already known and be dropped, while its sender still
 * heard "saved" (a silent loss), and the content would pass as the other's. So the first person to write new
 * content as a client takes it in this document, and from then on only they add content as it. Content already
 * held (an echo of what the server sent) may come from anyone. Kept with the document (`DocumentStore.writers`),
 * since a compacted log keeps no bytes per author.
 */
export class ClientWriters {
  /** Client id to user id; null is the server. */
  readonly #owners: Map<number, string | null>;
  /** The highest clock received per client: content past it is new. */
  readonly #seen: Map<number, number>;

  constructor(owners: Map<number, string | null>, seen: Map<number, number>) {
    this.#owners = owners;
    this.#seen = new Map(seen);
  }

  /** Whether an update adds content as a client someone else (or the server) has taken. */
  writesAsOthers(meta: UpdateMeta, userId: string): boolean {
    for (const [client, to] of meta.to) {
      if (to <= (this.#seen.get(client) ?? 0)) continue;
      const owner = this.#owners.get(client);
      if (owner !== undefined && owner !== userId) return true;
    }
    return false;
  }

  /**
   * Notes an update taken into the document as `author`'s. Returns the clients it is the first to write as,
   * which the store keeps with the update.
   */
  record(meta: UpdateMeta, author: string | null): number[] {
    const claims: number[] = [];
    for (const [client, to] of meta.to) {
      if (to <= (this.#seen.get(client) ?? 0)) continue;
      this.#seen.set(client, to);
      if (this.#owners.has(client)) continue;
      this.#owners.set(client, author);
      claims.push(client);
    }
    return claims;
  }
}
