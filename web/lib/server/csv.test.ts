import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes every field, doubles quotes and keeps line breaks inside a field', () => {
    expect(toCsv([['a', 'b "c"'], ['regel\neen', null]])).toBe('"a","b ""c"""\r\n"regel\neen",""\r\n');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', 'Anna']])).toBe(`"'=HYPERLINK(""x"")","'+1","'-1","'@SUM(A1)","Anna"\r\n`);
  });
});
