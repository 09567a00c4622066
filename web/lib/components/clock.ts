/**
 * "14:05" in the person's language. One formatter per language: making one is slow (tens of ms on a phone),
 * and the sync status asks for the time on every document the background sync settles.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function clockTime(at: number | Date, locale: string): string {
  let format = formatters.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    formatters.set(locale, format);
  }
  return format.format(at);
}
