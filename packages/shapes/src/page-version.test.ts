import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendPageBlocks, pageBody, setPageTitle } from './page.ts';
import { pageText, restorePage } from './page-version.ts';

function page(title: string, paragraphs: string[]): Y.Doc {
  const doc = new Y.Doc();
  setPageTitle(doc, title);
  appendPageBlocks(doc, paragraphs.map((text) => ({ type: 'paragraph' as const, text })));
  return doc;
}

/** A copy of `doc` that shares its history, as a second device would have it. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('pageText', () => {
  it('gives the title and one string per block, with the ticks of a task list', () => {
    const doc = page('Wondzorg', ['Handen wassen.']);
    appendPageBlocks(doc, [
      { type: 'heading', level: 2, text: 'Na afloop' },
      { type: 'taskList', items: [{ text: 'Verband weg', checked: true }, { text: 'Noteren', checked: false }] },
    ]);
    expect(pageText(doc)).toEqual({ title: 'Wondzorg', blocks: ['Handen wassen.', 'Na afloop', '[x] Verband weg\n[ ] Noteren'] });
  });
});

describe('restorePage', () => {
  it('makes the page read as the version again, touching only the blocks that differ', () => {
    const live = page('Valpreventie', ['Een', 'Twee', 'Drie']);
    const version = copyOf(live);
    const untouched = pageBody(live).get(2);
    pageBody(live).delete(0, 1);
    appendPageBlocks(live, [{ type: 'paragraph', text: 'Per ongeluk' }]);
    setPageTitle(live, 'Valpreventie (oud)');

    expect(restorePage(live, version)).toEqual({ removed: 1, inserted: 1 });
    expect(pageText(live)).toEqual(pageText(version));
    // The same Yjs item, not a copy: an edit to it elsewhere still lands.
    expect(pageBody(live).get(2)).toBe(untouched);
  });

  it("keeps another person's concurrent edit to a block the restore does not touch", () => {
    const live = page('Valpreventie', ['Een', 'Twee', 'Drie']);
    const version = copyOf(live);
    (pageBody(live).get(0) as Y.XmlElement).insert(1, [new Y.XmlText(' per ongeluk')]);
    const other = copyOf(live);
    // Someone else, not yet synced, adds to the third paragraph.
    ((pageBody(other).get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(4, ' en vier');

    restorePage(live, version);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(live));

    expect(pageText(live).blocks).toEqual(['Een', 'Twee', 'Drie en vier']);
    expect(pageText(other)).toEqual(pageText(live));
  });

  it('changes nothing when the page already reads as the version', () => {
    const live = page('Valpreventie', ['Een']);
    const updates: Uint8Array[] = [];
    live.on('update', (update: Uint8Array) => updates.push(update));
    expect(restorePage(live, copyOf(live))).toEqual({ removed: 0, inserted: 0 });
    expect(updates).toEqual([]);
  });
});
