/**
 * A task board: ordered columns of ordered cards, each card with an optional checklist.
 *
 * Layout: root map `columns` (column id → Y.Map `title`, `order`, `removed`) and root map `cards` (card id →
 * Y.Map `title`, `description` (Y.Text), `assigneeId`, `due`, `position`, `checklist`). A card's place is one
 * value, `position: {column, order}`, so a move is a single last-writer-wins write: two people moving the same
 * card at once leave it in exactly one column, never in both or neither. Order is by fractional key (see
 * `order.ts`), ties broken by id, so every replica lists the same order. Checklist items are a map
 * (item id → Y.Map `text`, `done`, `order`) ordered the same way.
 *
 * Removing a column marks it `removed` and moves its cards to another column. If someone moved a card into
 * the column at the same time, the merged board still has a card there: such a column stays listed (with
 * `removed: true`) until it is empty, so no card is ever hidden. A card whose column id is unknown (only a
 * malformed update can do that) is listed in the first column.
 *
 * Removing a card deletes it; an edit or move made concurrently on a removed card goes with it.
 */
import * as Y from 'yjs';
import { ShapeError } from './errors.ts';
import { randomId } from './ids.ts';
import {
  asMap,
  byOrder,
  createEntry,
  mapEntries,
  readBoolean,
  readNullableString,
  readOrderKey,
  readString,
  readText,
  replaceText,
  requireEntry,
  requireString,
  type YMap,
} from './internal.ts';
import { orderKeyAt } from './order.ts';

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
}

export interface Card {
  id: string;
  /** The column the card is listed in. */
  columnId: string;
  title: string;
  description: string;
  /** A user id, or null when nobody is assigned. */
  assigneeId: string | null;
  /** ISO 8601 date (`2026-11-30`) or date-time, or null. */
  due: string | null;
  checklist: ChecklistItem[];
}

export interface Column {
  id: string;
  title: string;
  /** True for a removed column that still holds cards after a concurrent move into it. */
  removed: boolean;
  cards: Card[];
}

export interface NewCard {
  title: string;
  description?: string;
  assigneeId?: string | null;
  due?: string | null;
}

export interface CardPatch {
  title?: string;
  description?: string;
  assigneeId?: string | null;
  due?: string | null;
}

interface ColumnEntry {
  id: string;
  title: string;
  order: string;
  removed: boolean;
}

interface CardEntry {
  id: string;
  order: string;
  /** The column as stored, which may name an unknown column. */
  storedColumn: string;
  map: YMap;
}

interface ListedColumn extends ColumnEntry {
  cards: CardEntry[];
}

function columnsRoot(doc: Y.Doc): YMap {
  return doc.getMap('columns');
}

function cardsRoot(doc: Y.Doc): YMap {
  return doc.getMap('cards');
}

function readPosition(card: YMap): { column: string; order: string } {
  const position = card.get('position');
  if (typeof position !== 'object' || position === null) return { column: '', order: '' };
  const { column, order } = position as { column?: unknown; order?: unknown };
  return { column: typeof column === 'string' ? column : '', order: readOrderKey(order) };
}

/** The board as listed: columns in order (live ones, plus removed ones that still hold cards), cards in order. */
function layout(doc: Y.Doc): ListedColumn[] {
  const columns: ColumnEntry[] = mapEntries(columnsRoot(doc))
    .map(([id, column]) => ({
      id,
      title: readString(column, 'title'),
      order: readOrderKey(column.get('order')),
      removed: readBoolean(column, 'removed'),
    }))
    .sort(byOrder);
  const known = new Set(columns.map((column) => column.id));
  const fallback = (columns.find((column) => !column.removed) ?? columns[0])?.id;
  const cardsByColumn = new Map<string, CardEntry[]>();
  for (const [id, map] of mapEntries(cardsRoot(doc))) {
    const { column, order } = readPosition(map);
    const listedIn = known.has(column) ? column : fallback;
    if (listedIn === undefined) continue;
    const list = cardsByColumn.get(listedIn) ?? [];
    list.push({ id, order, storedColumn: column, map });
    cardsByColumn.set(listedIn, list);
  }
  return columns
    .filter((column) => !column.removed || cardsByColumn.has(column.id))
    .map((column) => ({ ...column, cards: (cardsByColumn.get(column.id) ?? []).sort(byOrder) }));
}

function readChecklist(card: YMap): ChecklistItem[] {
  const checklist = asMap(card.get('checklist'));
  if (checklist === null) return [];
  return mapEntries(checklist)
    .map(([id, item]) => ({
      id,
      order: readOrderKey(item.get('order')),
      text: readString(item, 'text'),
      done: readBoolean(item, 'done'),
    }))
    .sort(byOrder)
    .map(({ id, text, done }) => ({ id, text, done }));
}

function readCard(entry: CardEntry, columnId: string): Card {
  return {
    id: entry.id,
    columnId,
    title: readString(entry.map, 'title'),
    description: readText(entry.map, 'description'),
    assigneeId: readNullableString(entry.map, 'assigneeId'),
    due: readNullableString(entry.map, 'due'),
    checklist: readChecklist(entry.map),
  };
}

