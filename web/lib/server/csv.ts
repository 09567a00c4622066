/**
 * A table as CSV (RFC 4180) for a spreadsheet: fields quoted, and a field that a spreadsheet would run as a
 * formula (starting with = + - @, tab or return) is prefixed with an apostrophe, since names come from people.
 */
export function toCsv(rows: readonly (readonly (string | null)[])[]): string {
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}
