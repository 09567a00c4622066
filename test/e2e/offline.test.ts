/**
 * Invariants 1, 2 and 5 in the browser: work typed offline stays on the device and says so, the app and the
 * page open again with no network (service worker + IndexedDB), and when the network returns both devices end
 * with the same text holding everyone's edits. A browser closed right after typing loses nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  editor,
  editorText,
  launchPersistent,
  login,
  newPage,
  openPage,
  overallStatus,
  saveStatus,
  typeAtEnd,
  useBrowser,
  useKring,
  VALPREVENTIE,
  WAIT_MS,
  waitForOfflineReady,
  waitForSaveState,
} from './support.ts';

const app = useKring();
const browser = useBrowser();

/** Waits until the page's editor contains every one of `texts`. */
async function waitForText(page: Page, ...texts: string[]): Promise<void> {
  let box = editor(page);
  for (const text of texts) box = box.filter({ hasText: text });
  await box.waitFor({ timeout: WAIT_MS });
}

describe('offline', () => {
  it('keeps offline work on the device, shows it unsaved, reopens it offline, and merges it when back online', async () => {
    const fromA = 'Offline getypt: de cliënt heeft een rollator nodig.';
    const fromB = 'Online getypt: nachtlampje in de gang geplaatst.';
    const a = await newPage(browser, app);
    const b = await newPage(browser, app);
    // Only anna is in Noord, so both devices are anna's.
    await login(a, 'anna@kring.test');
    await login(b, 'anna@kring.test');
    // The app shell must be cached before the network goes (the service worker controls the page); before the
    // editor is opened, as the wait may load the page again.
    await waitForOfflineReady(a);
    await openPage(a);
    await openPage(b);
    await waitForSaveState(a, 'saved');
    await waitForSaveState(b, 'saved');

    await a.context().setOffline(true);
    await a.locator('[role="status"][data-connection="offline"]').waitFor({ timeout: WAIT_MS });
    await typeAtEnd(a, fromA);
    await typeAtEnd(b, fromB);

    // B is online: its sentence is saved. A is not, and says so, in the page and in the header.
    await waitForSaveState(b, 'saved');
    await waitForSaveState(a, 'local');
    await expect.poll(async () => Number(await overallStatus(a).getAttribute('data-unsaved')), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(1);
    expect(await saveStatus(a).getAttribute('data-save')).not.toBe('saved');
    expect(await editorText(b)).not.toContain(fromA);
    expect(await editorText(a)).not.toContain(fromB);

    // A reload with no network: the app shell comes from the service worker, the page from IndexedDB.
    const failed: string[] = [];
    a.on('requestfailed', (request) => failed.push(`${new URL(request.url()).pathname} (${request.failure()?.errorText})`));
    await a.reload();
    await waitForText(a, VALPREVENTIE.text, fromA).catch((error: unknown) => {
      throw new Error(`the page did not open offline; requests that failed: ${failed.slice(0, 8).join(', ') || 'none'}`, { cause: error });
    });
    expect(await saveStatus(a).getAttribute('data-save')).not.toBe('saved');
    expect(Number(await overallStatus(a).getAttribute('data-unsaved'))).toBeGreaterThanOrEqual(1);

    await a.context().setOffline(false);
    await waitForText(a, fromA, fromB);
    await waitForText(b, fromA, fromB);
    await waitForSaveState(a, 'saved');
    await expect.poll(async () => (await editorText(a)) === (await editorText(b)), { timeout: WAIT_MS }).toBe(true);
    await expect.poll(() => overallStatus(a).getAttribute('data-unsaved'), { timeout: WAIT_MS }).toBe('0');
  });

  it('keeps an edit when the browser is closed 100 ms after typing, and saves it on the server at the next start', async () => {
    const sentence = 'Getypt vlak voor het sluiten van de browser.';
    const userDataDir = await mkdtemp(join(tmpdir(), 'kring-e2e-profile-'));
    let context: BrowserContext | undefined;
    try {
      context = await launchPersistent(userDataDir, app.url);
      let page = context.pages()[0] ?? (await context.newPage());
      await login(page, 'anna@kring.test');
      await openPage(page);
      await waitForSaveState(page, 'saved');
      // Offline, so the device is the only place the sentence can come back from.
      await context.setOffline(true);
      await typeAtEnd(page, sentence);
      await page.waitForTimeout(100); // the scenario itself: the person closes the app 100 ms after typing
      await context.close();

      context = await launchPersistent(userDataDir, app.url);
      page = context.pages()[0] ?? (await context.newPage());
      await openPage(page);
      await waitForText(page, sentence);
      await waitForSaveState(page, 'saved');
      await context.close();
      context = undefined;

      // The server has it: a device that never saw the sentence gets it.
      const fresh = await newPage(browser, app);
      await login(fresh, 'anna@kring.test');
      await openPage(fresh);
      await waitForText(fresh, sentence);
    } finally {
      await context?.close();
      await rm(userDataDir, { recursive: true, force: true });
    }
  });
});
