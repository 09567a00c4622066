import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, isValidOrderKey, keyBetween, newOrderKey, orderKeyAt } from './order.ts';

const validKey = fc.stringMatching(/^[0-9A-Za-z]{0,8}[1-9A-Za-z]$/);

describe('keyBetween', () => {
  it('makes keys at the start, the end and in between', () => {
    const first = keyBetween(null, null);
    const later = keyBetween(first, null);
    const earlier = keyBetween(null, first);
    const middle = keyBetween(first, later);
    expect([earlier, first, middle, later]).toEqual([earlier, first, middle, later].sort(compareKeys));
    for (const key of [earlier, first, middle, later]) expect(isValidOrderKey(key)).toBe(true);
  });

  it('refuses keys out of order or malformed', () => {
    expect(() => keyBetween('b', 'a')).toThrow(RangeError);
    expect(() => keyBetween('a', 'a')).toThrow(RangeError);
    expect(() => keyBetween('a0', null)).toThrow(RangeError);
    expect(() => keyBetween('a!', null)).toThrow(RangeError);
    expect(() => keyBetween('', null)).toThrow(RangeError);
  });

  it('returns a valid key strictly between any two keys, never a prefix of the upper one', () => {
    fc.assert(
      fc.property(fc.option(validKey), fc.option(validKey), (x, y) => {
        fc.pre(x === null || y === null || x !== y);
        const [a, b] = x !== null && y !== null && x > y ? [y, x] : [x, y];
        const key = keyBetween(a, b);
        expect(isValidOrderKey(key)).toBe(true);
        if (a !== null) expect(key > a).toBe(true);
        if (b !== null) {
          expect(key < b).toBe(true);
          expect(b.startsWith(key)).toBe(false);
        }
      }),
    );
  });

  it('keeps keys short when adding at the end or the start again and again', () => {
    let last: string | null = null;
    let first: string | null = null;
    for (let i = 0; i < 1000; i++) {
      last = newOrderKey(last, null);
      first = newOrderKey(null, first);
    }
    expect(last!.length).toBeLessThan(50);
    expect(first!.length).toBeLessThan(50);
  });
});

describe('newOrderKey', () => {
  it('gives different keys for the same spot', () => {
    expect(newOrderKey('a', 'b')).not.toBe(newOrderKey('a', 'b'));
  });

  it('stays between its bounds with the random suffix', () => {
    fc.assert(
      fc.property(validKey, validKey, (x, y) => {
        fc.pre(x !== y);
        const [a, b] = x < y ? [x, y] : [y, x];
        const key = newOrderKey(a, b);
        expect(key > a && key < b && isValidOrderKey(key)).toBe(true);
      }),
    );
  });
});

describe('orderKeyAt', () => {
  it('keeps a list in insertion order for any sequence of positions', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 200 }), (positions) => {
        const keys: string[] = [];
        for (const position of positions) {
          const index = position % (keys.length + 1);
          keys.splice(index, 0, orderKeyAt(keys, index));
        }
        for (let i = 1; i < keys.length; i++) expect(keys[i - 1]! < keys[i]!).toBe(true);
      }),
    );
  });

  it('clamps indexes outside the list', () => {
    expect(orderKeyAt(['V'], -5) < 'V').toBe(true);
    expect(orderKeyAt(['V'], 99) > 'V').toBe(true);
    expect(isValidOrderKey(orderKeyAt([], Number.NaN))).toBe(true);
  });

  it('places an item after two neighbours sharing a key instead of failing', () => {
    const key = orderKeyAt(['A', 'M', 'M', 'z'], 2);
    expect(key > 'M' && key < 'z').toBe(true);
  });

  it('treats malformed stored keys as the lowest', () => {
    expect(isValidOrderKey(orderKeyAt(['', '', 'V'], 1))).toBe(true);
    expect(orderKeyAt(['', 'V'], 2) > 'V').toBe(true);
  });
});
