/** When an activity is, in words people read at a glance: "dinsdag 3 december, 10:00 – 11:30". */

/** The day and the times, in the person's language; the end's day is named only when it differs. */
export function formatWhen(startsAt: string, endsAt: string | null, locale: string): string {
  const start = new Date(startsAt);
  const day = start.toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long' });
  const time = (date: Date) => date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (!endsAt) return `${day}, ${time(start)}`;
  const end = new Date(endsAt);
  if (sameDay(start, end)) return `${day}, ${time(start)} – ${time(end)}`;
  return `${day}, ${time(start)} – ${end.toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long' })}, ${time(end)}`;
}

/** The start time alone, e.g. "10:00". */
export function formatTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** Whether the moment falls today or tomorrow (local time) as seen at `now`; null for any other day. */
export function nearDay(iso: string, now: Date = new Date()): 'today' | 'tomorrow' | null {
  const date = new Date(iso);
  if (sameDay(date, now)) return 'today';
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  return sameDay(date, tomorrow) ? 'tomorrow' : null;
}

/**
 * A local date (`YYYY-MM-DD`) and time (`HH:MM`) from date and time inputs, as an ISO 8601 instant with a time
 * zone (the server needs one); null when either is missing or not a real moment.
 */
export function localToIso(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const moment = new Date(`${date}T${time}`);
  return Number.isNaN(moment.getTime()) ? null : moment.toISOString();
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}
