/**
 * Searching the smoelenboek on the device, with MiniSearch: every word must match a name, job, team, location,
 * expertise or language (the start of a word is enough, so "wond" finds "wondverzorging"). Pure, so the bench
 * measures exactly what the page runs.
 */
import MiniSearch from 'minisearch';
import type { Profile } from '@kring/contract';

const FIELDS = ['name', 'jobTitle', 'teams', 'locations', 'expertise', 'languages'] as const;

/** Lower case without accents: "Cliëntenplein" is found with "clienten". */
const plain = (term: string) => term.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export class PeopleSearch {
  readonly #index: MiniSearch<Profile>;
  readonly #byId: Map<string, Profile>;
  readonly #all: Profile[];
  /** Each person's name as words without accents, made once: per key it cost too much. */
  readonly #nameWords: string[][];

  /** @param people by name, as the server sends them */
  constructor(people: Profile[]) {
    this.#all = people;
    this.#nameWords = people.map((person) => plain(person.name).split(/\s+/));
    this.#byId = new Map(people.map((person) => [person.id, person]));
    this.#index = new MiniSearch<Profile>({
      fields: [...FIELDS],
      extractField: (person, field) => {
        const value = person[field as keyof Profile];
        return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
      },
      processTerm: (term) => plain(term) || null,
      // No fuzzy matching: it costs tens of ms per key among 5,000 people on a slow phone, and a prefix is enough.
      searchOptions: { prefix: true, combineWith: 'AND', boost: { name: 2, expertise: 1.5 } },
    });
    this.#index.addAll(people);
  }

  /** The people matching every word of `query`, best first; everyone by name for an empty query. */
  find(query: string): Profile[] {
    const typed = plain(query.trim());
    if (!typed) return this.#all;
    // One letter as a prefix matches thousands of words: the names starting with it are what people mean.
    if (typed.length === 1) return this.#all.filter((_, i) => this.#nameWords[i]!.some((word) => word.startsWith(typed)));
    return this.#index.search(query).map((hit) => this.#byId.get(hit.id as string)!);
  }
}

/** Two letters for where a photo would be: "Anna de Vries" → "AV". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]![0] ?? '';
  const last = words.length > 1 ? (words.at(-1)![0] ?? '') : '';
  return (first + last).toUpperCase();
}
