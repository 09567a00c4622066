/**
 * Fractional order keys: each item in an ordered collection (cards in a column, columns, pages under a parent)
 * stores a string key, and the collection is sorted by (key, id). Moving an item rewrites only that item's key
 * to one between its new neighbours, so concurrent moves of different items merge without touching each
 * other, and a concurrent move of the same item is one last-writer-wins value: never a duplicate or a loss.
 *
 * A key is a base-62 fraction: digits `0-9A-Za-z` (ASCII order, so plain string comparison is numeric
 * order) after an implied "0.", never ending in `0` so there is always room between two keys. `keyBetween`
 * is the well-known midpoint algorithm (as in rocicorp/fractional-indexing, without the integer part), stepping
 * by one digit at either end of the list. New keys also get a short random suffix, so two replicas inserting at
 * the same spot at the same time get different keys and later inserts between those two items still find room.
 */

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;
const VALID_KEY = /^[0-9A-Za-z]*[1-9A-Za-z]$/;
const SUFFIX_LENGTH = 5;

export function isValidOrderKey(value: unknown): value is string {
  return typeof value === 'string' && VALID_KEY.test(value);
}

/** Orders two keys by code unit, which matches digit order for this alphabet (unlike `localeCompare`). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A key strictly between `a` and `b` (null means the start or the end). The result is never a prefix of `b`,
 * so anything appended to it stays below `b`. Deterministic; use `newOrderKey` for stored keys.
 */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && !isValidOrderKey(a)) throw new RangeError(`invalid order key: ${a}`);
  if (b !== null && !isValidOrderKey(b)) throw new RangeError(`invalid order key: ${b}`);
  if (a !== null && b !== null && a >= b) throw new RangeError(`order keys out of order: ${a} >= ${b}`);
  // At either end, step by one digit instead of halving: adding at the end of a list is the common case, and
  // stepping grows keys by one character per ~30 additions instead of per ~6.
  if (b === null) return a === null ? midpoint('', null) : after(a);
  if (a === null) return before(b);
  return midpoint(a, b);
}

function digit(key: string, at: number): number {
  return DIGITS.indexOf(key[at]!);
}

function after(a: string): string {
  if (a === '') return midpoint('', null);
  const first = digit(a, 0);
  return first < BASE - 1 ? DIGITS[first + 1]! : DIGITS[first]! + after(a.slice(1));
}

function before(b: string): string {
  const first = digit(b, 0);
  if (first >= 2) return DIGITS[first - 1]!;
  // '0' + a key below the rest; for a leading '1' that is anything after '0' (a bare '1' would be a prefix of b).
  return first === 0 ? DIGITS[0] + before(b.slice(1)) : DIGITS[0] + midpoint('', null);
}

function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    // Skip the common prefix; a shorter `a` counts as padded with zeros.
    let n = 0;
    while ((a[n] ?? '0') === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const low = a.length > 0 ? digit(a, 0) : 0;
  const high = b !== null ? digit(b, 0) : BASE;
  if (high - low > 1) return DIGITS[Math.floor((low + high) / 2)]!;
  // Adjacent digits: keep a's first digit and go above the rest of a.
  return DIGITS[low]! + midpoint(a.slice(1), null);
}

/** A fresh key between `a` and `b` with a random suffix (digits other than `0`, to keep the key valid). */
export function newOrderKey(a: string | null, b: string | null): string {
  const random = crypto.getRandomValues(new Uint8Array(SUFFIX_LENGTH));
  let suffix = '';
  for (const byte of random) suffix += DIGITS[1 + (byte % (BASE - 1))];
  return keyBetween(a, b) + suffix;
}

/**
 * A key that puts a new item at `index` among items already sorted by (key, id), the moving item itself left
 * out. Invalid stored keys (a raw update can carry anything) count as the lowest key. If two neighbours share a
 * key (practically impossible thanks to the suffixes), the item goes after both rather than failing.
 */
export function orderKeyAt(sortedKeys: readonly string[], index: number): string {
  const keys = sortedKeys.map((key) => (isValidOrderKey(key) ? key : null));
  const at = Math.max(0, Math.min(Math.trunc(index) || 0, keys.length));
  const before = at > 0 ? (keys[at - 1] ?? null) : null;
  let after: string | null = null;
  for (let i = at; i < keys.length; i++) {
    const key = keys[i] ?? null;
    if (key !== null && (before === null || key > before)) {
      after = key;
      break;
    }
  }
  return newOrderKey(before, after);
}
