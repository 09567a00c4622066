/**
 * A space's own table of contents (document kind `index`): the page tree, the boards and the pinned items.
 * It lists documents; it does not own them: removing a page here leaves the page's own document alone (the
 * document registry on the server decides about that). Page and board ids are the documents' ids.
 *
 * Layout: root maps keyed by id, each entry a Y.Map:
 * - `pages`: `title` and `position: {parent, order}` (one value, so a move is a single last-writer-wins write);
 * - `boards`: `title`, `order`;
 * - `pinned`: keyed `<kind>:<docId>`, with `kind`, `docId`, `title`, `order`.
 * Order is by fractional key (see `order.ts`), ties broken by id.
 *
 * Concurrent moves can make a cycle (one person moves A under B while another moves B under A). No page may
 * disappear from the tree because of that, so `listPageTree` cuts every cycle at its page with the smallest id,
 * which is then listed at root level; the rest of the cycle hangs under it. A page whose parent was removed is
 * listed at root level too.
 */
import type * as Y from 'yjs';
import { ShapeError } from './errors.ts';
import { randomId } from './ids.ts';
import {
  asMap,
  byOrder,
  createEntry,
  mapEntries,
  readOrderKey,
  readString,
  requireEntry,
  requireString,
  type YMap,
} from './internal.ts';
import { isDocKind, isValidId, type DocKind } from './names.ts';
import { orderKeyAt } from './order.ts';

export interface PageEntry {
  id: string;
  title: string;
  /** The parent as listed (after cutting cycles and dropping removed parents), or null at root level. */
  parentId: string | null;
}

export interface PageNode extends PageEntry {
  children: PageNode[];
}

export interface NewPage {
  /** The page document's id; default a random one. */
  id?: string;
  title: string;
  /** Default null: root level. */
  parentId?: string | null;
  /** Position among the parent's children; default last. */
  index?: number;
}

export interface BoardEntry {
  id: string;
  title: string;
}

export interface NewBoard {
  /** The board document's id; default a random one. */
  id?: string;
  title: string;
}

export interface PinnedItem {
  kind: DocKind;
  docId: string;
  title: string;
}

interface StoredPage {
  id: string;
  title: string;
  storedParent: string | null;
  order: string;
}

interface PageLayout {
  /** Every page with its listed parent. */
  pages: Map<string, StoredPage & { parentId: string | null }>;
  /** Children of each parent (null: root level), in order. */
  children: Map<string | null, Array<StoredPage & { parentId: string | null }>>;
}

function pagesRoot(doc: Y.Doc): YMap {
  return doc.getMap('pages');
}

function boardsRoot(doc: Y.Doc): YMap {
  return doc.getMap('boards');
}

function pinnedRoot(doc: Y.Doc): YMap {
  return doc.getMap('pinned');
}

function readPagePosition(page: YMap): { parent: string | null; order: string } {
  const position = page.get('position');
  if (typeof position !== 'object' || position === null) return { parent: null, order: '' };
  const { parent, order } = position as { parent?: unknown; order?: unknown };
  return { parent: typeof parent === 'string' ? parent : null, order: readOrderKey(order) };
}

