/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Keeps the app itself on the device so it opens with no network: the built files are cached at install, and
 * every page is answered from the cached app shell when the network is gone. Data never goes through this
 * cache: documents live in IndexedDB and /api answers are never cached here.
 */
import { build, files, version } from '$service-worker';
import { shownFor, windowFor } from '$lib/push/click.ts';

declare const __KRING_PAGE_ROUTES__: string[];

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `kring-app-${version}`;
const SHELL = '/';
const ASSETS = [...build, ...files, SHELL];

/**
 * Each page route's own shell: the same app, but its response preloads that route's scripts and styles, so a
 * page opened offline does not wait for the start page's shell to find out what the page needs. Fetched as
 * one address of the route (`/spaces/[spaceId]/pages/[pageId]` as `/spaces/_/pages/_`).
 */
const ROUTE_SHELLS = __KRING_PAGE_ROUTES__.filter((route) => route !== SHELL).map((route) => {
  const segments = route.split('/').slice(1);
  const pattern = segments.map((segment) => (segment.startsWith('[[') ? '(?:/[^/]+)?' : segment.startsWith('[') ? '/[^/]+' : `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const shell = segments
    .filter((segment) => !segment.startsWith('[['))
    .map((segment) => (segment.startsWith('[') ? '/_' : `/${segment}`))
    .join('');
  return { pattern: new RegExp(`^${pattern.join('')}/?$`), shell };
});

/** How long installing waits for the route shells. */
const ROUTE_SHELLS_WAIT_MS = 3000;

/** How often installing asks again for a file that did not come (a bad connection), and how long it waits first. */
const ASSET_ATTEMPTS = 4;
const ASSET_RETRY_MS = 500;

/**
 * Keeps one built file in the cache. One lost answer among some hundred must not cost the device working
 * offline: a failed install is only tried again at a later page load, so a file is asked for again first.
 */
async function keep(cache: Cache, asset: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await cache.add(asset);
      return;
    } catch (error) {
      if (attempt >= ASSET_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, ASSET_RETRY_MS * attempt));
    }
  }
}

function shellFor(pathname: string): string {
  return ROUTE_SHELLS.find((route) => route.pattern.test(pathname))?.shell ?? SHELL;
}

/** The Service Worker Static Routing API (Chromium 123+), not yet in TypeScript's lib. */
type RouterRule = { condition: { urlPattern: string }; source: 'cache' };
type WithRoutes = ExtendableEvent & { addRoutes?: (rules: RouterRule[]) => Promise<void> };

worker.addEventListener('install', (event) => {
  // Built files never change under their hashed names: where the browser can, it reads them straight from the
  // cache without running this worker's JavaScript for each one (about 30 files on a cold open). A file not in
  // the cache goes to the network. Where the rule is not supported, the fetch handler below answers as before.
  // Never for long either: installing (and so working offline) must not wait on an optional speed-up.
  const routed = event as WithRoutes;
  if (routed.addRoutes) {
    const added = routed.addRoutes([{ condition: { urlPattern: `${location.origin}/_app/immutable/*` }, source: 'cache' }]).catch(() => undefined);
    event.waitUntil(Promise.race([added, new Promise((resolve) => setTimeout(resolve, ROUTE_SHELLS_WAIT_MS))]));
  }
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => {
        await Promise.all(ASSETS.map((asset) => keep(cache, asset)));
        // Best effort, and never for long: a route without its own shell is answered with the start page's.
        const shells = Promise.all(ROUTE_SHELLS.map((route) => cache.add(route.shell).catch(() => undefined)));
        await Promise.race([shells, new Promise((resolve) => setTimeout(resolve, ROUTE_SHELLS_WAIT_MS))]);
      })
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/')) return;
  if (ASSETS.includes(url.pathname)) {
    // Built files have content hashes in their names: the cached copy is always right.
    event.respondWith(caches.match(url.pathname).then((cached) => cached ?? fetch(request)));
    return;
  }
  if (request.mode === 'navigate') {
    // The network first, so a new version is picked up when online; offline, the page's route shell (the app
    // renders in the browser).
    event.respondWith(fetch(request).catch(async () => (await caches.match(shellFor(url.pathname))) ?? (await caches.match(SHELL)) ?? Response.error()));
  }
});

/**
 * A push (docs/architecture.md, "Push"): shown even when the app is closed. The words come from the server
 * (Dutch: a service worker has no language of the person); a push without them still says there is something.
 */
worker.addEventListener('push', (event) => {
  let data: unknown;
  try {
    data = event.data?.json() ?? null;
  } catch {
    data = null;
  }
  const { title, options } = shownFor(data, { title: 'Kring', body: 'Er is iets nieuws voor u' });
  event.waitUntil(worker.registration.showNotification(title, options));
});

/** A click opens the place: an open window of the app goes there and comes to the front, else a new one opens. */
worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const link = (event.notification.data as { link?: string } | null)?.link ?? '/notifications';
  const url = new URL(link, location.origin).href;
  event.waitUntil(
    worker.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
      const open = windowFor(windows, location.origin);
      if (open) {
        const moved = await open.navigate(url).catch(() => null);
        await (moved ?? open).focus();
        return;
      }
      await worker.clients.openWindow(url);
    }),
  );
});