const DUE_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function checkDue(due: unknown): string | null | undefined {
  if (due === undefined || due === null) return due;
  if (typeof due !== 'string' || !DUE_PATTERN.test(due) || Number.isNaN(Date.parse(due))) {
    throw new ShapeError('invalid-argument', `due must be an ISO 8601 date or null: ${String(due)}`);
  }
  return due;
}

function checkAssignee(assigneeId: unknown): string | null | undefined {
  if (assigneeId === undefined || assigneeId === null || typeof assigneeId === 'string') return assigneeId;
  throw new ShapeError('invalid-argument', 'assigneeId must be a string or null');
}

function listedColumn(columns: ListedColumn[], columnId: string): ListedColumn {
  const column = columns.find((candidate) => candidate.id === columnId);
  if (column === undefined) throw new ShapeError('not-found', `column not found: ${columnId}`);
  return column;
}

function liveColumn(columns: ListedColumn[], columnId: string): ListedColumn {
  const column = listedColumn(columns, columnId);
  if (column.removed) throw new ShapeError('not-found', `column was removed: ${columnId}`);
  return column;
}

/** Adds a column at `index` (default: last) and returns its id. */
export function addColumn(doc: Y.Doc, title: string, index?: number): string {
  const id = randomId();
  doc.transact(() => {
    requireString(title, 'title');
    const keys = layout(doc).map((column) => column.order);
    createEntry(columnsRoot(doc), id, { title, order: orderKeyAt(keys, index ?? keys.length) });
  });
  return id;
}

export function renameColumn(doc: Y.Doc, columnId: string, title: string): void {
  doc.transact(() => {
    const column = requireEntry(columnsRoot(doc), columnId, 'column');
    column.set('title', requireString(title, 'title'));
  });
}

/** Moves a column to `toIndex` among the listed columns. */
export function moveColumn(doc: Y.Doc, columnId: string, toIndex: number): void {
  doc.transact(() => {
    const columns = layout(doc);
    const column = listedColumn(columns, columnId);
    if (columns.indexOf(column) === toIndex) return;
    const keys = columns.filter((other) => other.id !== columnId).map((other) => other.order);
    requireEntry(columnsRoot(doc), columnId, 'column').set('order', orderKeyAt(keys, toIndex));
  });
}

/**
 * Removes a column. Its cards move, in order, to the end of `moveCardsTo` (default: the first other column).
 * Removing the last column while it holds cards is refused. Idempotent.
 */
export function removeColumn(doc: Y.Doc, columnId: string, moveCardsTo?: string): void {
  doc.transact(() => {
    const column = asMap(columnsRoot(doc).get(columnId));
    if (column === null || readBoolean(column, 'removed')) return;
    const columns = layout(doc);
    const cards = listedColumn(columns, columnId).cards;
    if (cards.length > 0) {
      const targetId = moveCardsTo ?? columns.find((other) => !other.removed && other.id !== columnId)?.id;
      if (targetId === undefined) {
        throw new ShapeError('invalid-argument', 'cannot remove the last column while it holds cards');
      }
      if (targetId === columnId) throw new ShapeError('invalid-argument', 'cannot move cards into the removed column');
      const keys = liveColumn(columns, targetId).cards.map((card) => card.order);
      for (const card of cards) {
        const order = orderKeyAt(keys, keys.length);
        keys.push(order);
        card.map.set('position', { column: targetId, order });
      }
    }
    column.set('removed', true);
  });
}

/** Adds a card to a column at `index` (default: last) and returns its id. */
export function addCard(doc: Y.Doc, columnId: string, input: NewCard, index?: number): string {
  const id = randomId();
  doc.transact(() => {
    const title = requireString(input.title, 'title');
    const description = input.description === undefined ? '' : requireString(input.description, 'description');
    const assigneeId = checkAssignee(input.assigneeId) ?? null;
    const due = checkDue(input.due) ?? null;
    const keys = liveColumn(layout(doc), columnId).cards.map((card) => card.order);
    const order = orderKeyAt(keys, index ?? keys.length);
    createEntry(cardsRoot(doc), id, {
      title,
      description: new Y.Text(description),
      assigneeId,
      due,
      position: { column: columnId, order },
      checklist: new Y.Map(),
    });
  });
  return id;
}

/** Changes the given fields of a card; the description is edited by diff so concurrent edits merge. */
export function updateCard(doc: Y.Doc, cardId: string, patch: CardPatch): void {
  doc.transact(() => {
    const card = requireEntry(cardsRoot(doc), cardId, 'card');
    const title = patch.title === undefined ? undefined : requireString(patch.title, 'title');
    const description = patch.description === undefined ? undefined : requireString(patch.description, 'description');
    const assigneeId = checkAssignee(patch.assigneeId);
    const due = checkDue(patch.due);
    if (title !== undefined && title !== readString(card, 'title')) card.set('title', title);
    if (description !== undefined) {
      const text = card.get('description');
      if (text instanceof Y.Text) replaceText(text, description);
      else card.set('description', new Y.Text(description));
    }
    if (assigneeId !== undefined && assigneeId !== readNullableString(card, 'assigneeId')) {
      card.set('assigneeId', assigneeId);
    }
    if (due !== undefined && due !== readNullableString(card, 'due')) card.set('due', due);
  });
}

