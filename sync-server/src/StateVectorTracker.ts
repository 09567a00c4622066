import * as Y from 'yjs';
import type { UpdateMeta } from './updates.ts';

/**
 * Follows a document's state vector from the updates added to it, without holding the document. An update
 * whose range for some client starts after what is known waits until the gap before it is filled, as Yjs does
 * with pending structs, so the vector never claims more than is there.
 */
export class StateVectorTracker {
  readonly #clocks = new Map<number, number>();
  #waiting: { from: Map<number, number>; to: Map<number, number> }[] = [];

  /** @param initial a whole document as one update, or its state vector already decoded */
  constructor(initial?: Uint8Array | Map<number, number>) {
    const clocks = initial instanceof Uint8Array ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(initial)) : initial;
    for (const [client, clock] of clocks ?? []) this.#clocks.set(client, clock);
  }

  /**
   * @param meta the update's clock ranges, when the caller already has them (see `metaOf`)
   * @returns the clients whose clock moved on (an update that fills a gap also moves those waiting behind it)
   */
  add(update: Uint8Array, meta: UpdateMeta = Y.parseUpdateMeta(update)): Set<number> {
    const advanced = new Set<number>();
    this.#waiting.push(meta);
    // Apply every range that now connects; repeat while something changed, since one may unblock another.
    let progressed = true;
    while (progressed && this.#waiting.length > 0) {
      progressed = false;
      this.#waiting = this.#waiting.filter((meta) => {
        for (const [client, from] of meta.from) if (from > (this.#clocks.get(client) ?? 0)) return true;
        for (const [client, to] of meta.to) {
          if (to > (this.#clocks.get(client) ?? 0)) {
            this.#clocks.set(client, to);
            advanced.add(client);
          }
        }
        progressed = true;
        return false;
      });
    }
    return advanced;
  }

  /** @param clients only these clients' entries (those known), else all */
  encode(clients?: Iterable<number>): Uint8Array {
    if (!clients) return Y.encodeStateVector(this.#clocks);
    const some = new Map<number, number>();
    for (const client of clients) {
      const clock = this.#clocks.get(client);
      if (clock !== undefined) some.set(client, clock);
    }
    return Y.encodeStateVector(some);
  }
}
