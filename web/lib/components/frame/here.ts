/**
 * Where the person is, for the header on a phone: the space they are in (its pages and boards say their own name
 * in their heading, so the header gives the place around them). Null: a main place, which the navigation marks.
 */
import { writable } from 'svelte/store';

export const here = writable<string | null>(null);