/** The tree as listed. Iterative, so a maliciously deep tree cannot overflow the stack. */
function pageLayout(doc: Y.Doc): PageLayout {
  const stored = new Map<string, StoredPage>();
  for (const [id, page] of mapEntries(pagesRoot(doc))) {
    const { parent, order } = readPagePosition(page);
    stored.set(id, { id, title: readString(page, 'title'), storedParent: parent, order });
  }
  const parentOf = (id: string): string | null => {
    const parent = stored.get(id)?.storedParent ?? null;
    return parent !== null && stored.has(parent) ? parent : null;
  };

  // Each page has one parent, so every connected group holds at most one cycle; walk up from each page until a
  // root, a page already settled, or a page on the current walk (a cycle, cut at its smallest id).
  const state = new Map<string, 'walking' | 'settled'>();
  const cut = new Set<string>();
  for (const start of stored.keys()) {
    const walk: string[] = [];
    let current: string | null = start;
    while (current !== null && !state.has(current)) {
      state.set(current, 'walking');
      walk.push(current);
      current = parentOf(current);
    }
    if (current !== null && state.get(current) === 'walking') {
      const cycle = walk.slice(walk.indexOf(current));
      cut.add(cycle.reduce((least, id) => (id < least ? id : least)));
    }
    for (const id of walk) state.set(id, 'settled');
  }

  const pages = new Map<string, StoredPage & { parentId: string | null }>();
  const children = new Map<string | null, Array<StoredPage & { parentId: string | null }>>();
  for (const page of stored.values()) {
    const listed = { ...page, parentId: cut.has(page.id) ? null : parentOf(page.id) };
    pages.set(page.id, listed);
    const siblings = children.get(listed.parentId) ?? [];
    siblings.push(listed);
    children.set(listed.parentId, siblings);
  }
  for (const siblings of children.values()) siblings.sort(byOrder);
  return { pages, children };
}

function checkNewId(root: YMap, id: string | undefined, what: string): string {
  if (id === undefined) return randomId();
  if (!isValidId(id)) throw new ShapeError('invalid-argument', `invalid ${what} id: ${String(id)}`);
  if (root.has(id)) throw new ShapeError('invalid-argument', `${what} already exists: ${id}`);
  return id;
}

/** Adds a page entry and returns its id. */
export function addPage(doc: Y.Doc, input: NewPage): string {
  let id = '';
  doc.transact(() => {
    id = checkNewId(pagesRoot(doc), input.id, 'page');
    const title = requireString(input.title, 'title');
    const parentId = input.parentId ?? null;
    const { pages, children } = pageLayout(doc);
    if (parentId !== null && !pages.has(parentId)) throw new ShapeError('not-found', `page not found: ${parentId}`);
    const keys = (children.get(parentId) ?? []).map((page) => page.order);
    const order = orderKeyAt(keys, input.index ?? keys.length);
    createEntry(pagesRoot(doc), id, { title, position: { parent: parentId, order } });
  });
  return id;
}

export function renamePage(doc: Y.Doc, pageId: string, title: string): void {
  doc.transact(() => {
    requireEntry(pagesRoot(doc), pageId, 'page').set('title', requireString(title, 'title'));
  });
}

/**
 * Moves a page under `parentId` (null: root level) at `index` among its new siblings. Moving a page under
 * itself or one of its descendants is refused (concurrent moves can still make a cycle; see the file comment).
 */
export function movePage(doc: Y.Doc, pageId: string, parentId: string | null, index: number): void {
  doc.transact(() => {
    const page = requireEntry(pagesRoot(doc), pageId, 'page');
    const { pages, children } = pageLayout(doc);
    if (parentId !== null) {
      if (!pages.has(parentId)) throw new ShapeError('not-found', `page not found: ${parentId}`);
      for (let up: string | null = parentId; up !== null; up = pages.get(up)?.parentId ?? null) {
        if (up === pageId) throw new ShapeError('invalid-argument', 'cannot move a page under itself');
      }
    }
    const siblings = children.get(parentId) ?? [];
    // Already there: skip the write so a no-op drag does not override someone else's concurrent move.
    const stored = readPagePosition(page);
    if (stored.parent === parentId && siblings.findIndex((sibling) => sibling.id === pageId) === index) return;
    const keys = siblings.filter((sibling) => sibling.id !== pageId).map((sibling) => sibling.order);
    page.set('position', { parent: parentId, order: orderKeyAt(keys, index) });
  });
}

/** One step of a keyboard move in the page tree. */
export type PageShift = 'up' | 'down' | 'indent' | 'outdent';

/**
 * Moves a page one step, as the tree's keyboard controls do: `up`/`down` past its neighbouring sibling,
 * `indent` to the end of the previous sibling's children, `outdent` to just after its parent. Returns false,
 * writing nothing, when there is no such step (the first page cannot go up or be indented, a root-level page
 * cannot be outdented).
 */
