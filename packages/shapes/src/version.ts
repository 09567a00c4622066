/**
 * A document's version, as a person saw it: what it holds and what was deleted in it (a Yjs snapshot), as text
 * that travels in a JSON request. Deletions count: a state vector alone does not change when text is removed.
 * Used by editors, who publish exactly the version they reviewed (docs/api.md, editorial workflow).
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';

export function versionOf(doc: Y.Doc): string {
  return toBase64(Y.encodeSnapshot(Y.snapshot(doc)));
}

/** Whether `doc` is still at `version`; false for anything that is not a version at all. */
export function isAtVersion(doc: Y.Doc, version: string): boolean {
  try {
    return Y.equalSnapshots(Y.snapshot(doc), Y.decodeSnapshot(fromBase64(version)));
  } catch {
    return false;
  }
}
