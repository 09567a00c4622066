import { redirect, type Handle } from '@sveltejs/kit';
import { SESSION_COOKIE, secondFactorOutstanding } from '@kring/server';
import { paraglideMiddleware } from '$lib/paraglide/server.js';
import { fromAnotherOrigin, problem } from '$lib/server/http';
import { secureHeaders } from '$lib/server/security-headers';
import { services } from '$lib/server/services';

/** Every answer: refused when another origin asks to change something, and always with the security headers. */
export const handle: Handle = async ({ event, resolve }) => {
  // Before the cookie is read: a page of another origin must not act with the person's session.
  const response = fromAnotherOrigin(event.request, event.url) ? problem(403, 'forbidden', 'Requests from another origin are refused.') : await answer({ event, resolve });
  secureHeaders(response.headers, { https: (await services()).config.origin?.startsWith('https:') ?? false });
  return response;
};

/**
 * What an administrator or privacy officer may still ask before passing a second factor in the session: who am
 * I, setting the app up, logging out. Every other API answers 403 `second_factor_required`.
 */
const OPEN_BEFORE_SECOND_FACTOR: ReadonlySet<string> = new Set([
  'GET /api/me',
  'POST /api/auth/logout',
  // Open to anyone without a session too: logging in again, a reset code.
  'POST /api/auth/login',
  'POST /api/auth/login/code',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/request',
  'GET /api/account/two-factor',
  'POST /api/account/two-factor/setup',
  'POST /api/account/two-factor/confirm',
]);

/** Reads the session cookie and keeps the cookie's expiry moving while the session is used, then answers. */
const answer: Handle = async ({ event, resolve }) => {
  event.locals.user = null;
  event.locals.sessionId = null;
  event.locals.retired = null;
  event.locals.secondFactorOutstanding = false;
  const token = event.cookies.get(SESSION_COOKIE);
  // Nobody on this browser has logged in: the start page would only send them on to the login page, which the
  // server renders, so send them there at once. Only a browser's own navigation: the service worker fetches
  // '/' as the app shell it answers every page with offline, and a redirect there would break them all.
  const navigation = event.request.headers.get('sec-fetch-mode') === 'navigate';
  if (!token && navigation && event.url.pathname === '/' && event.request.method === 'GET') redirect(303, '/login');
  if (token) {
    const { sessions, accounts } = await services();
    const session = await sessions.validate(token);
    const user = session && (await accounts.userById(session.userId));
    if (session && user?.active) {
      event.locals.user = user;
      event.locals.sessionId = session.id;
      event.locals.secondFactorOutstanding = secondFactorOutstanding(user.role, session.secondFactor);
      if (session.refreshedCookie) event.cookies.set(session.refreshedCookie.name, session.refreshedCookie.value, { path: '/', ...session.refreshedCookie.attributes });
    } else if ((event.locals.retired = await sessions.retired(token))) {
      // A deactivated person's device: the cookie stays until it has handed in its work and deleted its copy.
    } else {
      const blank = sessions.blankCookie();
      event.cookies.set(blank.name, blank.value, { path: '/', ...blank.attributes });
    }
  }
  if (event.locals.secondFactorOutstanding && event.url.pathname.startsWith('/api/') && !OPEN_BEFORE_SECOND_FACTOR.has(`${event.request.method} ${event.url.pathname}`)) {
    return problem(403, 'second_factor_required', 'Set up two-factor sign-in first (Mijn account).');
  }
  // The language is chosen on the device and travels in a cookie, so that the server draws the login page (and
  // <html lang>) in it from the first byte; no cookie or an unknown value means Dutch.
  return paraglideMiddleware(event.request, ({ locale }) => resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) }));
};
