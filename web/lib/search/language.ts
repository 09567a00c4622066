/**
 * The words of Dutch search, one place for the whole device: the smoelenboek's search and the search over
 * everything both fold words here, so "cliënt" and "client" are one word everywhere.
 *
 * - `plain`: lower case without accents (NFD, combining marks removed): "Cliëntenplein" → "clientenplein".
 * - `stem`: the Snowball Dutch stemmer of @orama/stemmers (pure functions, no DOM, runs in a worker; kept with
 *   Orama, which is maintained): "zorgen" → "zorg", "wonden" → "wond".
 * - `indexTerms`: what a word of a text is found by: its plain form and its stem, so typing the start of the
 *   word ("wondverzorgi") finds it as well as another form of it ("zorgen" finds "zorg").
 * - `highlight`: which stretches of a text to mark for the terms a search matched.
 */
import { stemmer } from '@orama/stemmers/dutch';

/** Lower case without accents: "Cliëntenplein" is found with "clienten". */
export const plain = (term: string): string => term.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** The words of a text, plain: split at spaces and punctuation. */
export const words = (text: string): string[] => plain(text).split(/[\s\p{P}\p{S}]+/u).filter(Boolean);

/** Stems already made: marking the words of every result stems the same words again with each key typed. */
const stems = new Map<string, string>();

/** The Dutch stem of a plain word. */
export function stem(word: string): string {
  if (word.length <= 2) return word;
  let found = stems.get(word);
  if (found === undefined) {
    if (stems.size > 20_000) stems.clear();
    found = stemmer(word);
    stems.set(word, found);
  }
  return found;
}

/** The terms a word of an indexed text is found by: its plain form and, when it differs, its stem. */
export function indexTerms(word: string): string[] {
  const folded = plain(word);
  if (!folded) return [];
  const stemmed = stem(folded);
  return stemmed === folded ? [folded] : [folded, stemmed];
}

/**
 * The term a typed word is looked up by: its stem, matched as the start of indexed terms while typing. The stem
 * of a word is a start of its plain form or of its own stem, so both "zorgen" (stem "zorg") and "wond" (the
 * start of "wondzorg") find what they should.
 */
export function queryTerm(word: string): string | null {
  const folded = plain(word);
  return folded ? stem(folded) : null;
}

/** A stretch of a text, marked when it is a word the search matched. */
export interface Piece {
  text: string;
  mark: boolean;
}

/**
 * Splits `text` into pieces, marking each word whose plain form or stem is one of `terms` (the indexed terms a
 * search matched) or starts with one of `prefixes` (the typed words, for the word still being typed).
 */
export function highlight(text: string, terms: Iterable<string>, prefixes: readonly string[] = []): Piece[] {
  const matched = new Set(terms);
  const starts = prefixes.map(plain).filter(Boolean);
  const pieces: Piece[] = [];
  let last = 0;
  for (const found of text.matchAll(/[^\s\p{P}\p{S}]+/gu)) {
    const word = plain(found[0]);
    const hit = matched.has(word) || matched.has(stem(word)) || starts.some((start) => word.startsWith(start));
    if (!hit) continue;
    const at = found.index;
    if (at > last) pieces.push({ text: text.slice(last, at), mark: false });
    pieces.push({ text: found[0], mark: true });
    last = at + found[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), mark: false });
  return pieces;
}

/**
 * A part of a long text around its first marked word, about `length` characters, cut at spaces, with an ellipsis
 * where text was left out.
 */
export function excerpt(pieces: Piece[], length = 160): Piece[] {
  const total = pieces.reduce((sum, piece) => sum + piece.text.length, 0);
  if (total <= length) return pieces;
  let offset = 0;
  for (const piece of pieces) {
    if (piece.mark) break;
    offset += piece.text.length;
  }
  if (offset >= total) offset = 0;
  const start = Math.max(0, offset - Math.floor(length / 3));
  const end = Math.min(total, start + length);
  const out: Piece[] = [];
  let at = 0;
  for (const piece of pieces) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + piece.text.length);
    if (from < to) out.push({ text: piece.text.slice(from - at, to - at), mark: piece.mark });
    at += piece.text.length;
  }
  if (start > 0 && out[0] && !out[0].mark) out[0] = { ...out[0], text: '…' + out[0].text.replace(/^\S*\s/, '') };
  const lastPiece = out.at(-1);
  if (end < total && lastPiece && !lastPiece.mark) out[out.length - 1] = { ...lastPiece, text: lastPiece.text.replace(/\s\S*$/, '') + '…' };
  return out;
}
