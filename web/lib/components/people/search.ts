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

  /** @param people by name, as the server sends them */
  constructor(people: Profile[]) {
    this.#all = people;
    this.#byId = new Map(people.map((person) => [person.id, person]));
    this.#index = new MiniSearch<Profile>({
      fields: [...FIELDS],
      extractField: (person, field) => {
        const value = person[field as keyof Profile];
        return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
      },
      processTerm: (term) => plain(term) || null,
      searchOptions: { prefix: true, combineWith: 'AND', boost: { name: 2, expertise: 1.5 }, fuzzy: (term) => (term.length > 5 ? 0.2 : false) },
    });
    this.#index.addAll(people);
  }

  /** The people matching every word of `query`, best first; everyone by name for an empty query. */
  find(query: string): Profile[] {
    if (!query.trim()) return this.#all;
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
