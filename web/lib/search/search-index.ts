/**
 * The search index of one person on this device: MiniSearch (small, incremental add and discard, prefix search,
 * kept as JSON), with the Dutch terms of language.ts. Entries are added and dropped per source (a document or
 * the smoelenboek), so a changed document replaces its entries and a forgotten one takes them along.
 *
 * Why MiniSearch: of the libraries named in the issue it is the smallest (no dependencies, ~7 kB gzipped), its
 * index serialises to JSON and back (`toJSON`/`loadJSON`) to be kept across restarts, and `discard` drops a
 * document's entries without rebuilding. FlexSearch is faster but its export is a set of callbacks per part
 * and its types are loose; Orama brings its own tokenizer and stemmers we then must keep in step with the
 * smoelenboek's folding.
 */
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { indexTerms, queryTerm } from './language.ts';
import type { Entry, EntryKind } from './sources.ts';

/** What a result shows (its text shortened): kept in the index, so a search needs no document to be opened. */
type Stored = Pick<Entry, 'kind' | 'source' | 'spaceId' | 'title' | 'text' | 'href' | 'at'>;

/** The stored text of an entry is shortened to this (characters): enough for a piece around the match. */
const STORED_TEXT = 1_000;

export interface Hit extends Stored {
  id: string;
  score: number;
  /** The indexed terms the search matched, for marking them (language.ts `highlight`). */
  terms: string[];
}

export interface Group {
  kind: EntryKind;
  hits: Hit[];
}

/** Posts and comments are shown as one group ("Berichten"). */
export const GROUP_OF: Record<EntryKind, EntryKind> = { page: 'page', post: 'post', comment: 'post', message: 'message', card: 'card', person: 'person' };

/** How many hits a group shows at most. */
export const GROUP_SIZE = 20;

const tokenize = (text: string) => text.split(/[\s\p{P}\p{S}]+/u);

const OPTIONS = {
  fields: ['title', 'text'],
  storeFields: ['kind', 'source', 'spaceId', 'title', 'preview', 'href', 'at'],
  tokenize,
  processTerm: (term: string) => {
    const terms = indexTerms(term);
    return terms.length > 0 ? terms : null;
  },
  searchOptions: {
    tokenize,
    processTerm: (term: string) => queryTerm(term),
    // One letter is the start of most words: it is looked up as a whole word until a second letter is typed.
    prefix: (term: string) => term.length > 1,
    combineWith: 'AND' as const,
    boost: { title: 2 },
  },
};

export interface KeptIndex {
  index: AsPlainObject;
  /** Each source's entry ids and the mark of what was indexed of it (see SearchIndex.mark). */
  sources: Record<string, { mark: string; ids: string[] }>;
}

export class SearchIndex {
  readonly #search: MiniSearch<Entry & { preview: string }>;
  readonly #sources: Map<string, { mark: string; ids: string[] }>;

  constructor(kept?: KeptIndex) {
    this.#search = kept ? MiniSearch.loadJS(kept.index, OPTIONS) : new MiniSearch(OPTIONS);
    this.#sources = new Map(Object.entries(kept?.sources ?? {}));
  }

  /** What was indexed of a source: a change to it gives another mark, so it is read again. */
  mark(source: string): string | undefined {
    return this.#sources.get(source)?.mark;
  }

  sources(): string[] {
    return [...this.#sources.keys()];
  }

  get size(): number {
    return this.#search.documentCount;
  }

  /** Replaces what the index holds of `source` with `entries`. */
  put(source: string, mark: string, entries: readonly Entry[]): void {
    this.drop(source);
    // All of the text is indexed, only its start kept for showing (`preview`).
    const unique = new Map(entries.map((entry) => [entry.id, { ...entry, preview: entry.text.slice(0, STORED_TEXT) }]));
    this.#search.addAll([...unique.values()]);
    this.#sources.set(source, { mark, ids: [...unique.keys()] });
  }

  /** Drops everything of `source` (a document the device forgot). */
  drop(source: string): void {
    const kept = this.#sources.get(source);
    if (!kept) return;
    for (const id of kept.ids) if (this.#search.has(id)) this.#search.discard(id);
    this.#sources.delete(source);
  }

  /** The hits for what was typed, grouped by kind, best group first; empty for an empty query. */
  find(query: string): Group[] {
    if (!query.trim()) return [];
    const groups = new Map<EntryKind, Hit[]>();
    for (const result of this.#search.search(query)) {
      const kind = GROUP_OF[result['kind'] as EntryKind];
      let hits = groups.get(kind);
      if (!hits) groups.set(kind, (hits = []));
      if (hits.length >= GROUP_SIZE) continue;
      hits.push({
        id: String(result.id),
        score: result.score,
        terms: result.terms,
        kind: result['kind'] as EntryKind,
        source: result['source'] as string,
        spaceId: result['spaceId'] as string | null,
        title: result['title'] as string,
        text: result['preview'] as string,
        href: result['href'] as string,
        at: result['at'] as string | null,
      });
    }
    // Results come best first, so a group's first hit is its best; groups are ordered by it.
    return [...groups.entries()].map(([kind, hits]) => ({ kind, hits }));
  }

  toJSON(): KeptIndex {
    return { index: this.#search.toJSON(), sources: Object.fromEntries(this.#sources) };
  }
}
