/** The app's one session on this device (the app renders in the browser only: ssr is off). */
import { browser } from '$app/environment';
// From its own file: the barrel would bring the whole sync machinery into the first screen.
import { Session } from '$lib/client/session.ts';

export const session = new Session(browser ? location.origin : 'http://localhost');
