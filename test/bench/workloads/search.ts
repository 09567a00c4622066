/**
 * Search on the device (issue 19) in Chromium with 4× CPU throttling: the built app's /search page at 360 px,
 * logged in as Anna, with 5,000 generated pages put into her IndexedDB the way y-dexie keeps them. Measures
 * (1) indexing them in the background: from opening the search page in the running app (which tells the worker to
 * read what changed, after 1.5 s of quiet) until the index holds them all, and the page's longest main-thread task
 * meanwhile (PerformanceObserver `longtask`; 0 when none passed 50 ms), and
 * (2) queries typed a key at a time, each key timed from its input event until the page shows the answer for it
 * (the worker's search, the message back and drawing the groups).
 */
import { chromium } from 'playwright-core';
import * as Y from 'yjs';
import { appendPageBlocks, setPageTitle } from '@kring/shapes';
import type { RunningServer } from '../lib/servers.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/chromium.ts';

const WAIT_MS = 240_000;
const SETTLE_MS = 20;

const TOPICS = ['Wondzorg', 'Valpreventie', 'Medicatie', 'Dementie', 'Decubitus', 'Palliatieve zorg', 'Diabetes', 'Stomazorg', 'Mantelzorg', 'Voeding', 'Hygiëne', 'Overdracht', 'Incontinentie', 'COPD', 'Hartfalen'];
const WORDS = ['cliënt', 'zorgen', 'thuis', 'verpleegkundige', 'controleren', 'afspraak', 'familie', 'huisarts', 'rapportage', 'dossier', 'verband', 'medicijnen', 'bezoek', 'wijk', 'team', 'protocol', 'meten', 'bloeddruk', 'pijn', 'hulpmiddel', 'rollator', 'douchen', 'eten', 'drinken', 'slapen', 'onrust'];

/** Page `i`'s Yjs state as y-dexie stores it (one V2 update), the same every run. */
function pageUpdate(i: number): number[] {
  let seed = i + 19;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const sentence = () => Array.from({ length: 8 + Math.floor(next() * 8) }, () => pick(WORDS)).join(' ') + '.';
  const doc = new Y.Doc();
  setPageTitle(doc, `${pick(TOPICS)} ${i}`);
  appendPageBlocks(doc, Array.from({ length: 4 }, () => ({ type: 'paragraph' as const, text: `${sentence()} ${sentence()}` })));
  return [...Y.encodeStateAsUpdateV2(doc)];
}

/** What people type, a key at a time (the first is a warm-up). */
const QUERIES = ['wondzorg', 'client thuis', 'zorgen', 'valpreventie rollator', 'medicijnen', 'huisarts afspraak', 'dementie onrust', 'bloeddruk meten', 'protocol', 'voeding drinken'];

export interface SearchFigures {
  documents: number;
  /** From opening the search page until the index held every page (ms), the 1.5 s wait for quiet included. */
  indexMs: number;
  /** The page's longest main-thread task while indexing (ms), 0 when none reached 50 ms. */
  longestTaskMs: number;
  /** Per keystroke, until the answer for it was shown (ms). */
  keys: { typed: string; ms: number }[];
}

