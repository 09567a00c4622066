/**
 * A task board: ordered columns of ordered cards. A card has a title, a description, assignees, a due date,
 * labels, a checklist and the record of its hand-overs.
 *
 * Layout: root map `columns` (column id → Y.Map `title`, `order`, `removed`, `done`) and root map `cards`
 * (card id → Y.Map `title`, `description` (Y.Text), `assignees`, `labels`, `due`, `position`, `checklist`,
 * `handovers`). A card's place is one value, `position: {column, order}`, so a move is a single
 * last-writer-wins write: two people moving the same card at once leave it in exactly one column, never in
 * both or neither. Order is by fractional key (see `order.ts`), ties broken by id, so every replica lists the
 * same order. Checklist items are a map (item id → Y.Map `text`, `done`, `order`) ordered the same way.
 *
 * Assignees are a map (user id → `{name, assignedBy}`; older boards hold just the name) and labels a map
 * (label → true), so two people adding someone or a label at the same time both keep theirs. Names are stored
 * with the card so boards and "my tasks" show them offline. `assignedBy` is the user id of whoever assigned:
 * the sync server checks it is the writer (packages/access/src/authorship.ts). A hand-over (`handOverCard`)
 * makes the colleague the only assignee and appends `{from, to, note, at}` to the card's `handovers` array
 * (append-only, so concurrent hand-overs are all kept; the card then has both colleagues as assignees and
 * nobody's task gets lost); `from` must be the writer, and only they or a moderator may remove it. A column marked `done` holds
 * finished cards ("Klaar"): they no longer count as open tasks.
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
  toIsoString,
  type YMap,
} from './internal.ts';
import { compareKeys, orderKeyAt } from './order.ts';

export interface ChecklistItem {
  id: string;
  text: string;
  done: boolean;
}

/** Someone on a card: their user id and the name shown for them. */
export interface Person {
  id: string;
  name: string;
}

/** Someone assigned to a card, and who assigned them (null on boards from before assignments were signed). */
export interface Assignee extends Person {
  assignedBy: string | null;
}

/** One hand-over of a card from one colleague to another. */
export interface Handover {
  from: Person;
  to: Person;
  note: string;
  /** ISO 8601 (UTC). */
  at: string;
}

export interface Card {
  id: string;
  /** The column the card is listed in. */
  columnId: string;
  title: string;
  description: string;
  /** Sorted by name, then id; empty when nobody is assigned. */
  assignees: Assignee[];
  /** ISO 8601 date (`2026-11-30`) or date-time, or null. */
  due: string | null;
  /** Sorted. */
  labels: string[];
  checklist: ChecklistItem[];
  /** Oldest first. */
  handovers: Handover[];
}

export interface Column {
  id: string;
  title: string;
  /** True for a removed column that still holds cards after a concurrent move into it. */
  removed: boolean;
  /** True when cards in this column are finished ("Klaar"). */
  done: boolean;
  cards: Card[];
}

export interface NewCard {
  title: string;
  description?: string;
  assignees?: Person[];
  /** The user id of the person assigning (the one writing); needed with assignees. */
  assignedBy?: string;
  due?: string | null;
  labels?: string[];
}

export interface CardPatch {
  title?: string;
  description?: string;
  /** Replaces the assignees; people already on the card keep their entry. */
  assignees?: Person[];
  /** The user id of the person assigning (the one writing); needed with assignees. */
  assignedBy?: string;
  due?: string | null;
  /** Replaces the labels. */
  labels?: string[];
}

/** Longest label, in characters. */
export const MAX_LABEL_LENGTH = 40;
/** Longest hand-over note, in characters. */
export const MAX_NOTE_LENGTH = 2000;