export function shiftPage(doc: Y.Doc, pageId: string, shift: PageShift): boolean {
  let moved = false;
  doc.transact(() => {
    requireEntry(pagesRoot(doc), pageId, 'page');
    const { pages, children } = pageLayout(doc);
    const parentId = pages.get(pageId)!.parentId;
    const siblings = children.get(parentId) ?? [];
    const index = siblings.findIndex((page) => page.id === pageId);
    if (shift === 'up' && index > 0) {
      movePage(doc, pageId, parentId, index - 1);
      moved = true;
    } else if (shift === 'down' && index < siblings.length - 1) {
      movePage(doc, pageId, parentId, index + 1);
      moved = true;
    } else if (shift === 'indent' && index > 0) {
      const newParent = siblings[index - 1]!.id;
      movePage(doc, pageId, newParent, (children.get(newParent) ?? []).length);
      moved = true;
    } else if (shift === 'outdent' && parentId !== null) {
      const grandparent = pages.get(parentId)!.parentId;
      const parentIndex = (children.get(grandparent) ?? []).findIndex((page) => page.id === parentId);
      movePage(doc, pageId, grandparent, parentIndex + 1);
      moved = true;
    }
  });
  return moved;
}

/**
 * Removes a page from the tree. Its children take its place under its parent, in order, so nothing below it
 * disappears. Idempotent.
 */
export function removePage(doc: Y.Doc, pageId: string): void {
  doc.transact(() => {
    const { pages, children } = pageLayout(doc);
    const removed = pages.get(pageId);
    if (removed === undefined) return;
    const siblings = (children.get(removed.parentId) ?? []).filter((page) => page.id !== pageId);
    const keys = siblings.map((page) => page.order);
    let index = (children.get(removed.parentId) ?? []).findIndex((page) => page.id === pageId);
    for (const child of children.get(pageId) ?? []) {
      const order = orderKeyAt(keys, index);
      keys.splice(index, 0, order);
      index++;
      requireEntry(pagesRoot(doc), child.id, 'page').set('position', { parent: removed.parentId, order });
    }
    pagesRoot(doc).delete(pageId);
  });
}

/** Every page as a tree: root-level pages in order, each with its children in order. */
export function listPageTree(doc: Y.Doc): PageNode[] {
  const { pages, children } = pageLayout(doc);
  const nodes = new Map<string, PageNode>();
  for (const page of pages.values()) {
    nodes.set(page.id, { id: page.id, title: page.title, parentId: page.parentId, children: [] });
  }
  for (const [parentId, siblings] of children) {
    if (parentId === null) continue;
    nodes.get(parentId)!.children.push(...siblings.map((page) => nodes.get(page.id)!));
  }
  return (children.get(null) ?? []).map((page) => nodes.get(page.id)!);
}

export function getPageEntry(doc: Y.Doc, pageId: string): PageEntry | null {
  const page = pageLayout(doc).pages.get(pageId);
  return page === undefined ? null : { id: page.id, title: page.title, parentId: page.parentId };
}

/** The pages above `pageId`, root first (for breadcrumbs); empty for a root-level or unknown page. */
export function pageAncestors(doc: Y.Doc, pageId: string): PageEntry[] {
  const { pages } = pageLayout(doc);
  const ancestors: PageEntry[] = [];
  for (let up = pages.get(pageId)?.parentId ?? null; up !== null; up = pages.get(up)?.parentId ?? null) {
    const page = pages.get(up)!;
    ancestors.unshift({ id: page.id, title: page.title, parentId: page.parentId });
  }
  return ancestors;
}

/** The pages directly under `pageId` (null: the root-level pages), in order. */
export function pageChildren(doc: Y.Doc, pageId: string | null): PageEntry[] {
  return (pageLayout(doc).children.get(pageId) ?? []).map((page) => ({ id: page.id, title: page.title, parentId: page.parentId }));
}

function sortedBoards(doc: Y.Doc): Array<BoardEntry & { order: string }> {
  return mapEntries(boardsRoot(doc))
    .map(([id, board]) => ({ id, title: readString(board, 'title'), order: readOrderKey(board.get('order')) }))
    .sort(byOrder);
}

