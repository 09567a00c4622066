import * as Y from 'yjs';

/**
 * `version` (an older state of a document) without the content that `state` (its current state) deletes: the
 * delete set of `state` applied to a garbage-collected Y.Doc of the version, re-encoded. What the version holds and
 * `state` still has stays as it was.
 */
export function withoutDeleted(version: Uint8Array, state: Uint8Array): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, version);
  // Only the delete set: no structs, since every struct of `state` is at or below its own state vector.
  Y.applyUpdate(doc, Y.diffUpdate(state, Y.encodeStateVectorFromUpdate(state)));
  const erased = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return erased;
}