/** Moves a card to `toIndex` in a column (counted without the card itself); also within its own column. */
export function moveCard(doc: Y.Doc, cardId: string, toColumnId: string, toIndex: number): void {
  doc.transact(() => {
    const card = requireEntry(cardsRoot(doc), cardId, 'card');
    const target = listedColumn(layout(doc), toColumnId);
    const current = readPosition(card);
    // Already there: skip the write so a no-op drag does not override someone else's concurrent move.
    if (current.column === toColumnId && target.cards.findIndex((entry) => entry.id === cardId) === toIndex) return;
    const keys = target.cards.filter((entry) => entry.id !== cardId).map((entry) => entry.order);
    card.set('position', { column: toColumnId, order: orderKeyAt(keys, toIndex) });
  });
}

/** Removes a card. Idempotent. */
export function removeCard(doc: Y.Doc, cardId: string): void {
  doc.transact(() => {
    cardsRoot(doc).delete(cardId);
  });
}

export function getCard(doc: Y.Doc, cardId: string): Card | null {
  for (const column of layout(doc)) {
    const entry = column.cards.find((card) => card.id === cardId);
    if (entry !== undefined) return readCard(entry, column.id);
  }
  return null;
}

/** The whole board: columns in order, each with its cards in order. Every card is in exactly one column. */
export function listColumns(doc: Y.Doc): Column[] {
  return layout(doc).map((column) => ({
    id: column.id,
    title: column.title,
    removed: column.removed,
    cards: column.cards.map((card) => readCard(card, column.id)),
  }));
}

/** The card's checklist map; `create` gives a malformed card (one without a checklist) an empty one. */
function checklistOf(doc: Y.Doc, cardId: string, create = false): YMap {
  const card = requireEntry(cardsRoot(doc), cardId, 'card');
  const checklist = asMap(card.get('checklist'));
  if (checklist !== null) return checklist;
  if (!create) throw new ShapeError('not-found', `card has no checklist: ${cardId}`);
  const created: YMap = new Y.Map();
  card.set('checklist', created);
  return created;
}

function checklistKeys(checklist: YMap, without?: string): string[] {
  return mapEntries(checklist)
    .filter(([id]) => id !== without)
    .map(([id, item]) => ({ id, order: readOrderKey(item.get('order')) }))
    .sort(byOrder)
    .map((item) => item.order);
}

/** Adds a checklist item at `index` (default: last) and returns its id. */
export function addChecklistItem(doc: Y.Doc, cardId: string, text: string, index?: number): string {
  const id = randomId();
  doc.transact(() => {
    requireString(text, 'text');
    const checklist = checklistOf(doc, cardId, true);
    const keys = checklistKeys(checklist);
    createEntry(checklist, id, { text, done: false, order: orderKeyAt(keys, index ?? keys.length) });
  });
  return id;
}

export function setChecklistItemDone(doc: Y.Doc, cardId: string, itemId: string, done: boolean): void {
  doc.transact(() => {
    const item = requireEntry(checklistOf(doc, cardId), itemId, 'checklist item');
    if (readBoolean(item, 'done') !== (done === true)) item.set('done', done === true);
  });
}

/** Flips an item's done flag and returns the new value. */
export function toggleChecklistItem(doc: Y.Doc, cardId: string, itemId: string): boolean {
  let done = false;
  doc.transact(() => {
    const item = requireEntry(checklistOf(doc, cardId), itemId, 'checklist item');
    done = !readBoolean(item, 'done');
    item.set('done', done);
  });
  return done;
}

export function renameChecklistItem(doc: Y.Doc, cardId: string, itemId: string, text: string): void {
  doc.transact(() => {
    const item = requireEntry(checklistOf(doc, cardId), itemId, 'checklist item');
    item.set('text', requireString(text, 'text'));
  });
}

/** Moves a checklist item to `toIndex` (counted without the item itself). */
export function moveChecklistItem(doc: Y.Doc, cardId: string, itemId: string, toIndex: number): void {
  doc.transact(() => {
    const checklist = checklistOf(doc, cardId);
    const item = requireEntry(checklist, itemId, 'checklist item');
    item.set('order', orderKeyAt(checklistKeys(checklist, itemId), toIndex));
  });
}

/** Removes a checklist item. Idempotent. */
export function removeChecklistItem(doc: Y.Doc, cardId: string, itemId: string): void {
  doc.transact(() => {
    const card = asMap(cardsRoot(doc).get(cardId));
    const checklist = card === null ? null : asMap(card.get('checklist'));
    checklist?.delete(itemId);
  });
}
