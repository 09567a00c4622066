/**
 * In Chromium (Debian's, driven by playwright-core) against Kring as it ships:
 * - cold open of a 100 KB protocol page from IndexedDB: a browser that holds the page on the device starts
 *   with no network and navigates to it; the time runs from navigation start to the page's last paragraph
 *   in the editor (app shell from the service worker, document from IndexedDB);
 * - open in the running app: the app is up (offline), the page is not in memory; a click on a link to it,
 *   until its last paragraph is in the editor;
 * - the JavaScript the first route loads (the start page, logged in, empty cache), gzip -9 of each file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import * as Y from 'yjs';
import { appendPageBlocks } from '@kring/shapes';
import { Device } from '../lib/clients.ts';
import { makePage } from '../lib/content.ts';
import type { RunningServer } from '../lib/servers.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/chromium.ts';
import { delay } from '../lib/wait.ts';

export { CHROMIUM };
const WAIT_MS = 30_000;
const PAGE_ID = 'bench-100kb';
const PAGE_PATH = `/spaces/noord/pages/${PAGE_ID}`;
const MARKER = 'Einde van het benchmarkprotocol';

/** Writes the 100 KB page on the server, as a colleague's device would; returns its size in bytes. */
export async function seedLargePage(server: RunningServer, bytes: number): Promise<number> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, makePage(bytes - 300, 99));
  appendPageBlocks(doc, [{ type: 'paragraph', text: MARKER }]);
  const device = new Device(server);
  try {
    const client = device.open(`noord/page/${PAGE_ID}`, doc);
    await client.synced(WAIT_MS);
    await client.held(WAIT_MS);
  } finally {
    device.destroy();
  }
  return Y.encodeStateAsUpdate(doc).byteLength;
}

function launch(userDataDir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, baseURL });
}

