/** What the server reads from an update without applying it to a document. */
import * as Y from 'yjs';

/** The map keys an update sets (each new item's `parentSub`), for content rules such as polls switched off. */
export function changedKeys(decoded: ReturnType<typeof Y.decodeUpdate>): Set<string> {
  const keys = new Set<string>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Item && struct.parentSub !== null) keys.add(struct.parentSub);
  }
  return keys;
}

/** Which clock ranges an update covers per client: what `Y.parseUpdateMeta` says, from an update already decoded. */
export interface UpdateMeta {
  from: Map<number, number>;
  to: Map<number, number>;
}

/**
 * The same as `Y.parseUpdateMeta(update)`, read from the structs `Y.decodeUpdate` gave (in the same order), so
 * the server parses each update once rather than twice.
 */
export function metaOf(decoded: ReturnType<typeof Y.decodeUpdate>): UpdateMeta {
  const from = new Map<number, number>();
  const to = new Map<number, number>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (!from.has(client)) from.set(client, clock);
    to.set(client, clock + struct.length);
  }
  return { from, to };
}

/**
 * Whether an update holds nothing that `state` (a whole document as one update) lacks: every struct and every
 * deletion in it is already there. A device sends the server's own content back now and then (a second copy of
 * the document on the device, in another tab or from IndexedDB, hands it over as if it were new); that is no write.
 */
export function addsNothingTo(decoded: ReturnType<typeof Y.decodeUpdate>, state: Uint8Array): boolean {
  const known = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state));
  for (const struct of decoded.structs) {
    // A skip is a gap between the structs an update carries, not content.
    if (!(struct instanceof Y.Skip) && struct.id.clock + struct.length > (known.get(struct.id.client) ?? 0)) return false;
  }
  if (decoded.ds.clients.size === 0) return true;
  const deleted = Y.decodeUpdate(state).ds.clients;
  for (const [client, ranges] of decoded.ds.clients) {
    const have = [...(deleted.get(client) ?? [])].sort((a, b) => a.clock - b.clock);
    for (const { clock, len } of ranges) if (!covers(have, clock, clock + len)) return false;
  }
  return true;
}

/** Whether the sorted deleted ranges `have` cover the clocks [from, to). */
function covers(have: readonly { clock: number; len: number }[], from: number, to: number): boolean {
  let reached = from;
  for (const { clock, len } of have) {
    if (clock > reached) break;
    reached = Math.max(reached, clock + len);
    if (reached >= to) return true;
  }
  return reached >= to;
}