export async function searchDocuments(server: RunningServer, count: number): Promise<SearchFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: server.httpUrl as string, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const login = await context.request.post('/api/auth/login', { data: { email: 'anna@kring.test', password: 'kring-demo' } });
    if (login.status() !== 200) throw new Error(`login in the browser failed: ${login.status()}`);
    const me = (await (await context.request.get('/api/me')).json()) as { user: { id: string } };
    const page = await context.newPage();
    await page.goto('/search');
    await page.locator('[data-search-waiting="0"]').waitFor({ timeout: WAIT_MS });
    // Wait for the demo's documents to be on the device and indexed, so the count below is ours.
    await page.waitForFunction(() => Number(document.querySelector('[data-search-indexed]')?.getAttribute('data-search-indexed')) > 0, undefined, { timeout: WAIT_MS });

    // Into her database the way y-dexie keeps documents: a record per document, its updates in `$documents.doc_updates`.
    for (let start = 0; start < count; start += 250) {
      const docs = Array.from({ length: Math.min(250, count - start) }, (_, k) => ({ name: `noord/page/bench-${start + k}`, update: pageUpdate(start + k) }));
      await page.evaluate(
        async ({ userId, docs }) => {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const request = indexedDB.open(`kring-user-${userId}`);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          const tx = db.transaction(['documents', '$documents.doc_updates'], 'readwrite');
          for (const { name, update } of docs) {
            tx.objectStore('documents').put({ name });
            tx.objectStore('$documents.doc_updates').add({ k: name, u: new Uint8Array(update) });
          }
          await new Promise<void>((resolve, reject) => {
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          });
          db.close();
        },
        { userId: me.user.id, docs },
      );
    }

    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const before = Number(await page.locator('[data-search-indexed]').getAttribute('data-search-indexed'));
    // The page's long tasks from now on: the app is loaded, so what comes is the index's doing (and the page's).
    await page.evaluate(() => {
      const scope = window as unknown as { longest: number };
      scope.longest = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) scope.longest = Math.max(scope.longest, entry.duration);
      }).observe({ type: 'longtask' });
    });
    // Away and back in the app (no reload): opening the search page tells the worker to read what changed.
    await page.getByRole('navigation', { name: /.+/ }).getByRole('link', { name: 'Mensen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Smoelenboek' }).waitFor({ timeout: WAIT_MS });
    const started = performance.now();
    await page.getByRole('link', { name: 'Zoeken', exact: true }).click();
    const progress = setInterval(() => {
      void page
        .locator('[data-search-indexed]')
        .evaluate((status) => `${status.getAttribute('data-search-indexed')} indexed, ${status.getAttribute('data-search-waiting')} waiting`)
        .then((text) => process.env.BENCH_VERBOSE && console.log(`  search: ${Math.round(performance.now() - started)} ms: ${text}`))
        .catch(() => undefined);
    }, 5_000);
    await page.waitForFunction(
      (expected) => Number(document.querySelector('[data-search-indexed]')?.getAttribute('data-search-indexed')) >= expected && document.querySelector('[data-search-waiting="0"]') !== null,
      before + count,
      { timeout: WAIT_MS, polling: 100 },
    );
    clearInterval(progress);
    const indexMs = performance.now() - started;
    const longestTaskMs = await page.evaluate(() => (window as unknown as { longest: number }).longest);

    const keys: { typed: string; ms: number }[] = [];
    for (const [index, query] of QUERIES.entries()) {
      const times = await page.evaluate(
        async ({ text, settleMs }) => {
          const input = document.querySelector<HTMLInputElement>('#search-box')!;
          const status = document.querySelector<HTMLElement>('[data-search-for]')!;
          const measured: { typed: string; ms: number }[] = [];
          const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs));
          const shown = (typed: string) =>
            new Promise<void>((resolve) => {
              if (status.dataset['searchFor'] === typed) return resolve();
              const observer = new MutationObserver(() => {
                if (status.dataset['searchFor'] !== typed) return;
                observer.disconnect();
                resolve();
              });
              observer.observe(status, { attributes: true });
            });
          input.value = '';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await settle();
          for (let i = 1; i <= text.length; i++) {
            const typed = text.slice(0, i);
            const begun = performance.now();
            input.value = typed;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            await shown(typed);
            // Until the frame with the answer was drawn.
            await new Promise((resolve) => requestAnimationFrame(resolve));
            measured.push({ typed, ms: performance.now() - begun });
            await settle();
          }
          return measured;
        },
        { text: query, settleMs: SETTLE_MS },
      );
      if (index > 0) keys.push(...times);
    }
    return { documents: count, indexMs, longestTaskMs, keys };
  } finally {
    await browser.close();
  }
}
