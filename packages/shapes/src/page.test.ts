import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  PAGE_BODY_FIELD,
  appendPageBlocks,
  getPageTitle,
  observePage,
  pageBody,
  pageMarkdown,
  pagePlainText,
  setPageTitle,
  type PageBlock,
} from './page.ts';
import { replicas, syncAll, syncEveryPair } from './testing.ts';

function paragraph(...children: Array<Y.XmlElement | Y.XmlText>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, children);
  return element;
}

describe('title', () => {
  it('sets and gets the title', () => {
    const doc = new Y.Doc();
    expect(getPageTitle(doc)).toBe('');
    setPageTitle(doc, 'Protocol valpreventie');
    expect(getPageTitle(doc)).toBe('Protocol valpreventie');
  });

  it('merges concurrent edits to different words', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    setPageTitle(a, 'Protocol valpreventie thuis');
    syncEveryPair([a, b]);
    setPageTitle(a, 'Protocol Valpreventie thuis');
    setPageTitle(b, 'Protocol valpreventie thuiszorg');
    syncEveryPair([a, b]);
    expect(getPageTitle(a)).toBe('Protocol Valpreventie thuiszorg');
    expect(getPageTitle(b)).toBe(getPageTitle(a));
  });

  it('keeps emoji intact when only half of a surrogate pair differs', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    setPageTitle(a, 'Dag 😀!');
    setPageTitle(a, 'Dag 😃!');
    syncEveryPair([a, b]);
    expect(getPageTitle(b)).toBe('Dag 😃!');
  });
});