interface ColumnEntry {
  id: string;
  title: string;
  order: string;
  removed: boolean;
  done: boolean;
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
      done: readBoolean(column, 'done'),
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

function comparePeople(a: Person, b: Person): number {
  return compareKeys(a.name, b.name) || compareKeys(a.id, b.id);
}

function readAssignees(card: YMap): Assignee[] {
  const assignees = asMap(card.get('assignees'));
  if (assignees === null) return [];
  const people: Assignee[] = [];
  for (const [id, value] of assignees.entries()) people.push({ id, ...readAssignment(value) });
  return people.sort(comparePeople);
}

/** An assignment as stored: `{name, assignedBy}`, or (older boards) just the name. */
function readAssignment(value: unknown): { name: string; assignedBy: string | null } {
  if (typeof value === 'string') return { name: value, assignedBy: null };
  if (typeof value !== 'object' || value === null) return { name: '', assignedBy: null };
  const { name, assignedBy } = value as { name?: unknown; assignedBy?: unknown };
  return { name: typeof name === 'string' ? name : '', assignedBy: typeof assignedBy === 'string' ? assignedBy : null };
}

function readLabels(card: YMap): string[] {
  const labels = asMap(card.get('labels'));
  if (labels === null) return [];
  return [...labels.keys()].filter((label) => labels.get(label) === true).sort(compareKeys);
}

function readPerson(value: unknown): Person | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, name } = value as { id?: unknown; name?: unknown };
  return typeof id === 'string' ? { id, name: typeof name === 'string' ? name : '' } : null;
}

function readHandovers(card: YMap): Handover[] {
  const handovers = card.get('handovers');
  if (!(handovers instanceof Y.Array)) return [];
  const list: Handover[] = [];
  for (const value of handovers.toArray() as unknown[]) {
    if (typeof value !== 'object' || value === null) continue;
    const record = value as { from?: unknown; to?: unknown; note?: unknown; at?: unknown };
    const from = readPerson(record.from);
    const to = readPerson(record.to);
    if (from === null || to === null || typeof record.at !== 'string') continue;
    list.push({ from, to, note: typeof record.note === 'string' ? record.note : '', at: record.at });
  }
  return list;
}

