/**
 * Which link targets a page may render. Page content comes from Yjs updates, and a raw update can carry any
 * href (`javascript:…`, `data:…`), so every link is checked where it is rendered, not only where it is typed.
 */

/** Schemes a care protocol may link to: the web, e-mail and phone numbers. */
const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);
/** Any base will do: it only makes relative links parse, so their scheme is the base's (https). */
const BASE = 'https://kring.invalid/';
/** Longer hrefs are refused, so a page cannot carry megabytes in one attribute. */
const MAX_LENGTH = 2048;

/**
 * The href as it may be rendered, or null when it must not be rendered at all. Parsed with the same URL
 * parser the browser uses for `<a href>`, so tricks with whitespace, control characters or letter case
 * (`java\tscript:`, ` JAVASCRIPT:`) are seen the way the browser would see them.
 */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  const value = href.trim();
  if (value.length === 0 || value.length > MAX_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  return ALLOWED_SCHEMES.has(url.protocol) ? value : null;
}

/**
 * Turns what a person typed into the link field into an href, or null when it is not a link Kring allows.
 * `www.zorgaanzee.nl` becomes `https://www.zorgaanzee.nl`, `iemand@zorgaanzee.nl` a `mailto:` link.
 */
export function hrefFromInput(input: string): string | null {
  const value = input.trim();
  if (value.length === 0) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/') || value.startsWith('#')) return safeHref(value);
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) return safeHref(`mailto:${value}`);
  if (/^\+?[\d\s()-]{6,}$/.test(value)) return safeHref(`tel:${value.replace(/[\s()-]/g, '')}`);
  return safeHref(`https://${value}`);
}
