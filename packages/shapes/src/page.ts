/**
 * A wiki page (for example a care protocol): a title and a rich-text body.
 *
 * - The title is the root Y.Text `title`, edited by diff so two people fixing different words both win. The
 *   space index keeps its own copy of the title for the page tree; a rename updates both (`setPageTitle` here,
 *   `renamePage` in the index).
 * - The body is the root Y.XmlFragment `body`, in the node layout of Tiptap's Collaboration extension
 *   (@tiptap/y-tiptap): bind the editor with `Collaboration.configure({ fragment: pageBody(doc) })` or
 *   `{ document: doc, field: PAGE_BODY_FIELD }`. Content from a raw update can be anything: sanitise where it
 *   is rendered or exported.
 */
import * as Y from 'yjs';
import { ShapeError } from './errors.ts';
import { replaceText, requireString } from './internal.ts';

export const PAGE_TITLE_FIELD = 'title';
export const PAGE_BODY_FIELD = 'body';

/** Simple blocks for content written without an editor (templates made by the server, tests). */
export type PageBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'bulletList' | 'orderedList'; items: string[] }
  | { type: 'taskList'; items: Array<{ text: string; checked: boolean }> };

/** The body for the editor binding; the one place a Y type leaves this package. */
export function pageBody(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(PAGE_BODY_FIELD);
}

export function getPageTitle(doc: Y.Doc): string {
  return doc.getText(PAGE_TITLE_FIELD).toString();
}

export function setPageTitle(doc: Y.Doc, title: string): void {
  doc.transact(() => {
    replaceText(doc.getText(PAGE_TITLE_FIELD), requireString(title, 'title'));
  });
}

function checkBlock(block: PageBlock): void {
  switch (block.type) {
    case 'paragraph':
      requireString(block.text, 'text');
      return;
    case 'heading':
      requireString(block.text, 'text');
      if (![1, 2, 3].includes(block.level)) throw new ShapeError('invalid-argument', `invalid heading level: ${String(block.level)}`);
      return;
    case 'bulletList':
    case 'orderedList':
      if (!Array.isArray(block.items) || block.items.length === 0) throw new ShapeError('invalid-argument', 'a list needs items');
      for (const item of block.items) requireString(item, 'item');
      return;
    case 'taskList':
      if (!Array.isArray(block.items) || block.items.length === 0) throw new ShapeError('invalid-argument', 'a list needs items');
      for (const item of block.items) {
        if (typeof item !== 'object' || item === null) throw new ShapeError('invalid-argument', 'a task must be an object');
        requireString(item.text, 'item');
        if (typeof item.checked !== 'boolean') throw new ShapeError('invalid-argument', 'checked must be a boolean');
      }
      return;
    default:
      throw new ShapeError('invalid-argument', `invalid block type: ${String((block as { type: unknown }).type)}`);
  }
}

/** A text block (`paragraph`, `heading`) holding `text`, already inserted into its parent. */
function fillText(element: Y.XmlElement, text: string): void {
  if (text.length > 0) element.insert(0, [new Y.XmlText(text)]);
}

/** Appends `element` to the end of `parent` and returns it (Yjs types are filled once inserted). */
function append<T extends Y.XmlElement>(parent: Y.XmlElement | Y.XmlFragment, element: T): T {
  parent.insert(parent.length, [element]);
  return element;
}

/** A list item in Tiptap's layout: the item node holding one paragraph. */
function appendItem(list: Y.XmlElement, nodeName: 'listItem' | 'taskItem', text: string, checked?: boolean): void {
  const item = append(list, new Y.XmlElement(nodeName));
  // Tiptap keeps `checked` as a boolean; Yjs types attributes as strings by default.
  if (checked !== undefined) (item as unknown as Y.XmlElement<{ checked: boolean }>).setAttribute('checked', checked);
  fillText(append(item, new Y.XmlElement('paragraph')), text);
}

