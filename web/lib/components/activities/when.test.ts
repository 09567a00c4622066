import { describe, expect, it } from 'vitest';
import { formatWhen, localToIso, nearDay } from './when.ts';

const local = (y: number, mo: number, d: number, h: number, mi = 0) => new Date(y, mo - 1, d, h, mi).toISOString();

describe('formatWhen', () => {
  it('names the day once when the activity starts and ends on the same day', () => {
    expect(formatWhen(local(2026, 12, 1, 10), local(2026, 12, 1, 11, 30), 'nl')).toBe('dinsdag 1 december, 10:00 – 11:30');
  });

  it('names the end day when it is another day, and only the start without an end', () => {
    expect(formatWhen(local(2026, 12, 1, 22), local(2026, 12, 2, 1), 'nl')).toBe('dinsdag 1 december, 22:00 – woensdag 2 december, 01:00');
    expect(formatWhen(local(2026, 12, 1, 10), null, 'nl')).toBe('dinsdag 1 december, 10:00');
  });
});

describe('nearDay', () => {
  const now = new Date(2026, 11, 31, 23, 0);

  it('says today and tomorrow across a year boundary, and nothing for later days', () => {
    expect(nearDay(local(2026, 12, 31, 23, 30), now)).toBe('today');
    expect(nearDay(local(2027, 1, 1, 9), now)).toBe('tomorrow');
    expect(nearDay(local(2027, 1, 2, 9), now)).toBeNull();
  });
});

describe('localToIso', () => {
  it('turns a local date and time into an instant with a time zone', () => {
    expect(localToIso('2026-12-01', '10:00')).toBe(local(2026, 12, 1, 10));
  });

  it('refuses what is missing or malformed', () => {
    expect(localToIso('', '10:00')).toBeNull();
    expect(localToIso('2026-12-01', '')).toBeNull();
    expect(localToIso('1-12-2026', '10:00')).toBeNull();
  });
});
