import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { appendPageBlocks, pageBody, pagePlainText, setPageTitle } from './page.ts';
import { isAtVersion, versionOf } from './version.ts';

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('a document version', () => {
  it('is the same on every copy that holds the same changes', () => {
    const doc = new Y.Doc();
    setPageTitle(doc, 'Moestuin');
    appendPageBlocks(doc, [{ type: 'paragraph', text: 'De tomaten zijn rijp.' }]);
    expect(isAtVersion(copyOf(doc), versionOf(doc))).toBe(true);
  });

  it('changes when text is added, and when text is only deleted', () => {
    const doc = new Y.Doc();
    appendPageBlocks(doc, [{ type: 'paragraph', text: 'Kom gerust proeven!' }]);
    const reviewed = versionOf(doc);
    const added = copyOf(doc);
    appendPageBlocks(added, [{ type: 'paragraph', text: 'Neem geld mee.' }]);
    expect(isAtVersion(added, reviewed)).toBe(false);
    const deleted = copyOf(doc);
    const paragraph = pageBody(deleted).get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).delete(0, 4);
    expect(pagePlainText(deleted)).not.toBe(pagePlainText(doc));
    expect(isAtVersion(deleted, reviewed)).toBe(false);
  });

  it('is never matched by something that is not a version', () => {
    const doc = new Y.Doc();
    setPageTitle(doc, 'Moestuin');
    for (const junk of ['', 'bm9n', '%%%', 'A'.repeat(100)]) expect(isAtVersion(doc, junk)).toBe(false);
  });
});
