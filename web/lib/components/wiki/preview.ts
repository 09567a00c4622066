/**
 * A page body as plain HTML, straight from its Y.XmlFragment, for the moment before the editor has loaded:
 * the text shows as soon as the document is read from the device, and the editor (Tiptap and ProseMirror,
 * the largest part of the app's JavaScript) takes over when it is ready. It renders what the editor's schema
 * renders (extensions.ts, table.ts) and nothing more: unknown nodes are left out, links go through `safeHref`,
 * and no attribute is copied from the document.
 */
import * as Y from 'yjs';
import { safeHref } from './links.ts';

/** Spans beyond this are not rendered (as in table.ts, which cuts them back to 1). */
const MAX_SPAN = 20;

/** Marks, outermost first, and the element each renders as (StarterKit's, plus the link). */
const MARKS: ReadonlyArray<readonly [string, string]> = [
  ['link', 'a'],
  ['bold', 'strong'],
  ['italic', 'em'],
  ['underline', 'u'],
  ['strike', 's'],
  ['code', 'code'],
];

/** Nodes whose content is text (and hard breaks). */
const TEXT_BLOCKS: ReadonlySet<string> = new Set(['paragraph', 'heading', 'codeBlock']);

type Content = Y.XmlElement | Y.XmlText | Y.XmlHook;

export interface PreviewOptions {
  /** The accessible name of a checklist item's checkbox, as the editor gives it. */
  taskLabel: (text: string, checked: boolean) => string;
}

/** Renders the body into `target`, replacing what it held. */
export function renderPreview(fragment: Y.XmlFragment, target: HTMLElement, options: PreviewOptions): void {
  const out = target.ownerDocument.createDocumentFragment();
  for (const child of fragment.toArray()) appendNode(out, child, options);
  target.replaceChildren(out);
}

function appendNode(parent: Node, node: Content, options: PreviewOptions): void {
  const document = parent.ownerDocument ?? (parent as Document);
  if (!(node instanceof Y.XmlElement)) return;
  const name = node.nodeName;
  const attrs = node.getAttributes() as Record<string, unknown>;
  let element: HTMLElement;
  let inner: HTMLElement;
  switch (name) {
    case 'paragraph':
      element = inner = document.createElement('p');
      break;
    case 'heading':
      // The title is the page's h1; like the editor, any other level shows as h2.
      element = inner = document.createElement(attrs.level === 3 ? 'h3' : 'h2');
      break;
    case 'blockquote':
      element = inner = document.createElement('blockquote');
      break;
    case 'codeBlock':
      element = document.createElement('pre');
      inner = element.appendChild(document.createElement('code'));
      break;
    case 'horizontalRule':
      parent.appendChild(document.createElement('hr'));
      return;
    case 'bulletList':
      element = inner = document.createElement('ul');
      break;
    case 'orderedList':
      element = inner = document.createElement('ol');
      if (Number.isInteger(attrs.start) && attrs.start !== 1) element.setAttribute('start', String(attrs.start));
      break;
    case 'listItem':
      element = inner = document.createElement('li');
      break;
    case 'taskList':
      element = inner = document.createElement('ul');
      element.dataset.type = 'taskList';
      break;
    case 'taskItem': {
      element = document.createElement('li');
      element.dataset.checked = String(attrs.checked === true);
      const label = element.appendChild(document.createElement('label'));
      const checkbox = label.appendChild(document.createElement('input'));
      checkbox.type = 'checkbox';
      checkbox.checked = attrs.checked === true;
      // Nothing can be ticked before the editor is there; it is not in the tab order either.
      checkbox.disabled = true;
      // The checkbox's name, visually hidden, as Tiptap's checklist item writes it.
      const name = label.appendChild(document.createElement('span'));
      name.className = 'visually-hidden';
      name.textContent = options.taskLabel(textOf(node), attrs.checked === true);
      inner = element.appendChild(document.createElement('div'));
      break;
    }
    case 'table':
      element = document.createElement('div');
      element.className = 'table-wrap';
      inner = element.appendChild(document.createElement('table')).appendChild(document.createElement('tbody'));
      break;
    case 'tableRow':
      element = inner = document.createElement('tr');
      break;
    case 'tableCell':
    case 'tableHeader':
      element = inner = document.createElement(name === 'tableHeader' ? 'th' : 'td');
      for (const span of ['colspan', 'rowspan'] as const) {
        const value = attrs[span];
        if (Number.isInteger(value) && (value as number) > 1 && (value as number) <= MAX_SPAN) element.setAttribute(span, String(value));
      }
      if (name === 'tableHeader') element.setAttribute('scope', 'col');
      break;
    default:
      return;
  }
  if (TEXT_BLOCKS.has(name)) appendInline(inner, node);
  else for (const child of node.toArray()) appendNode(inner, child, options);
  parent.appendChild(element);
}

/** The text of a text block, with its marks; an empty block gets a line break so it keeps its height. */
function appendInline(target: HTMLElement, block: Y.XmlElement): void {
  const document = target.ownerDocument;
  for (const child of block.toArray()) {
    if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') target.appendChild(document.createElement('br'));
      continue;
    }
    if (!(child instanceof Y.XmlText)) continue;
    for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
      if (typeof op.insert !== 'string') continue;
      let node: Node = document.createTextNode(op.insert);
      // Marks are formatting attributes named after the mark (y-tiptap may add `--<hash>` to tell overlapping ones apart).
      const marks = new Map(Object.entries(op.attributes ?? {}).map(([key, value]) => [key.split('--')[0], value]));
      for (let i = MARKS.length - 1; i >= 0; i--) {
        const [mark, tag] = MARKS[i]!;
        if (!marks.has(mark)) continue;
        const wrapper = document.createElement(tag);
        if (mark === 'link') linkAttributes(wrapper, marks.get(mark));
        wrapper.appendChild(node);
        node = wrapper;
      }
      target.appendChild(node);
    }
  }
  if (!target.hasChildNodes()) target.appendChild(document.createElement('br'));
}

/** The text in an element and everything in it, without formatting. */
function textOf(node: Content): string {
  if (node instanceof Y.XmlText) return (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  if (node instanceof Y.XmlElement) return node.toArray().map(textOf).join('');
  return '';
}

/** As `SafeLink` renders it: a safe href or none, a new tab without access to this one. */
function linkAttributes(anchor: HTMLElement, value: unknown): void {
  const attrs = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const href = safeHref(attrs.href);
  anchor.setAttribute('rel', 'noopener noreferrer nofollow');
  anchor.setAttribute('target', '_blank');
  if (href !== null) anchor.setAttribute('href', href);
  if (typeof attrs.title === 'string' && attrs.title) anchor.setAttribute('title', attrs.title.slice(0, 500));
}
