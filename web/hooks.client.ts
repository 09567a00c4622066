import type { ClientInit } from '@sveltejs/kit';
import { session } from '$lib/app';

/** How long a network that does not answer may hold up the first screen. */
const PERSON_WAIT_MS = 3000;

/**
 * Who is logged in decides the first screen (their spaces, or the way to the login page), so it is known before
 * the app first draws: the screen is drawn once and nothing jumps when the person arrives. With a cached person
 * that is at once; otherwise app.html's preload of /api/me has usually answered by the time the scripts ran.
 * The local store and the sync load after the first screen.
 */
export const init: ClientInit = () => session.personKnown(PERSON_WAIT_MS);