function readCard(entry: CardEntry, columnId: string): Card {
  return {
    id: entry.id,
    columnId,
    title: readString(entry.map, 'title'),
    description: readText(entry.map, 'description'),
    assignees: readAssignees(entry.map),
    due: readNullableString(entry.map, 'due'),
    labels: readLabels(entry.map),
    checklist: readChecklist(entry.map),
    handovers: readHandovers(entry.map),
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

function checkPerson(person: unknown, what: string): Person {
  if (typeof person !== 'object' || person === null) throw new ShapeError('invalid-argument', `${what} must be a person`);
  const { id, name } = person as { id?: unknown; name?: unknown };
  if (typeof id !== 'string' || id.length === 0) throw new ShapeError('invalid-argument', `${what} needs an id`);
  return { id, name: requireString(name, `${what} name`) };
}

function checkPeople(people: unknown): Person[] | undefined {
  if (people === undefined) return undefined;
  if (!Array.isArray(people)) throw new ShapeError('invalid-argument', 'assignees must be an array');
  return people.map((person) => checkPerson(person, 'assignee'));
}

/** A label as stored: trimmed, inner white space collapsed; refused when empty or too long. */
export function normaliseLabel(label: unknown): string {
  const text = requireString(label, 'label').trim().replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > MAX_LABEL_LENGTH) {
    throw new ShapeError('invalid-argument', `a label has 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  return text;
}

function checkLabels(labels: unknown): string[] | undefined {
  if (labels === undefined) return undefined;
  if (!Array.isArray(labels)) throw new ShapeError('invalid-argument', 'labels must be an array');
  return [...new Set(labels.map(normaliseLabel))];
}

/** The card's nested map under `key`; a malformed card (one without it) gets an empty one. */
function nestedMap(card: YMap, key: string): YMap {
  const existing = asMap(card.get(key));
  if (existing !== null) return existing;
  const created: YMap = new Y.Map();
  card.set(key, created);
  return created;
}

/** Makes the assignees exactly `people`, assigned by `by`, touching only the entries that change. */
function writeAssignees(card: YMap, people: Person[], by: string | undefined): void {
  const assignees = nestedMap(card, 'assignees');
  const wanted = new Map(people.map((person) => [person.id, person.name]));
  for (const id of [...assignees.keys()]) if (!wanted.has(id)) assignees.delete(id);
  for (const [id, name] of wanted) if (!assignees.has(id) || readAssignment(assignees.get(id)).name !== name) assignees.set(id, assignment(name, by));
}

/** An assignment to store; `by` is the person assigning, whom the server checks against the writer. */
function assignment(name: string, by: string | undefined): { name: string; assignedBy: string } {
  if (typeof by !== 'string' || by.length === 0) throw new ShapeError('invalid-argument', 'an assignment needs the person assigning (assignedBy)');
  return { name, assignedBy: by };
}

/** Makes the labels exactly `labels`, touching only the entries that change. */
function writeLabels(card: YMap, labels: string[]): void {
  const stored = nestedMap(card, 'labels');
  const wanted = new Set(labels);
  for (const label of [...stored.keys()]) if (!wanted.has(label)) stored.delete(label);
  for (const label of wanted) if (stored.get(label) !== true) stored.set(label, true);
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

/** Adds a column at `index` (default: last) and returns its id. `done`: it holds finished cards. */
export function addColumn(doc: Y.Doc, title: string, index?: number, options: { done?: boolean } = {}): string {
  const id = randomId();
  doc.transact(() => {
    requireString(title, 'title');
    const keys = layout(doc).map((column) => column.order);
    createEntry(columnsRoot(doc), id, {
      title,
      order: orderKeyAt(keys, index ?? keys.length),
      done: options.done === true ? true : undefined,
    });
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
    const assignees = checkPeople(input.assignees) ?? [];
    const labels = checkLabels(input.labels) ?? [];
    const due = checkDue(input.due) ?? null;
    const keys = liveColumn(layout(doc), columnId).cards.map((card) => card.order);
    const order = orderKeyAt(keys, index ?? keys.length);
    const card = createEntry(cardsRoot(doc), id, {
      title,
      description: new Y.Text(description),
      assignees: new Y.Map(),
      labels: new Y.Map(),
      due,
      position: { column: columnId, order },
      checklist: new Y.Map(),
      handovers: new Y.Array(),
    });
    writeAssignees(card, assignees, input.assignedBy);
    writeLabels(card, labels);
  });
  return id;
}

/** Changes the given fields of a card; the description is edited by diff so concurrent edits merge. */
export function updateCard(doc: Y.Doc, cardId: string, patch: CardPatch): void {
  doc.transact(() => {
    const card = requireEntry(cardsRoot(doc), cardId, 'card');
    const title = patch.title === undefined ? undefined : requireString(patch.title, 'title');
    const description = patch.description === undefined ? undefined : requireString(patch.description, 'description');
    const assignees = checkPeople(patch.assignees);
    const labels = checkLabels(patch.labels);
    const due = checkDue(patch.due);
    if (title !== undefined && title !== readString(card, 'title')) card.set('title', title);
    if (description !== undefined) {
      const text = card.get('description');
      if (text instanceof Y.Text) replaceText(text, description);
      else card.set('description', new Y.Text(description));
    }
    if (assignees !== undefined) writeAssignees(card, assignees, patch.assignedBy);
    if (labels !== undefined) writeLabels(card, labels);
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

/** Adds someone to a card's assignees (or updates their name), assigned by `assignedBy` (the one writing). */
export function addAssignee(doc: Y.Doc, cardId: string, person: Person, assignedBy: string): void {
  doc.transact(() => {
    const card = requireEntry(cardsRoot(doc), cardId, 'card');
    const { id, name } = checkPerson(person, 'assignee');
    const assignees = nestedMap(card, 'assignees');
    if (!assignees.has(id) || readAssignment(assignees.get(id)).name !== name) assignees.set(id, assignment(name, assignedBy));
  });
}

/** Takes someone off a card. Idempotent. */
export function removeAssignee(doc: Y.Doc, cardId: string, personId: string): void {
  doc.transact(() => {
    const card = requireEntry(cardsRoot(doc), cardId, 'card');
    asMap(card.get('assignees'))?.delete(personId);
  });
}

/** Adds a label to a card (see `normaliseLabel`) and returns it as stored. */
export function addLabel(doc: Y.Doc, cardId: string, label: string): string {
  let stored = '';
  doc.transact(() => {
    const card = requireEntry(cardsRoot(doc), cardId, 'card');
    stored = normaliseLabel(label);
    const labels = nestedMap(card, 'labels');
    if (labels.get(stored) !== true) labels.set(stored, true);
  });
  return stored;
}

/** Takes a label off a card. Idempotent. */
export function removeLabel(doc: Y.Doc, cardId: string, label: string): void {
  doc.transact(() => {
    const card = requireEntry(cardsRoot(doc), cardId, 'card');
    asMap(card.get('labels'))?.delete(label);
  });
}

export interface HandoverInput {
  /** Who hands the card over: the person doing it (the server refuses anyone else). */
  from: Person;
  /** The colleague who takes the card over. */
  to: Person;
  note?: string;
  /** Defaults to now. */
  at?: Date;
}

/**
 * Hands a card over: the colleague becomes its only assignee and the hand-over is added to the card's
 * history. Returns the record as stored.
 */
export function handOverCard(doc: Y.Doc, cardId: string, input: HandoverInput): Handover {
  let record: Handover | undefined;
  doc.transact(() => {
    const card = requireEntry(cardsRoot(doc), cardId, 'card');
    const from = checkPerson(input.from, 'from');
    const to = checkPerson(input.to, 'to');
    const note = input.note === undefined ? '' : requireString(input.note, 'note').trim();
    if (note.length > MAX_NOTE_LENGTH) throw new ShapeError('invalid-argument', `a note has at most ${MAX_NOTE_LENGTH} characters`);
    record = { from, to, note, at: toIsoString(input.at, 'at') };
    writeAssignees(card, [to], from.id);
    let handovers = card.get('handovers');
    if (!(handovers instanceof Y.Array)) {
      handovers = new Y.Array<unknown>();
      card.set('handovers', handovers);
    }
    (handovers as Y.Array<unknown>).push([record]);
  });
  return record!;
}

/** Marks a column as the one for finished cards (or not). */
export function setColumnDone(doc: Y.Doc, columnId: string, done: boolean): void {
  doc.transact(() => {
    const column = requireEntry(columnsRoot(doc), columnId, 'column');
    if (readBoolean(column, 'done') !== (done === true)) column.set('done', done === true);
  });
}

/** Every label used on the board, sorted (for suggestions). */
export function listBoardLabels(doc: Y.Doc): string[] {
  const labels = new Set<string>();
  for (const [, card] of mapEntries(cardsRoot(doc))) for (const label of readLabels(card)) labels.add(label);
  return [...labels].sort(compareKeys);
}

/** A card with where it is on its board, for lists across boards ("my tasks"). */
export interface PlacedCard extends Card {
  columnTitle: string;
  /** The card sits in a column for finished cards. */
  done: boolean;
}

/** Every card `personId` is assigned to, in board order. */
export function cardsAssignedTo(doc: Y.Doc, personId: string): PlacedCard[] {
  const found: PlacedCard[] = [];
  for (const column of layout(doc)) {
    for (const entry of column.cards) {
      if (asMap(entry.map.get('assignees'))?.has(personId) !== true) continue;
      found.push({ ...readCard(entry, column.id), columnTitle: column.title, done: column.done });
    }
  }
  return found;
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
    done: column.done,
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
