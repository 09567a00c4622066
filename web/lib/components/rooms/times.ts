/**
 * Times in the room planner: always Amsterdam time, whatever the device's own zone (the rooms are in the
 * Netherlands), and the free periods of a room on a day within office hours.
 */
import { amsterdamTime, type BookingView } from '@kring/contract';

export const OPEN_FROM = 8;
export const OPEN_UNTIL = 18;

const zone = 'Europe/Amsterdam';

export function formatClock(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

export function formatDay(date: string, locale: string, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: style, day: 'numeric', month: style === 'long' ? 'long' : 'short' }).format(new Date(`${date}T12:00:00Z`));
}

/** "HH:MM" choices every quarter of an hour from `from` to `until` (hours). */
export function quarterHours(from = 7, until = 21): string[] {
  const times: string[] = [];
  for (let minutes = from * 60; minutes <= until * 60; minutes += 15) times.push(`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
  return times;
}

/** The UTC ISO time of an Amsterdam date and "HH:MM". */
export function isoAt(date: string, time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return new Date(amsterdamTime(date, hour, minute)).toISOString();
}

/** The free periods of a room on an Amsterdam date between opening and closing, not before `now`. */
export function freePeriods(bookings: readonly BookingView[], roomId: string, date: string, now = Date.now()): { startsAt: string; endsAt: string }[] {
  const quarter = 15 * 60_000;
  const open = Math.max(amsterdamTime(date, OPEN_FROM), Math.ceil(now / quarter) * quarter);
  const close = amsterdamTime(date, OPEN_UNTIL);
  const taken = bookings
    .filter((booking) => booking.roomId === roomId)
    .map((booking) => [Date.parse(booking.startsAt), Date.parse(booking.endsAt)] as const)
    .sort((a, b) => a[0] - b[0]);
  const periods: { startsAt: string; endsAt: string }[] = [];
  let cursor = open;
  for (const [start, end] of taken) {
    if (start > cursor && cursor < close) periods.push({ startsAt: new Date(cursor).toISOString(), endsAt: new Date(Math.min(start, close)).toISOString() });
    cursor = Math.max(cursor, end);
  }
  if (cursor < close) periods.push({ startsAt: new Date(cursor).toISOString(), endsAt: new Date(close).toISOString() });
  return periods;
}
