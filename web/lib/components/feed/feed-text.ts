/**
 * Turning a post's plain text into what the feed shows: web addresses as links and `@name` mentions as names.
 *
 * Sanitised here, where it is rendered: only http(s) and mailto addresses become links, so `javascript:` or
 * `data:` in a post stay text whatever a raw update put in the document. Everything else is plain text, which
 * Svelte escapes.
 */
import type { Mention } from '@kring/shapes';

export type TextPart =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; userId: string };

export interface Person {
  id: string;
  name: string;
}

/** The id of the one hidden note "opens in a new window" that every link in the feed points to. */
export const NEW_WINDOW_NOTE_ID = 'feed-link-new-window';

const SAFE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/** Candidates: scheme addresses and `www.` addresses, up to the next space or quote; bare email addresses. */
const LINK = /(?:\b(?:https?:\/\/|mailto:)|(?<![\w@./-])www\.)[^\s<>"'`]+|(?<![\w@.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;
const BARE_EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/u;
/** Punctuation that ends a sentence rather than the address. */
const TRAILING = /[.,;:!?'"’”)\]}]+$/u;
/** A name ends where a letter or digit does not follow. */
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** The address to link to, or null when it is not a safe http(s) or mailto address. */
export function safeHref(candidate: string): string | null {
  const address = /^www\./i.test(candidate) ? `https://${candidate}` : BARE_EMAIL.test(candidate) ? `mailto:${candidate}` : candidate;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return null;
  if (url.protocol === 'mailto:') return /^[^@\s]+@[^@\s]+$/.test(decodeURIComponent(url.pathname)) ? url.href : null;
  return url.hostname === '' ? null : url.href;
}

/** Keeps a closing bracket that belongs to the address, e.g. https://nl.wikipedia.org/wiki/Zorg_(begrip). */
function trimTrailing(candidate: string): string {
  let text = candidate.replace(TRAILING, '');
  const rest = candidate.slice(text.length);
  for (const char of rest) {
    if (char !== ')') break;
    const open = text.split('(').length - 1;
    const close = text.split(')').length - 1;
    if (open <= close) break;
    text += char;
  }
  return text;
}

interface Span {
  start: number;
  end: number;
  part: TextPart;
}

function isBoundary(text: string, index: number): boolean {
  return index >= text.length || !WORD_CHAR.test(text[index]!);
}

/** Where `@name` of each mention stands in `text`, not overlapping `taken`; longer names first. */
function mentionSpans(text: string, mentions: readonly Mention[], taken: Span[]): Span[] {
  const spans: Span[] = [];
  const lower = text.toLowerCase();
  const sorted = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const free = (start: number, end: number) => [...taken, ...spans].every((span) => end <= span.start || start >= span.end);
  for (const mention of sorted) {
    const needle = `@${mention.name.toLowerCase()}`;
    if (needle.length < 2) continue;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      if ((at > 0 && WORD_CHAR.test(text[at - 1]!)) || !isBoundary(text, end) || !free(at, end)) continue;
      spans.push({ start: at, end, part: { kind: 'mention', text: text.slice(at, end), userId: mention.userId } });
    }
  }
  return spans;
}

/** Splits a post's text into plain text, safe links and mentions, in order. */
export function feedTextParts(text: string, mentions: readonly Mention[] = []): TextPart[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(LINK)) {
    const candidate = trimTrailing(match[0]);
    const href = safeHref(candidate);
    if (href === null) continue;
    spans.push({ start: match.index, end: match.index + candidate.length, part: { kind: 'link', text: candidate, href } });
  }
  spans.push(...mentionSpans(text, mentions, spans));
  spans.sort((a, b) => a.start - b.start);

  const parts: TextPart[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start > at) parts.push({ kind: 'text', text: text.slice(at, span.start) });
    parts.push(span.part);
    at = span.end;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}

/**
 * The people named with `@name` in `text`, from `people` (the space's members): case does not matter, the
 * longest name wins (`@Anna de Vries` over `@Anna`), and a name must end at a word boundary.
 */
export function findMentions(text: string, people: readonly Person[]): Mention[] {
  const sorted = [...people].filter((person) => person.name.trim() !== '').sort((a, b) => b.name.length - a.name.length);
  const lower = text.toLowerCase();
  const found = new Map<string, Mention>();
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at > 0 && WORD_CHAR.test(text[at - 1]!)) continue;
    for (const person of sorted) {
      const name = person.name.trim();
      const end = at + 1 + name.length;
      if (lower.slice(at + 1, end) === name.toLowerCase() && isBoundary(text, end)) {
        if (!found.has(person.id)) found.set(person.id, { userId: person.id, name: text.slice(at + 1, end) });
        break;
      }
    }
  }
  return [...found.values()];
}

/**
 * The `@word` being typed just before the caret, for suggestions: its start and the text after the `@`, or
 * null when the caret is not in a mention. A mention may contain spaces (`@Anna de`), up to 40 characters.
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1 || (at > 0 && WORD_CHAR.test(before[at - 1]!))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /^\s/.test(query) || /\s{2}/.test(query)) return null;
  return { start: at, query };
}

/**
 * People whose name starts with the query, or who have a name part that does; at most `limit`. Whoever's whole
 * name the query already is drops out: that mention is complete.
 */
export function suggestPeople(people: readonly Person[], query: string, limit = 5): Person[] {
  const wanted = query.trim().toLowerCase();
  return people
    .filter((person) => {
      const name = person.name.trim().toLowerCase();
      if (name === wanted) return false;
      return name.startsWith(wanted) || name.split(/\s+/).some((part) => part.startsWith(wanted));
    })
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, limit);
}

/** A post's or comment's time as people read it: "22 nov. 10:15", with the year when it is not this year. */
export function formatWhen(iso: string, locale: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleString(locale, { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Up to two initials of a name, for the round badge beside a post. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0]!;
  const last = parts.length > 1 ? parts.at(-1)! : '';
  return (Array.from(first)[0]! + (last ? Array.from(last)[0]! : '')).toUpperCase();
}
