/**
 * Due dates as people read them: which day a due date falls on (in the device's time zone), how far off it
 * is, and a short written form. Dates without a time (`2026-11-30`, what the date field stores) are that day
 * wherever the device is.
 */

/** How far off a due date is, from today. */
export type DueGroup = 'overdue' | 'today' | 'tomorrow' | 'week' | 'later' | 'none';

export const DUE_GROUPS: readonly DueGroup[] = ['overdue', 'today', 'tomorrow', 'week', 'later', 'none'];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A date as `YYYY-MM-DD` in the device's time zone. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The day (`YYYY-MM-DD`, device time zone) a stored due date falls on, or null when it cannot be read. */
export function dueDay(due: string): string | null {
  if (DATE_ONLY.test(due)) return due;
  const time = Date.parse(due);
  return Number.isNaN(time) ? null : localDay(new Date(time));
}

/** A `YYYY-MM-DD` day as a Date at local midnight. */
function dayToDate(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`), counted on the calendar so summer time does not matter. */
export function daysBetween(from: string, to: string): number {
  const utc = (day: string) => {
    const [year, month, date] = day.split('-').map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, date);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

export function dueGroup(due: string | null, now: Date = new Date()): DueGroup {
  const day = due === null ? null : dueDay(due);
  if (day === null) return 'none';
  const days = daysBetween(localDay(now), day);
  if (days < 0) return 'overdue';
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days < 7) return 'week';
  return 'later';
}

/** A short written date in the given language, e.g. "ma 24 nov." or "Mon, Nov 24"; the year only when not this year. */
export function formatDue(due: string, locale: string, now: Date = new Date()): string {
  const day = dueDay(due);
  if (day === null) return due;
  const date = dayToDate(day);
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** Date and time of a moment, e.g. "23 nov. 14:05". */
export function formatMoment(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** The value for an `<input type="date">`: the due day, or '' for none. */
export function dateInputValue(due: string | null): string {
  return due === null ? '' : (dueDay(due) ?? '');
}
