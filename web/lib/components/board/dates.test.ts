import { describe, expect, it } from 'vitest';
import { daysBetween, dueDay, dueGroup, formatDue, dateInputValue } from './dates.ts';

// A fixed "now": Monday 23 November 2026, 10:00 in the device's time zone.
const NOW = new Date(2026, 10, 23, 10, 0);

describe('due dates', () => {
  it('groups due dates by how far off they are', () => {
    expect(dueGroup(null, NOW)).toBe('none');
    expect(dueGroup('2026-11-20', NOW)).toBe('overdue');
    expect(dueGroup('2026-11-22', NOW)).toBe('overdue');
    expect(dueGroup('2026-11-23', NOW)).toBe('today');
    expect(dueGroup('2026-11-24', NOW)).toBe('tomorrow');
    expect(dueGroup('2026-11-29', NOW)).toBe('week');
    expect(dueGroup('2026-11-30', NOW)).toBe('later');
    expect(dueGroup('niet een datum', NOW)).toBe('none');
  });

  it('reads a date with a time as the day it falls on here', () => {
    const lateToday = new Date(2026, 10, 23, 23, 30);
    expect(dueDay(lateToday.toISOString())).toBe('2026-11-23');
    expect(dueGroup(lateToday.toISOString(), NOW)).toBe('today');
    expect(dueDay('2026-11-30')).toBe('2026-11-30');
  });

  it('counts calendar days across the change to winter time', () => {
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-11-23', '2026-11-22')).toBe(-1);
  });

  it('writes a due date short, with the year only when it is not this year', () => {
    expect(formatDue('2026-11-24', 'nl', NOW)).toContain('24');
    expect(formatDue('2026-11-24', 'nl', NOW)).not.toContain('2026');
    expect(formatDue('2027-01-05', 'nl', NOW)).toContain('2027');
  });

  it('fills a date field with the day, or nothing', () => {
    expect(dateInputValue(null)).toBe('');
    expect(dateInputValue('2026-11-30')).toBe('2026-11-30');
  });
});
