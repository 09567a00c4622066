/**
 * What makes a new password good enough. A password is refused when it is shorter than PASSWORD_MIN_LENGTH, or when
 * zxcvbn (the Dutch and common dictionaries, keyboard patterns, dates, repeats, l33t) estimates it can be guessed in
 * fewer than about 10^8 tries (score below 3): a stolen argon2id hash then still takes an attacker years. The
 * person's own name and login name count as known words. Everything runs offline, in this process.
 */
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as dutch from '@zxcvbn-ts/language-nl-be';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more. */
export const PASSWORD_MIN_SCORE = 3;

/**
 * Why a password is refused, as a code the app turns into plain words:
 * too_short, too_long; `common`: it is (or is built from) a well-known password or word; `personal`: it contains
 * the person's name or login name; `guessable`: a pattern (dates, keyboard rows, repeats) that is tried early.
 */
export type PasswordWeakness = 'too_short' | 'too_long' | 'common' | 'personal' | 'guessable';

let checker: ZxcvbnFactory | undefined;
// Built on first use: loading the dictionaries takes about 0.1 s, which a process that never changes a password skips.
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...dutch.dictionary },
    graphs: common.adjacencyGraphs,
    translations: dutch.translations,
  });
  return checker;
}

/** The words of a person's name and login name, as zxcvbn's "user inputs". */
function personalWords(person: { name?: string; email?: string }): string[] {
  const words = [person.name ?? '', person.email ?? '']
    .flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((word) => word.length >= 3);
  return [...new Set(words)];
}

/** Null when the password may be used, else why not. */
export function passwordWeakness(password: string, person: { name?: string; email?: string } = {}): PasswordWeakness | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  // zxcvbn's cost grows fast with length; the first 100 characters decide (a long password is rarely weak there).
  const words = personalWords(person);
  const result: ZxcvbnResult = zxcvbn().check(password.slice(0, 100), words);
  // A name with a few characters around it scores well on its own (zxcvbn counts a name as one rare word), but
  // it is the first thing someone who knows the person tries: what is left without the name must be strong.
  const withoutName = words.reduce((rest, word) => rest.replaceAll(word, ''), password.slice(0, 100).toLowerCase());
  if (withoutName !== password.slice(0, 100).toLowerCase() && zxcvbn().check(withoutName).score < PASSWORD_MIN_SCORE) return 'personal';
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  const dictionaries = result.sequence.flatMap((match) => ('dictionaryName' in match ? [match.dictionaryName] : []));
  if (dictionaries.includes('userInputs')) return 'personal';
  if (dictionaries.length > 0) return 'common';
  return 'guessable';
}
