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
