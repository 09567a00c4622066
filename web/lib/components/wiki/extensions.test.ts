import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pageExtensions } from './extensions.ts';
import { clampSpans } from './table.ts';

const schema = getSchema(pageExtensions({ fragment: new Y.Doc().getXmlFragment('body'), editable: true, awareness: null, selfId: null, taskLabel: (text) => text }));

/** What the schema renders for a link with these attributes (the DOM spec, before any DOM exists). */
function renderedLink(attrs: Record<string, unknown>): unknown {
  const mark = schema.marks.link!.create(attrs);
  return schema.marks.link!.spec.toDOM!(mark, true);
}

describe('links as the page renders them', () => {
  it('renders a safe href, in a new tab without access to this one', () => {
    expect(renderedLink({ href: 'https://www.zorgaanzee.nl/' })).toEqual([
      'a',
      { href: 'https://www.zorgaanzee.nl/', rel: 'noopener noreferrer nofollow', target: '_blank' },
      0,
    ]);
  });

  it('renders no href at all for a script or data link, and no attribute the document chose', () => {
    for (const href of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', null, 42]) {
      expect(renderedLink({ href, target: '_self', rel: null, class: 'x" onclick="alert(1)' }), String(href)).toEqual([
        'a',
        { rel: 'noopener noreferrer nofollow', target: '_blank' },
        0,
      ]);
    }
  });
});

describe('headings', () => {
  it('renders a level the editor does not offer as a level it does', () => {
    const spec = (level: unknown) => schema.nodes.heading!.spec.toDOM!(schema.nodes.heading!.create({ level }));
    expect(spec(2)).toEqual(['h2', {}, 0]);
    expect(spec(3)).toEqual(['h3', {}, 0]);
    expect(spec(1)).toEqual(['h2', {}, 0]);
    expect(spec('1><script>')).toEqual(['h2', {}, 0]);
  });
});

describe('table cell spans', () => {
  function tableDoc(colspan: unknown, rowspan: unknown) {
    const cell = (attrs: Record<string, unknown>) => ({ type: 'tableCell', attrs, content: [{ type: 'paragraph' }] });
    return schema.nodeFromJSON({
      type: 'doc',
      content: [{ type: 'table', content: [{ type: 'tableRow', content: [cell({ colspan, rowspan }), cell({})] }] }],
    });
  }

  it('cuts absurd or broken spans back to 1, so the table code cannot be made to hang', () => {
    const state = EditorState.create({ schema, doc: tableDoc(1e9, 'x') });
    const tr = clampSpans(state)!;
    expect(tr).not.toBeNull();
    const cell = tr.doc.firstChild!.firstChild!.firstChild!;
    expect(cell.attrs).toMatchObject({ colspan: 1, rowspan: 1 });
  });

  it('leaves reasonable spans alone', () => {
    expect(clampSpans(EditorState.create({ schema, doc: tableDoc(2, 3) }))).toBeNull();
  });
});
