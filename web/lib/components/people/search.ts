/**
 * Searching the smoelenboek on the device: every word typed must be the start of a word in a name, job, team,
 * location, expertise or language ("wond" finds "wondverzorging"), accents ignored; names count most, then
 * expertise. Pure, so the bench measures exactly what the page runs.
 *
 * Not a search library: MiniSearch (tried first) scores every match, and a prefix of two letters matches most of
 * 5,000 people. Measured in Node without throttling: 233 ms to index and up to 25 ms per key ("an", "de v"); the
 * goal is 30 ms per key on a phone four times slower. A prefix test over words made once, narrowed while the
 * person types, needs neither an index nor scoring of what cannot match.
 */
import type { Profile } from '@kring/contract';
// The one Dutch folding of the device, shared with the search over everything (web/lib/search).
import { words } from '../../search/language.ts';

/** How much a word found in each kind of field counts, as MiniSearch's boosts did. */
const WEIGHT = { name: 2, expertise: 1.5, other: 1 } as const;

/**
 * A field's words joined as " wond verzorging noord": a word starts with a term exactly when " " + term occurs in it
 * (words hold no spaces), so each field is one native `includes` instead of a loop of `startsWith` — measured in
 * Chromium, the one- and two-letter keys that scan all 5,000 people took most of a keystroke's time.
 */
interface Words {
  name: string;
  expertise: string;
  other: string;
}

const joined = (list: string[]) => ' ' + list.join(' ');

export class PeopleSearch {
  readonly #all: Profile[];
  readonly #words: Words[];
  /** The last query and whom it matched: the next key typed can only narrow it. */
  #last: { typed: string; hits: number[] } | null = null;

  /** @param people by name, as the server sends them */
  constructor(people: Profile[]) {
    this.#all = people;
    this.#words = people.map((person) => ({
      name: joined(words(person.name)),
      expertise: joined(person.expertise.flatMap(words)),
      other: joined([person.jobTitle ?? '', ...person.teams, ...person.locations, ...person.languages].flatMap(words)),
    }));
  }

  /** The people matching every word of `query`, best first (names before expertise before the rest), else by name; everyone for an empty query. */
  find(query: string): Profile[] {
    const terms = words(query);
    if (terms.length === 0) return this.#all;
    const typed = terms.join(' ');
    // A query that only adds letters to the last one matches a part of what that one matched.
    const candidates = this.#last && typed.startsWith(this.#last.typed) ? this.#last.hits : null;
    const count = candidates ? candidates.length : this.#all.length;
    const hits: number[] = [];
    // Scores take few values (sums of the weights), so the hits are grouped by score instead of sorted: each group
    // keeps the list's order, by name.
    const byScore = new Map<number, number[]>();
    const starts = terms.map((term) => ' ' + term);
    for (let k = 0; k < count; k++) {
      const i = candidates ? candidates[k]! : k;
      const score = scoreOf(this.#words[i]!, starts);
      if (score === 0) continue;
      hits.push(i);
      let group = byScore.get(score);
      if (!group) byScore.set(score, (group = []));
      group.push(i);
    }
    this.#last = { typed, hits };
    const found: Profile[] = [];
    for (const score of [...byScore.keys()].sort((a, b) => b - a)) for (const i of byScore.get(score)!) found.push(this.#all[i]!);
    return found;
  }
}

/** The sum of each term's best field, or 0 when a term starts no word at all; `starts` are the terms with a space before. */
function scoreOf(person: Words, starts: string[]): number {
  let total = 0;
  for (const start of starts) {
    const best = person.name.includes(start) ? WEIGHT.name : person.expertise.includes(start) ? WEIGHT.expertise : person.other.includes(start) ? WEIGHT.other : 0;
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

/** Two letters for where a photo would be: "Anna de Vries" → "AV". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0]![0] ?? '';
  const last = words.length > 1 ? (words.at(-1)![0] ?? '') : '';
  return (first + last).toUpperCase();
}