/** A fresh browser profile in a temporary folder, launched and logged in as Anna; nothing is left behind if that fails. */
async function loggedInProfile(server: RunningServer): Promise<{ profile: string; context: BrowserContext }> {
  const profile = await mkdtemp(join(tmpdir(), 'kring-bench-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await launch(profile, server.httpUrl as string);
    const response = await context.request.post('/api/auth/login', { data: { email: 'anna@kring.test', password: 'kring-demo' } });
    if (response.status() !== 200) throw new Error(`login in the browser failed: ${response.status()}`);
    return { profile, context };
  } catch (error) {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** What is opened from the device: a route, and the text its last element shows once it is drawn whole. */
export interface Opened {
  path: string;
  /** The element whose last child shows `marker` when everything is drawn. */
  container: string;
  marker: string;
  /** The route shows whether its document is saved on the server (and waits for that before the browser closes). */
  showsSaved: boolean;
  /** Where the click "in the app" starts, and the heading that says it is drawn: the start page unless said. */
  from?: { path: string; heading: string };
}

export const PROTOCOL_OPENED: Opened = { path: PAGE_PATH, container: '.editor-content', marker: MARKER, showsSaved: true };
/** The home screen "Vandaag": drawn whole when its last part, the list of spaces, is there (with the day's blocks above it). */
export const HOME_OPENED: Opened = { path: '/', container: '[data-home-day]', marker: 'Mijn ruimtes', showsSaved: false, from: { path: '/tasks', heading: 'Mijn taken' } };

/** A browser profile in which the app has been used online: logged in, the route opened and stored on the device. */
export async function prepareDevice(server: RunningServer, opened: Opened = PROTOCOL_OPENED): Promise<string> {
  const { profile, context } = await loggedInProfile(server);
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Mijn ruimtes' }).waitFor({ timeout: WAIT_MS });
    await page.goto(opened.path);
    await page.locator(`${opened.container} > :last-child`).filter({ hasText: opened.marker }).waitFor({ timeout: WAIT_MS });
    if (opened.showsSaved) await page.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: WAIT_MS });
    // y-dexie writes to IndexedDB after the update; give it time to finish before the browser closes.
    await delay(1000);
  } catch (error) {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  await context.close();
  return profile;
}

function lastParagraph(page: Page) {
  return page.locator('.editor-content p').filter({ hasText: MARKER });
}

/** Records, in the page, when the container's last element shows the marker (performance.now()). */
function watchForMarker({ container, marker }: { container: string; marker: string }): void {
  const w = window as unknown as { __kringOpenedAt?: number; __kringWatch?: () => void };
  const check = () => {
    if (w.__kringOpenedAt !== undefined) return;
    const last = document.querySelector(container)?.lastElementChild;
    if (last?.textContent?.includes(marker)) w.__kringOpenedAt = performance.now();
  };
  w.__kringWatch = () => {
    w.__kringOpenedAt = undefined;
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  };
}

export interface OpenFigures {
  coldMs: number;
  inAppMs: number;
}

/** One cold start of the browser with no network: the route's cold open, then an open from within the app. */
export async function openFromDevice(server: RunningServer, profile: string, opened: Opened = PROTOCOL_OPENED): Promise<OpenFigures> {
  const context = await launch(profile, server.httpUrl as string);
  try {
    await context.setOffline(true);
    await context.addInitScript(watchForMarker, { container: opened.container, marker: opened.marker });
    await context.addInitScript(() => (window as unknown as { __kringWatch: () => void }).__kringWatch());
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(opened.path, { waitUntil: 'commit' });
    const coldHandle = await page.waitForFunction(() => (window as unknown as { __kringOpenedAt?: number }).__kringOpenedAt, undefined, { timeout: WAIT_MS });
    const coldMs = (await coldHandle.jsonValue()) as number;

    // The app's start page (or `from`), then a click on a link to the page (SvelteKit navigates in the page).
    const from = opened.from ?? { path: '/', heading: 'Mijn ruimtes' };
    await page.goto(from.path);
    await page.getByRole('heading', { name: from.heading }).waitFor({ timeout: WAIT_MS });
    await delay(500);
    const started = await page.evaluate((path) => {
      const w = window as unknown as { __kringOpenedAt?: number; __kringClickedAt?: number };
      const link = document.createElement('a');
      link.href = path;
      link.textContent = 'open';
      document.body.append(link);
      w.__kringOpenedAt = undefined;
      const t0 = performance.now();
      link.click();
      return t0;
    }, opened.path);
    const inAppHandle = await page.waitForFunction(() => (window as unknown as { __kringOpenedAt?: number }).__kringOpenedAt, undefined, { timeout: WAIT_MS });
    const inAppMs = ((await inAppHandle.jsonValue()) as number) - started;
    return { coldMs, inAppMs };
  } finally {
    await context.close();
  }
}

export interface ScriptFigures {
  gzipBytes: number;
  rawBytes: number;
  files: number;
}

/** The JavaScript a route loads in a fresh browser (empty cache, logged in), gzip -9 per file, summed. */
export async function routeScripts(server: RunningServer, path: string, ready: (page: Page) => Promise<void>): Promise<ScriptFigures> {
  const { profile, context } = await loggedInProfile(server);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const bodies: Promise<Buffer | null>[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      const type = response.headers()['content-type'] ?? '';
      // The page's own scripts; the service worker fetches its precache itself, which is not the route's.
      if (response.request().serviceWorker() || !/javascript/.test(type) || /service-worker|workbox/.test(url.pathname)) return;
      bodies.push(response.body().catch(() => null));
    });
    await page.goto(path);
    await ready(page).catch(async (error: unknown) => {
      const shown = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
      throw new Error(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (at ${page.url()}, showing "${shown}")`, { cause: error });
    });
    await page.waitForLoadState('networkidle');
    const files = (await Promise.all(bodies)).filter((body): body is Buffer => body !== null);
    return {
      gzipBytes: files.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).byteLength, 0),
      rawBytes: files.reduce((sum, body) => sum + body.byteLength, 0),
      files: files.length,
    };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

export const START_PAGE = {
  path: '/',
  ready: (page: Page) => page.getByRole('heading', { name: 'Mijn ruimtes' }).waitFor({ timeout: WAIT_MS }),
};

export const PROTOCOL_PAGE = {
  path: PAGE_PATH,
  ready: (page: Page) => lastParagraph(page).waitFor({ timeout: WAIT_MS }),
};
