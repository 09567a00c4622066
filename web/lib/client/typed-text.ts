/**
 * What a person typed in the part of a document the server has not taken: the text of posts, comments, titles,
 * notes and descriptions, read before the device drops a refused document, so the notice can show it and the
 * person can copy it. Ids, names, dates and other fields are left out.
 */
import * as Y from 'yjs';

/** Map keys whose string value is something a person typed (feed posts and comments, boards, pages' titles). */
const TYPED_KEYS: ReadonlySet<string> = new Set(['text', 'title', 'note', 'description']);

/**
 * The typed texts of `update` (what the server has not confirmed of `doc`), as `doc` holds them, in the order
 * written. Each struct is looked up in `doc`, where it sits under its key (the update alone names only the origin
 * of an overwrite).
 */
export function typedTexts(doc: Y.Doc, update: Uint8Array): string[] {
  const texts: string[] = [];
  const seen = new Set<Y.Item>();
  /** The text type the last run of characters came from: runs of one text typed in several edits are joined. */
  let lastText: unknown = null;
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item)) continue;
    const item = Y.getItem(doc.store, struct.id);
    if (!(item instanceof Y.Item) || item.deleted || seen.has(item)) continue;
    seen.add(item);
    const content = item.content;
    if (content instanceof Y.ContentString) {
      if (lastText === item.parent && texts.length > 0) texts[texts.length - 1] += content.str;
      else texts.push(content.str);
      lastText = item.parent;
      continue;
    }
    lastText = null;
    if (content instanceof Y.ContentAny) {
      for (const value of content.arr) {
        if (typeof value === 'string' && item.parentSub !== null && TYPED_KEYS.has(item.parentSub)) texts.push(value);
        // A plain record in a list (a hand-over): its note.
        else if (value !== null && typeof value === 'object' && typeof (value as { note?: unknown }).note === 'string') texts.push((value as { note: string }).note);
      }
    }
  }
  return texts.map((text) => text.trim()).filter((text) => text.length > 0);
}
