import { describe, expect, it } from 'vitest';
import { median, percentile, ratioInterval } from './stats.ts';

describe('benchmark statistics', () => {
  it('takes medians and nearest-rank percentiles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it('gives a narrow interval around the ratio when both sides are steady, and holds the true ratio', () => {
    const without = [100, 101, 99, 100, 102, 98];
    const withIt = without.map((value) => value * 1.02);
    const [low, high] = ratioInterval(withIt, without);
    expect(low).toBeLessThanOrEqual(1.02);
    expect(high).toBeGreaterThanOrEqual(1.02);
    expect(high - low).toBeLessThan(0.06);
  });

  it('gives a wide interval when one side jumps about, so a goal cannot be called met or missed on it', () => {
    const [low, high] = ratioInterval([60, 140, 80, 130, 70, 150], [100, 101, 99, 100, 102, 98]);
    expect(low).toBeLessThan(0.9);
    expect(high).toBeGreaterThan(1.2);
  });

  it('is the same every time for the same samples', () => {
    expect(ratioInterval([1, 2, 3], [2, 3, 4])).toEqual(ratioInterval([1, 2, 3], [2, 3, 4]));
  });
});
