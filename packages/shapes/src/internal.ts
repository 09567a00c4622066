/**
 * Helpers shared by the shapes; not exported from the package. Reads are defensive: a raw update can carry
 * any value under any key, so a read never trusts a stored type and falls back to an empty value instead.
 */
import * as Y from 'yjs';
import { ShapeError } from './errors.ts';
import { compareKeys, isValidOrderKey } from './order.ts';

export type YMap = Y.Map<unknown>;

export function asMap(value: unknown): YMap | null {
  return value instanceof Y.Map ? (value as YMap) : null;
}

export function readString(map: YMap, key: string): string {
  const value = map.get(key);
  return typeof value === 'string' ? value : '';
}

export function readNullableString(map: YMap, key: string): string | null {
  const value = map.get(key);
  return typeof value === 'string' ? value : null;
}

export function readBoolean(map: YMap, key: string): boolean {
  return map.get(key) === true;
}

/** A field that is normally a Y.Text (collaboratively edited) but may be a plain string. */
export function readText(map: YMap, key: string): string {
  const value = map.get(key);
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/** A stored order key, or '' (sorts first) when the stored value is not a valid key. */
export function readOrderKey(value: unknown): string {
  return isValidOrderKey(value) ? value : '';
}

/** Sorts by order key, ties broken by id, so every replica lists the same order. */
export function byOrder<T extends { id: string; order: string }>(a: T, b: T): number {
  return compareKeys(a.order, b.order) || compareKeys(a.id, b.id);
}

/** The entry `id` of `root` as a Y.Map, or a `not-found` ShapeError. */
export function requireEntry(root: YMap, id: string, what: string): YMap {
  const entry = asMap(root.get(id));
  if (entry === null) throw new ShapeError('not-found', `${what} not found: ${id}`);
  return entry;
}

/** Entries of `root` that are Y.Maps, skipping anything else a raw update may have put there. */
export function mapEntries(root: YMap): Array<[string, YMap]> {
  const entries: Array<[string, YMap]> = [];
  for (const [id, value] of root.entries()) {
    const entry = asMap(value);
    if (entry !== null) entries.push([id, entry]);
  }
  return entries;
}

/** Sets a field in a new nested Y.Map entry and returns that entry. */
export function createEntry(root: YMap, id: string, fields: Record<string, unknown>): YMap {
  const entry: YMap = new Y.Map();
  root.set(id, entry);
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) entry.set(key, value);
  }
  return entry;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ShapeError('invalid-argument', `${what} must be a string`);
  return value;
}

export function toIsoString(date: Date | undefined, what: string): string {
  const value = date ?? new Date();
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ShapeError('invalid-argument', `${what} must be a valid Date`);
  }
  return value.toISOString();
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;
const LOW_SURROGATE = /[\uDC00-\uDFFF]/;

/**
 * Turns `text` into `next` by replacing only the changed middle, so concurrent edits to different parts of the
 * same text (two people fixing two typos) both survive instead of one overwriting the other.
 */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  const shorter = Math.min(current.length, next.length);
  let start = 0;
  while (start < shorter && current[start] === next[start]) start++;
  // Never split a surrogate pair: Yjs would store the lone half as U+FFFD.
  if (start > 0 && HIGH_SURROGATE.test(current[start - 1]!)) start--;
  let end = 0;
  while (end < shorter - start && current[current.length - 1 - end] === next[next.length - 1 - end]) end++;
  if (end > 0 && LOW_SURROGATE.test(current[current.length - end]!)) end--;
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted.length > 0) text.insert(start, inserted);
}
