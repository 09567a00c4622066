/**
 * Days and times as people in the Netherlands mean them. Bookings are stored in UTC; "Thursday 10:00" and
 * "the week of 7 December" are Europe/Amsterdam, winter and summer time alike.
 */
export const ZONE = 'Europe/Amsterdam';
export const MINUTE = 60_000;
export const DAY_MS = 24 * 60 * MINUTE;

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Amsterdam is ahead of UTC at `ms`, in milliseconds. */
function offsetAt(ms: number): number {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The UTC moment of `hour:minute` on the Amsterdam date `date` (YYYY-MM-DD). */
export function amsterdamTime(date: string, hour = 0, minute = 0): number {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  // Twice: the first offset may be the other side of a change between winter and summer time.
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

/** The Amsterdam date (YYYY-MM-DD) of the moment `ms`. */
export function amsterdamDate(ms: number): string {
  return new Date(ms + offsetAt(ms)).toISOString().slice(0, 10);
}

/** The date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Amsterdam clock time of the moment `ms`. */
export function amsterdamClock(ms: number): { hour: number; minute: number } {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return { hour: Number(p.hour), minute: Number(p.minute) };
}