/**
 * Appends blocks to the end of the body, as Tiptap's nodes: `paragraph`, `heading` (with a numeric `level`),
 * `bulletList`/`orderedList` of `listItem`s and `taskList` of `taskItem`s (with a boolean `checked`), each item
 * holding one paragraph. Checks every block before writing any.
 */
export function appendPageBlocks(doc: Y.Doc, blocks: readonly PageBlock[]): void {
  for (const block of blocks) checkBlock(block);
  doc.transact(() => {
    const body = pageBody(doc);
    for (const block of blocks) {
      const element = append(body, new Y.XmlElement(block.type));
      if (block.type === 'heading') {
        (element as unknown as Y.XmlElement<{ level: number }>).setAttribute('level', block.level);
        fillText(element, block.text);
      } else if (block.type === 'paragraph') {
        fillText(element, block.text);
      } else if (block.type === 'taskList') {
        for (const item of block.items) appendItem(element, 'taskItem', item.text, item.checked);
      } else {
        for (const item of block.items) appendItem(element, 'listItem', item);
      }
    }
  });
}

/** Inline nodes that stand for a line break inside a block. */
const LINE_BREAK_NODES = new Set(['hardBreak', 'hard_break']);

function inlineText(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    // The delta, not toString(): toString() renders formatting marks as XML tags.
    let text = '';
    for (const op of node.toDelta() as Array<{ insert?: unknown }>) {
      if (typeof op.insert === 'string') text += op.insert;
    }
    return text;
  }
  if (LINE_BREAK_NODES.has(node.nodeName)) return '\n';
  return childNodes(node).map(inlineText).join('');
}

function childNodes(parent: Y.XmlElement | Y.XmlFragment): Array<Y.XmlElement | Y.XmlText> {
  return parent.toArray().filter((child) => child instanceof Y.XmlElement || child instanceof Y.XmlText);
}

/** Lines of a block: a text block (paragraph, heading) is one line; a container (list, quote) its children's. */
function blockLines(node: Y.XmlElement | Y.XmlText, lines: string[]): void {
  if (node instanceof Y.XmlText) {
    lines.push(inlineText(node));
    return;
  }
  const children = childNodes(node);
  const isTextBlock = children.length === 0 || children.some((child) => child instanceof Y.XmlText);
  if (isTextBlock || LINE_BREAK_NODES.has(node.nodeName)) {
    lines.push(inlineText(node));
    return;
  }
  for (const child of children) blockLines(child, lines);
}

/** The body as plain text, one line per block, for search and export. Formatting and embeds are dropped. */
export function pagePlainText(doc: Y.Doc): string {
  const lines: string[] = [];
  for (const node of childNodes(pageBody(doc))) blockLines(node, lines);
  return lines.join('\n').trim();
}

/**
 * Calls `onChange` once after each transaction (local or remote) that changed the title or body; returns a
 * function that stops observing.
 */
export function observePage(doc: Y.Doc, onChange: () => void): () => void {
  const title = doc.getText(PAGE_TITLE_FIELD);
  const body = pageBody(doc);
  // Observers mark, the transaction's end reports: one call even when title and body change together.
  let changed = false;
  const mark = (): void => {
    changed = true;
  };
  const report = (): void => {
    if (!changed) return;
    changed = false;
    onChange();
  };
  title.observe(mark);
  body.observeDeep(mark);
  doc.on('afterTransaction', report);
  return () => {
    title.unobserve(mark);
    body.unobserveDeep(mark);
    doc.off('afterTransaction', report);
  };
}

