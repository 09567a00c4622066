import { describe, expect, it } from 'vitest';
import { ClientWriters } from './ClientWriters.ts';
import type { UpdateMeta } from './updates.ts';

/** An update's clock ranges: client to [from, to). */
const covering = (ranges: Record<number, [number, number]>): UpdateMeta => {
  const entries = Object.entries(ranges).map(([client, range]) => [Number(client), range] as const);
  return { from: new Map(entries.map(([client, [from]]) => [client, from])), to: new Map(entries.map(([client, [, to]]) => [client, to])) };
};

describe('ClientWriters', () => {
  it('gives a client to the first person who writes new content as it, and keeps it theirs', () => {
    const writers = new ClientWriters(new Map(), new Map());
    expect(writers.writesAsOthers(covering({ 7: [0, 3] }), 'anna')).toBe(false);
    expect(writers.record(covering({ 7: [0, 3] }), 'anna')).toEqual([7]);
    // Anna goes on as client 7; Bram may not add to it.
    expect(writers.writesAsOthers(covering({ 7: [3, 5] }), 'anna')).toBe(false);
    expect(writers.writesAsOthers(covering({ 7: [3, 5] }), 'bram')).toBe(true);
    expect(writers.record(covering({ 7: [3, 5] }), 'anna')).toEqual([]);
  });

  it('lets anyone send again what the document holds already (an echo), but not one struct past it', () => {
    const writers = new ClientWriters(new Map([[7, 'anna']]), new Map([[7, 5]]));
    expect(writers.writesAsOthers(covering({ 7: [0, 5] }), 'bram')).toBe(false);
    expect(writers.writesAsOthers(covering({ 7: [2, 6] }), 'bram')).toBe(true);
  });

  it("refuses new content as the server's client to everyone", () => {
    const writers = new ClientWriters(new Map(), new Map());
    expect(writers.record(covering({ 1: [0, 2] }), null)).toEqual([1]);
    expect(writers.writesAsOthers(covering({ 1: [2, 3] }), 'anna')).toBe(true);
  });

  it('judges every client of a merged update: one of them someone else’s is enough', () => {
    const writers = new ClientWriters(new Map([[7, 'anna']]), new Map([[7, 5]]));
    expect(writers.writesAsOthers(covering({ 9: [0, 1], 7: [5, 6] }), 'bram')).toBe(true);
    expect(writers.writesAsOthers(covering({ 9: [0, 1], 7: [0, 5] }), 'bram')).toBe(false);
    expect(writers.record(covering({ 9: [0, 1], 7: [0, 5] }), 'bram')).toEqual([9]);
  });

  it('leaves a client nobody claimed (content stored before clients were kept) to whoever extends it first', () => {
    const writers = new ClientWriters(new Map(), new Map([[7, 5]]));
    expect(writers.writesAsOthers(covering({ 7: [5, 6] }), 'bram')).toBe(false);
    expect(writers.record(covering({ 7: [5, 6] }), 'bram')).toEqual([7]);
    expect(writers.writesAsOthers(covering({ 7: [6, 7] }), 'anna')).toBe(true);
  });
});
