/**
 * The first screen on a device that has nothing cached yet (a session cookie, an empty IndexedDB and
 * localStorage, as on a phone that just logged in elsewhere in the browser): the app knows who is logged in
 * before it draws, so "Mijn ruimtes" is the first thing shown and nothing on the screen moves when the person
 * arrives; the device's store and sync load after it.
 */
import { describe, expect, it } from 'vitest';

import { DEMO_PASSWORD, newPage, overallStatus, useBrowser, useKring, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();

/** Records, from the very first paint, whether "Laden…" was ever shown and how much the layout shifted. */
function watchFirstScreen(): void {
  const w = window as unknown as { __sawLoading: boolean; __shift: number };
  w.__sawLoading = false;
  w.__shift = 0;
  new MutationObserver(() => {
    if (document.querySelector('main')?.textContent?.includes('Laden')) w.__sawLoading = true;
  }).observe(document, { subtree: true, childList: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) w.__shift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
}

describe('the first screen', () => {
  it('lets the login form work at once, without waiting for the server to say who is logged in', async () => {
    const page = await newPage(browser, app);
    try {
      // The first "who is logged in" answer takes 10 s (a slow network); logging in must not wait for it.
      let first = true;
      await page.route('**/api/me', async (route) => {
        if (!first) return route.continue();
        first = false;
        await new Promise((resolve) => setTimeout(resolve, 10_000));
        await route.continue().catch(() => undefined);
      });
      await page.goto('/login');
      // The server drew the form; its script is loaded well within 1.5 s here. Were it held up until the slow
      // answer (at most 3 s), the browser would send the form itself, with the password in the address.
      await page.waitForTimeout(1_500);
      const started = Date.now();
      await page.getByLabel('E-mailadres of gebruikersnaam').fill('anna@kring.test');
      await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByRole('heading', { name: 'Mijn ruimtes' }).waitFor({ timeout: 8_000 });
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(page.url()).not.toContain('password');
    } finally {
      await page.context().close();
    }
  });

  it('shows my spaces at once on a device with nothing cached, and nothing on it moves', async () => {
    const page = await newPage(browser, app, { viewport: { width: 412, height: 823 } });
    try {
      const response = await page.request.post('/api/auth/login', { data: { email: 'anna@kring.test', password: DEMO_PASSWORD } });
      expect(response.status()).toBe(200);
      await page.addInitScript(watchFirstScreen);
      await page.goto('/');
      await page.getByRole('heading', { name: 'Mijn ruimtes' }).waitFor({ timeout: WAIT_MS });
      await expect.poll(() => overallStatus(page).textContent(), { timeout: WAIT_MS }).toMatch(/Al uw werk is opgeslagen/);
      const seen = await page.evaluate(() => {
        const w = window as unknown as { __sawLoading: boolean; __shift: number };
        return { sawLoading: w.__sawLoading, shift: w.__shift };
      });
      expect(seen).toEqual({ sawLoading: false, shift: 0 });
    } finally {
      await page.context().close();
    }
  });
});
