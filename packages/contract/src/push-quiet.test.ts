import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_SETTINGS, inQuietHours, type PushSettings } from './push.ts';

const hours = (from: string, until: string, on = true): PushSettings => ({ quietHours: { on, from, until } });

describe('quiet hours for push', () => {
  it('are quiet from 22:00 until 07:00 Amsterdam time by default, across midnight', () => {
    // 2026-12-07 is winter time: Amsterdam is UTC+1.
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-12-07T20:59:00Z'))).toBe(false); // 21:59
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-12-07T21:00:00Z'))).toBe(true); // 22:00
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-12-07T23:30:00Z'))).toBe(true); // 00:30
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-12-08T05:59:00Z'))).toBe(true); // 06:59
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-12-08T06:00:00Z'))).toBe(false); // 07:00
  });

  it('follow the Amsterdam clock in summer time too (UTC+2), and on the night the clocks change', () => {
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-07-01T19:59:00Z'))).toBe(false); // 21:59
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-07-01T20:00:00Z'))).toBe(true); // 22:00
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-07-02T04:59:00Z'))).toBe(true); // 06:59
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-07-02T05:00:00Z'))).toBe(false); // 07:00
    // 29 March 2026: at 02:00 the clock jumps to 03:00. 06:30 local is 04:30 UTC, 07:00 local is 05:00 UTC.
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-03-29T04:30:00Z'))).toBe(true);
    expect(inQuietHours(DEFAULT_PUSH_SETTINGS, new Date('2026-03-29T05:00:00Z'))).toBe(false);
  });

  it('can be a window within one day, be switched off, or be empty', () => {
    const afternoon = hours('13:00', '14:30');
    expect(inQuietHours(afternoon, new Date('2026-12-07T11:59:00Z'))).toBe(false); // 12:59
    expect(inQuietHours(afternoon, new Date('2026-12-07T12:00:00Z'))).toBe(true); // 13:00
    expect(inQuietHours(afternoon, new Date('2026-12-07T13:29:00Z'))).toBe(true); // 14:29
    expect(inQuietHours(afternoon, new Date('2026-12-07T13:30:00Z'))).toBe(false); // 14:30
    expect(inQuietHours(hours('22:00', '07:00', false), new Date('2026-12-07T23:30:00Z'))).toBe(false);
    expect(inQuietHours(hours('08:00', '08:00'), new Date('2026-12-07T07:00:00Z'))).toBe(false);
  });
});
