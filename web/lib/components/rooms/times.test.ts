import { describe, expect, it } from 'vitest';
import type { BookingView } from '@kring/contract';
import { formatClock, freePeriods, isoAt } from './times.ts';

const booking = (startsAt: string, endsAt: string, roomId = 'noord'): BookingView => ({
  id: startsAt,
  roomId,
  title: '',
  startsAt,
  endsAt,
  bookedBy: 'Anna',
  seriesId: null,
  mine: false,
  canCancel: false,
  requestId: null,
});

describe('room times', () => {
  it('reads and shows Amsterdam time in winter and summer', () => {
    expect(isoAt('2027-01-14', '10:00')).toBe('2027-01-14T09:00:00.000Z');
    expect(isoAt('2027-06-10', '10:00')).toBe('2027-06-10T08:00:00.000Z');
    expect(formatClock('2027-06-10T08:00:00.000Z', 'nl')).toBe('10:00');
  });

  it("lists a room's free periods between 08:00 and 18:00 around its bookings, other rooms aside", () => {
    const day = '2027-01-14';
    const bookings = [booking(isoAt(day, '09:00'), isoAt(day, '10:30')), booking(isoAt(day, '10:30'), isoAt(day, '11:00')), booking(isoAt(day, '12:00'), isoAt(day, '13:00'), 'zuid')];
    const free = freePeriods(bookings, 'noord', day, 0).map((p) => [formatClock(p.startsAt, 'nl'), formatClock(p.endsAt, 'nl')]);
    expect(free).toEqual([
      ['08:00', '09:00'],
      ['11:00', '18:00'],
    ]);
  });

  it('offers nothing that has passed', () => {
    const day = '2027-01-14';
    expect(freePeriods([], 'noord', day, Date.parse(isoAt(day, '16:10'))).map((p) => formatClock(p.startsAt, 'nl'))).toEqual(['16:15']);
    expect(freePeriods([], 'noord', day, Date.parse(isoAt(day, '19:00')))).toEqual([]);
  });
});
