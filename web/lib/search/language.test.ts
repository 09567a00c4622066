import { describe, expect, it } from 'vitest';
import { excerpt, highlight, indexTerms, plain, queryTerm } from './language.ts';

const marked = (text: string, terms: string[], prefixes: string[] = []) =>
  highlight(text, terms, prefixes)
    .filter((piece) => piece.mark)
    .map((piece) => piece.text);

describe('the words of Dutch search', () => {
  it('folds accents and case: "Cliënt" is "client"', () => {
    expect(plain('Cliëntenplein')).toBe('clientenplein');
    expect(indexTerms('Cliënt')).toEqual(['client']);
  });

  it('finds a word by its stem: "zorgen" is looked up as "zorg", the term of "zorg"', () => {
    expect(queryTerm('zorgen')).toBe('zorg');
    expect(indexTerms('zorg')).toContain('zorg');
    expect(indexTerms('wonden')).toEqual(['wonden', 'wond']);
  });

  it('indexes the whole word as well as its stem, so the start of a long word finds it', () => {
    expect(indexTerms('Wondverzorging')).toEqual(['wondverzorging', 'wondverzorg']);
    expect('wondverzorging'.startsWith(queryTerm('wondverzorgi')!)).toBe(true);
  });

  it('looks up nothing for punctuation alone', () => {
    expect(queryTerm('')).toBeNull();
    expect(indexTerms('')).toEqual([]);
  });
});

describe('marking matched words', () => {
  it('marks a word whose plain form or stem was matched, in its own spelling', () => {
    expect(marked('De Cliënt en zijn zorgen.', ['client', 'zorg'])).toEqual(['Cliënt', 'zorgen']);
  });

  it('marks the word being typed by its start', () => {
    expect(marked('Protocol Wondzorg thuis', [], ['wond'])).toEqual(['Wondzorg']);
  });

  it('keeps the whole text in its pieces', () => {
    const text = 'Wondzorg: zorgen, cliënten!';
    expect(
      highlight(text, ['wondzorg', 'client'])
        .map((piece) => piece.text)
        .join(''),
    ).toBe(text);
  });

  it('shows a piece of a long text around the first marked word, with ellipses', () => {
    const text = `${'begin '.repeat(60)}hier staat de wondzorg beschreven ${'einde '.repeat(60)}`;
    const pieces = excerpt(highlight(text, ['wondzorg']), 80);
    const joined = pieces.map((piece) => piece.text).join('');
    expect(pieces.some((piece) => piece.mark && piece.text === 'wondzorg')).toBe(true);
    expect(joined.startsWith('…')).toBe(true);
    expect(joined.endsWith('…')).toBe(true);
    expect(joined.length).toBeLessThanOrEqual(82);
  });
});
