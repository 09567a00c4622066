/** Observable keeps Svelte's store contract: subscribers get the current value at once and every change after. */
import { describe, expect, it } from 'vitest';
import { Observable } from './observable.ts';

describe('Observable', () => {
  it('gives a new subscriber the current value at once', () => {
    const value = new Observable(1);
    const seen: number[] = [];
    value.subscribe((v) => seen.push(v));
    expect(seen).toEqual([1]);
    expect(value.value).toBe(1);
  });

  it('tells every subscriber about set and update, in order', () => {
    const value = new Observable({ count: 0 });
    const first: number[] = [];
    const second: number[] = [];
    value.subscribe((v) => first.push(v.count));
    value.subscribe((v) => second.push(v.count));
    value.set({ count: 1 });
    value.update((v) => ({ count: v.count + 10 }));
    expect(first).toEqual([0, 1, 11]);
    expect(second).toEqual([0, 1, 11]);
    expect(value.value).toEqual({ count: 11 });
  });

  it('stops telling a subscriber once it unsubscribed, and keeps telling the others', () => {
    const value = new Observable('a');
    const gone: string[] = [];
    const kept: string[] = [];
    const unsubscribe = value.subscribe((v) => gone.push(v));
    value.subscribe((v) => kept.push(v));
    unsubscribe();
    value.set('b');
    expect(gone).toEqual(['a']);
    expect(kept).toEqual(['a', 'b']);
    // Unsubscribing twice is harmless.
    unsubscribe();
  });

  it('lets a subscriber unsubscribe itself while being told', () => {
    const value = new Observable(0);
    const seen: number[] = [];
    const unsubscribe = value.subscribe((v) => {
      seen.push(v);
      if (v === 1) unsubscribe();
    });
    value.set(1);
    value.set(2);
    expect(seen).toEqual([0, 1]);
  });
});
