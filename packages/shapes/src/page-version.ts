/**
 * A page's saved versions as people read and restore them. A version is a whole stored state (the server keeps
 * no Yjs snapshots: garbage collection would break them), so what a version "is" is its title and its top-level
 * blocks. Comparing two versions and restoring one both work per block.
 */
import { diffArrays } from 'diff';
import * as Y from 'yjs';
import { PAGE_TITLE_FIELD, getPageTitle, pageBody, pagePlainText } from './page.ts';
import { replaceText } from './internal.ts';

/** A page's readable text: its title, and one string per top-level block (a list is one block, a line per item). */
export interface PageText {
  title: string;
  blocks: string[];
}

/** The text of a page per top-level block, for a readable comparison of two versions. A ticked task reads "[x]". */
export function pageText(doc: Y.Doc): PageText {
  const blocks = pageBody(doc)
    .toArray()
    .map((node) => blockText(node))
    .filter((text) => text.length > 0);
  return { title: getPageTitle(doc), blocks };
}

function blockText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlHook) return '';
  // One block at a time through the page's own plain-text rules, with the ticks of a task list shown.
  const doc = new Y.Doc();
  pageBody(doc).insert(0, [node.clone()]);
  if (node instanceof Y.XmlElement && node.nodeName === 'taskList') {
    return node
      .toArray()
      .map((item) => {
        if (!(item instanceof Y.XmlElement)) return '';
        const checked = item.getAttribute('checked') as unknown;
        const single = new Y.Doc();
        pageBody(single).insert(0, item.toArray().map((child) => (child as Y.XmlElement | Y.XmlText).clone()));
        return `[${checked === true || checked === 'true' ? 'x' : ' '}] ${pagePlainText(single)}`;
      })
      .join('\n');
  }
  return pagePlainText(doc);
}

/**
 * Changes `live` towards `version`, touching only what differs: the title by a text diff, and the body per
 * top-level block (blocks equal in both stay as they are; differing ones are removed and the version's inserted).
 * So an edit someone makes at the same time to a block the restore does not touch survives it. Call it inside one
 * transaction of `live`. Returns how many blocks were removed and inserted.
 */
export function restorePage(live: Y.Doc, version: Y.Doc): { removed: number; inserted: number } {
  let removed = 0;
  let inserted = 0;
  live.transact(() => {
    replaceText(live.getText(PAGE_TITLE_FIELD), getPageTitle(version));
    const body = pageBody(live);
    const wanted = pageBody(version).toArray();
    const parts = diffArrays(body.toArray().map(blockKey), wanted.map(blockKey));
    let at = 0;
    let from = 0;
    for (const part of parts) {
      const count = part.count ?? part.value.length;
      if (part.removed) {
        body.delete(at, count);
        removed += count;
      } else if (part.added) {
        body.insert(
          at,
          wanted.slice(from, from + count).map((node) => node.clone() as Y.XmlElement | Y.XmlText),
        );
        at += count;
        from += count;
        inserted += count;
      } else {
        at += count;
        from += count;
      }
    }
  });
  return { removed, inserted };
}

/** What makes two blocks the same: name, attributes, text and formatting, as Yjs writes them out. */
function blockKey(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  return node instanceof Y.XmlHook ? `hook:${node.hookName}` : node.toString();
}