/** Adds a board entry at `index` (default: last) and returns its id. */
export function addBoard(doc: Y.Doc, input: NewBoard, index?: number): string {
  let id = '';
  doc.transact(() => {
    id = checkNewId(boardsRoot(doc), input.id, 'board');
    const title = requireString(input.title, 'title');
    const keys = sortedBoards(doc).map((board) => board.order);
    createEntry(boardsRoot(doc), id, { title, order: orderKeyAt(keys, index ?? keys.length) });
  });
  return id;
}

export function renameBoard(doc: Y.Doc, boardId: string, title: string): void {
  doc.transact(() => {
    requireEntry(boardsRoot(doc), boardId, 'board').set('title', requireString(title, 'title'));
  });
}

export function moveBoard(doc: Y.Doc, boardId: string, toIndex: number): void {
  doc.transact(() => {
    const board = requireEntry(boardsRoot(doc), boardId, 'board');
    const keys = sortedBoards(doc)
      .filter((entry) => entry.id !== boardId)
      .map((entry) => entry.order);
    board.set('order', orderKeyAt(keys, toIndex));
  });
}

/** Removes a board entry (not the board's document). Idempotent. */
export function removeBoard(doc: Y.Doc, boardId: string): void {
  doc.transact(() => {
    boardsRoot(doc).delete(boardId);
  });
}

export function listBoards(doc: Y.Doc): BoardEntry[] {
  return sortedBoards(doc).map(({ id, title }) => ({ id, title }));
}

function pinKey(kind: DocKind, docId: string): string {
  if (!isDocKind(kind)) throw new ShapeError('invalid-argument', `invalid document kind: ${String(kind)}`);
  if (!isValidId(docId)) throw new ShapeError('invalid-argument', `invalid document id: ${String(docId)}`);
  return `${kind}:${docId}`;
}

function sortedPinned(doc: Y.Doc): Array<PinnedItem & { id: string; order: string }> {
  const items: Array<PinnedItem & { id: string; order: string }> = [];
  for (const [id, item] of mapEntries(pinnedRoot(doc))) {
    const kind = item.get('kind');
    const docId = item.get('docId');
    if (!isDocKind(kind) || !isValidId(docId)) continue;
    items.push({ id, kind, docId, title: readString(item, 'title'), order: readOrderKey(item.get('order')) });
  }
  return items.sort(byOrder);
}

/** Pins a document of this space at `index` (default: last). Pinning again only updates the title. */
export function pinItem(doc: Y.Doc, item: PinnedItem, index?: number): void {
  doc.transact(() => {
    const key = pinKey(item.kind, item.docId);
    const title = requireString(item.title, 'title');
    const existing = asMap(pinnedRoot(doc).get(key));
    if (existing !== null) {
      if (readString(existing, 'title') !== title) existing.set('title', title);
      return;
    }
    const keys = sortedPinned(doc).map((pinned) => pinned.order);
    createEntry(pinnedRoot(doc), key, {
      kind: item.kind,
      docId: item.docId,
      title,
      order: orderKeyAt(keys, index ?? keys.length),
    });
  });
}

/** Unpins a document. Idempotent. */
export function unpinItem(doc: Y.Doc, kind: DocKind, docId: string): void {
  doc.transact(() => {
    pinnedRoot(doc).delete(pinKey(kind, docId));
  });
}

export function movePinned(doc: Y.Doc, kind: DocKind, docId: string, toIndex: number): void {
  doc.transact(() => {
    const key = pinKey(kind, docId);
    const item = requireEntry(pinnedRoot(doc), key, 'pinned item');
    const keys = sortedPinned(doc)
      .filter((pinned) => pinned.id !== key)
      .map((pinned) => pinned.order);
    item.set('order', orderKeyAt(keys, toIndex));
  });
}

export function listPinned(doc: Y.Doc): PinnedItem[] {
  return sortedPinned(doc).map(({ kind, docId, title }) => ({ kind, docId, title }));
}
