/** The app's one session on this device (the app renders in the browser only: ssr is off). */
import { browser } from '$app/environment';
import { Session } from '$lib/client';

export const session = new Session(browser ? location.origin : 'http://localhost');