describe('body', () => {
  it('exposes the fragment under the field name the editor binds to', () => {
    const doc = new Y.Doc();
    expect(pageBody(doc)).toBe(doc.getXmlFragment(PAGE_BODY_FIELD));
    expect(PAGE_BODY_FIELD).toBe('body');
  });

  it('writes Tiptap paragraph and heading nodes', () => {
    const doc = new Y.Doc();
    appendPageBlocks(doc, [
      { type: 'heading', level: 2, text: 'Stappen' },
      { type: 'paragraph', text: 'Controleer de rollator.' },
      { type: 'paragraph', text: '' },
    ]);
    const [heading, first, empty] = pageBody(doc).toArray() as Y.XmlElement[];
    expect(heading!.nodeName).toBe('heading');
    expect(heading!.getAttribute('level')).toBe(2);
    expect(first!.toString()).toBe('<paragraph>Controleer de rollator.</paragraph>');
    expect(empty!.length).toBe(0);
  });

  it('refuses an invalid block without writing anything', () => {
    const doc = new Y.Doc();
    expect(() =>
      appendPageBlocks(doc, [
        { type: 'paragraph', text: 'ok' },
        { type: 'heading', level: 9 as 1, text: 'x' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(pageBody(doc).length).toBe(0);
  });
});

describe('list blocks', () => {
  it('writes bullet, numbered and task lists in Tiptap\'s node layout', () => {
    const doc = new Y.Doc();
    appendPageBlocks(doc, [
      { type: 'bulletList', items: ['Handschoenen', 'Gaasjes'] },
      { type: 'orderedList', items: ['Handen wassen'] },
      {
        type: 'taskList',
        items: [
          { text: 'Wond bekeken', checked: true },
          { text: 'Foto in dossier', checked: false },
        ],
      },
    ]);
    // toString() lowercases node names; Tiptap matches them case-sensitively.
    const layout = (node: Y.XmlElement | Y.XmlText): unknown =>
      node instanceof Y.XmlText ? node.toString() : [node.nodeName, node.getAttributes(), ...node.toArray().map((child) => layout(child as Y.XmlElement))];
    const item = (name: string, text: string, attributes = {}) => [name, attributes, ['paragraph', {}, text]];
    expect(pageBody(doc).toArray().map((node) => layout(node as Y.XmlElement))).toEqual([
      ['bulletList', {}, item('listItem', 'Handschoenen'), item('listItem', 'Gaasjes')],
      ['orderedList', {}, item('listItem', 'Handen wassen')],
      ['taskList', {}, item('taskItem', 'Wond bekeken', { checked: true }), item('taskItem', 'Foto in dossier', { checked: false })],
    ]);
    expect(pagePlainText(doc)).toBe(['Handschoenen', 'Gaasjes', 'Handen wassen', 'Wond bekeken', 'Foto in dossier'].join('\n'));
  });

  it('refuses an empty list, a non-string item or a task without a boolean, writing nothing', () => {
    const doc = new Y.Doc();
    const bad: unknown[] = [
      { type: 'bulletList', items: [] },
      { type: 'orderedList', items: [3] },
      { type: 'taskList', items: [{ text: 'x', checked: 'ja' }] },
      { type: 'taskList', items: [null] },
      { type: 'image', text: 'x' },
    ];
    for (const block of bad) {
      expect(() => appendPageBlocks(doc, [{ type: 'paragraph', text: 'ok' }, block as PageBlock])).toThrow(
        expect.objectContaining({ code: 'invalid-argument' }),
      );
    }
    expect(pageBody(doc).length).toBe(0);
  });
});

describe('pagePlainText', () => {
  it('gives one line per block, without formatting marks', () => {
    const doc = new Y.Doc();
    appendPageBlocks(doc, [{ type: 'heading', level: 1, text: 'Valpreventie' }]);
    const body = pageBody(doc);
    const bold = new Y.XmlText();
    const withBreak = paragraph(new Y.XmlText('Regel een'), new Y.XmlElement('hardBreak'), new Y.XmlText('regel twee'));
    const list = new Y.XmlElement('bulletList');
    body.insert(body.length, [paragraph(bold), withBreak, list]);
    bold.insert(0, 'Let op: ');
    bold.insert(8, 'altijd', { bold: true });
    bold.insert(14, ' melden.');
    const item = (text: string): Y.XmlElement => {
      const listItem = new Y.XmlElement('listItem');
      listItem.insert(0, [paragraph(new Y.XmlText(text))]);
      return listItem;
    };
    list.insert(0, [item('Drempels'), item('Verlichting')]);
    expect(pagePlainText(doc)).toBe(
      ['Valpreventie', 'Let op: altijd melden.', 'Regel een\nregel twee', 'Drempels', 'Verlichting'].join('\n'),
    );
  });

  it('is empty for an empty page', () => {
    expect(pagePlainText(new Y.Doc())).toBe('');
  });
});

describe('observePage', () => {
  it('reports each changing transaction once until stopped', () => {
    const doc = new Y.Doc();
    let calls = 0;
    const stop = observePage(doc, () => calls++);
    setPageTitle(doc, 'Titel');
    doc.transact(() => {
      setPageTitle(doc, 'Titel 2');
      appendPageBlocks(doc, [{ type: 'paragraph', text: 'x' }]);
    });
    doc.getMap('unrelated').set('a', 1);
    expect(calls).toBe(2);
    stop();
    setPageTitle(doc, 'Titel 3');
    expect(calls).toBe(2);
  });

  it('reports remote changes', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    let calls = 0;
    observePage(b, () => calls++);
    appendPageBlocks(a, [{ type: 'paragraph', text: 'van a' }]);
    syncEveryPair([a, b]);
    expect(calls).toBe(1);
  });
});

describe('convergence', () => {
  it('ends with the same title and body on three replicas', () => {
    const [a, b, c] = replicas(3) as [Y.Doc, Y.Doc, Y.Doc];
    setPageTitle(a, 'Medicatie');
    appendPageBlocks(a, [{ type: 'paragraph', text: 'Basis' }]);
    syncEveryPair([a, b, c]);
    appendPageBlocks(a, [{ type: 'paragraph', text: 'van a' }]);
    appendPageBlocks(b, [{ type: 'paragraph', text: 'van b' }]);
    setPageTitle(c, 'Medicatie uitdelen');
    setPageTitle(b, 'Medicatieprotocol');
    syncAll([a, b, c], [2, 1, 0], [0, 2, 1]);
    for (const doc of [b, c]) {
      expect(getPageTitle(doc)).toBe(getPageTitle(a));
      expect(pagePlainText(doc)).toBe(pagePlainText(a));
      expect(pageBody(doc).toString()).toBe(pageBody(a).toString());
    }
    expect(pagePlainText(a).split('\n').sort()).toEqual(['Basis', 'van a', 'van b']);
  });
});

describe('pageMarkdown', () => {
  it('writes the title, headings, paragraphs, lists and task lists as Markdown', () => {
    const doc = new Y.Doc();
    setPageTitle(doc, 'Wondzorg');
    appendPageBlocks(doc, [
      { type: 'heading', level: 2, text: 'Benodigdheden' },
      { type: 'bulletList', items: ['Handschoenen', 'Gaasjes'] },
      { type: 'orderedList', items: ['Handen wassen', 'Wond bekijken'] },
      { type: 'taskList', items: [{ text: 'Foto in dossier', checked: true }, { text: 'Arts bellen', checked: false }] },
      { type: 'paragraph', text: 'Klaar.' },
    ]);
    expect(pageMarkdown(doc)).toBe(
      ['# Wondzorg', '', '### Benodigdheden', '', '- Handschoenen', '- Gaasjes', '', '1. Handen wassen', '2. Wond bekijken', '', '- [x] Foto in dossier', '- [ ] Arts bellen', '', 'Klaar.', ''].join('\n'),
    );
  });

  it('keeps bold, italic and safe links, escapes markup that was typed and drops links to scripts', () => {
    const doc = new Y.Doc();
    const text = new Y.XmlText();
    pageBody(doc).insert(0, [paragraph(text)]);
    text.insert(0, 'vet', { bold: true });
    // Explicit nulls: Yjs gives inserted text the formatting before it otherwise.
    const plain = { bold: null, italic: null, link: null };
    text.insert(3, ' en ', plain);
    text.insert(7, 'schuin', { ...plain, italic: true });
    text.insert(13, ' <img src=x onerror=alert(1)> *geen* ', plain);
    text.insert(text.length, 'site', { ...plain, link: { href: 'https://zorgaanzee.nl/a b' } });
    text.insert(text.length, ' kwaad', { ...plain, link: { href: 'javascript:alert(1)' } });
    const markdown = pageMarkdown(doc);
    expect(markdown).toContain('**vet** en _schuin_');
    expect(markdown).toContain('\\<img src=x onerror=alert(1)\\> \\*geen\\*');
    expect(markdown).toContain('[site](<https://zorgaanzee.nl/a%20b>)');
    expect(markdown).not.toContain('javascript:');
    expect(markdown.startsWith('# (zonder titel)')).toBe(true);
  });
});
