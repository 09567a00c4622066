import { describe, expect, it } from 'vitest';
import { weekOf, weeksUpTo } from './insight.ts';

describe('insight weeks', () => {
  it('puts every day in the week that starts on its Monday (UTC)', () => {
    expect(weekOf(Date.parse('2026-12-07T00:00:00Z'))).toBe('2026-12-07');
    expect(weekOf(Date.parse('2026-12-13T23:59:59Z'))).toBe('2026-12-07');
    expect(weekOf(Date.parse('2026-12-14T00:00:00Z'))).toBe('2026-12-14');
    // Across a year's end.
    expect(weekOf(Date.parse('2027-01-01T12:00:00Z'))).toBe('2026-12-28');
  });

  it('lists the last eight weeks, oldest first, this week last', () => {
    const weeks = weeksUpTo(Date.parse('2026-12-09T10:00:00Z'));
    expect(weeks).toHaveLength(8);
    expect(weeks.at(-1)).toBe('2026-12-07');
    expect(weeks[0]).toBe('2026-10-19');
  });
});