/**
 * Markdown for text from a page or a post: characters that Markdown would read as markup are escaped, so what
 * someone typed (or a raw update carried) stays text when the file is read or rendered elsewhere.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]{}<>#|!~]/g, (c) => `\\${c}`).replace(/^(\s*)([-+]|\d+\.)(\s)/gm, '$1\\$2$3');
}

/** Inline Markdown of a text node: bold, italic, code and links (http, https and mailto only) kept. */
function inlineMarkdown(node: Y.XmlElement | Y.XmlText): string {
  if (!(node instanceof Y.XmlText)) return LINE_BREAK_NODES.has(node.nodeName) ? '  \n' : childNodes(node).map(inlineMarkdown).join('');
  let out = '';
  for (const op of node.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert !== 'string' || op.insert.length === 0) continue;
    const marks = op.attributes ?? {};
    let text = marks.code ? `\`${op.insert.replaceAll('`', "'")}\`` : escapeMarkdown(op.insert);
    if (marks.bold) text = `**${text}**`;
    if (marks.italic) text = `_${text}_`;
    const href = (marks.link as { href?: unknown } | undefined)?.href;
    if (typeof href === 'string' && /^(https?:|mailto:)/i.test(href)) text = `[${text}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)`;
    out += text;
  }
  return out;
}

/** Markdown lines of one block, with `indent` before each line of a nested list. */
function blockMarkdown(node: Y.XmlElement | Y.XmlText, indent: string, out: string[]): void {
  if (node instanceof Y.XmlText) {
    out.push(indent + inlineMarkdown(node));
    return;
  }
  const children = childNodes(node);
  switch (node.nodeName) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.getAttribute('level')) || 1));
      out.push(`${'#'.repeat(level + 1)} ${inlineMarkdown(node)}`, '');
      return;
    }
    case 'paragraph':
      out.push(indent + inlineMarkdown(node), ...(indent ? [] : ['']));
      return;
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      children.forEach((item, i) => {
        if (item instanceof Y.XmlText) return;
        const checked = item.getAttribute('checked') as unknown;
        const marker = node.nodeName === 'orderedList' ? `${i + 1}.` : node.nodeName === 'taskList' ? `- [${checked === true || checked === 'true' ? 'x' : ' '}]` : '-';
        const lines: string[] = [];
        for (const child of childNodes(item)) blockMarkdown(child, '', lines);
        const [first = '', ...rest] = lines.filter((line) => line !== '');
        out.push(`${indent}${marker} ${first.trim()}`, ...rest.map((line) => `${indent}  ${line}`));
      });
      if (!indent) out.push('');
      return;
    case 'blockquote': {
      const lines: string[] = [];
      for (const child of children) blockMarkdown(child, '', lines);
      out.push(...lines.map((line) => (line ? `> ${line}` : '>')), '');
      return;
    }
    case 'codeBlock':
      out.push('```', ...childNodes(node).map((child) => (child instanceof Y.XmlText ? child.toString().replaceAll('```', "'''") : '')), '```', '');
      return;
    case 'horizontalRule':
      out.push('---', '');
      return;
    case 'table': {
      const rows = children.filter((row): row is Y.XmlElement => row instanceof Y.XmlElement);
      rows.forEach((row, i) => {
        const cells = childNodes(row).map((cell) => inlineMarkdown(cell).replaceAll('\n', ' ').trim());
        out.push(`| ${cells.join(' | ')} |`);
        if (i === 0) out.push(`|${cells.map(() => ' --- |').join('')}`);
      });
      out.push('');
      return;
    }
    default: {
      // Something an editor of the future (or a raw update) made: its text, never its markup.
      const lines: string[] = [];
      blockLines(node, lines);
      out.push(...lines.map((line) => indent + escapeMarkdown(line)), '');
    }
  }
}

/**
 * The page as Markdown, readable without Kring: its title as the first heading, then the body's headings
 * (one level lower), paragraphs, lists, task lists, quotes, code, tables and links (http, https, mailto).
 * Everything typed is escaped, so the file holds no markup anyone else wrote.
 */
export function pageMarkdown(doc: Y.Doc): string {
  const out = [`# ${escapeMarkdown(getPageTitle(doc).trim()) || '(zonder titel)'}`, ''];
  for (const node of childNodes(pageBody(doc))) blockMarkdown(node, '', out);
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
