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
export const init: ClientInit = () => {
  // The login page is drawn by the server and shows no person: waiting would only leave its form without the
  // script that sends it, for a round trip to the server.
  if (location.pathname === '/login') {
    void session.start();
    return;
  }
  return session.personKnown(PERSON_WAIT_MS);
};
