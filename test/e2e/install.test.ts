/**
 * The installable app in Chromium: the page links a web app manifest with a name, a start address, standalone
 * display and PNG icons of 192 and 512 px that load; the service worker registers and controls the page after
 * a reload, and Chromium reads the built files from its cache by a static route; Dutch is the default (even for
 * an English browser) and English is one choice away in the header (in the person's menu once logged in).
 */
import { describe, expect, it } from 'vitest';

import { DEMO_PASSWORD, newPage, openPersonMenu, useBrowser, useKring, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();

interface ManifestIcon {
  src: string;
  sizes?: string;
  type?: string;
  purpose?: string;
}

interface Manifest {
  name?: string;
  short_name?: string;
  start_url?: string;
  display?: string;
  icons?: ManifestIcon[];
}

/** The width and height a PNG says it has (its IHDR chunk), or null when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('installing the app', () => {
  it('links a manifest with a name, a start address, standalone display and 192 and 512 px icons that load', async () => {
    const page = await newPage(browser, app);
    await page.goto('/login');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).not.toBeNull();
    const manifestUrl = new URL(href!, page.url());
    expect(manifestUrl.pathname).toBe('/manifest.webmanifest');

    const response = await page.request.get(manifestUrl.href);
    expect(response.status()).toBe(200);
    const manifest = (await response.json()) as Manifest;
    expect(manifest.name).toBe('Kring');
    expect(manifest.start_url).toBeTruthy();
    expect(new URL(manifest.start_url!, manifestUrl).origin).toBe(app.url);
    expect(manifest.display).toBe('standalone');

    // The start address opens the app (the login form, for someone not logged in).
    const start = await page.request.get(new URL(manifest.start_url!, manifestUrl).href);
    expect(start.status()).toBe(200);

    for (const size of [192, 512]) {
      const icon = manifest.icons?.find((candidate) => candidate.type === 'image/png' && candidate.sizes?.split(/\s+/).includes(`${size}x${size}`) && (candidate.purpose ?? 'any').split(/\s+/).includes('any'));
      expect(icon, `an ordinary PNG icon of ${size}×${size} in ${JSON.stringify(manifest.icons)}`).toBeDefined();
      const image = await page.request.get(new URL(icon!.src, manifestUrl).href);
      expect(image.status(), icon!.src).toBe(200);
      expect(image.headers()['content-type'], icon!.src).toMatch(/^image\/png\b/);
      expect(pngSize(await image.body()), icon!.src).toEqual({ width: size, height: size });
    }
    await page.context().close();
  });

  it('registers the service worker, which controls the page after a reload', async () => {
    const page = await newPage(browser, app);
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    const script = await page.evaluate(async () => {
      const ready = await Promise.race([navigator.serviceWorker.ready, new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
      return ready?.active?.scriptURL ?? null;
    });
    expect(script, 'no active service worker within 10 s').not.toBeNull();
    expect(new URL(script!).origin).toBe(app.url);

    await page.reload();
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null), { timeout: WAIT_MS }).toBe(script);
    await page.context().close();
  });

  it('has the built files read straight from its cache, without running the worker for each (Chromium)', async () => {
    const page = await newPage(browser, app);
    await page.goto('/login');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.context().setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    const sources = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as (PerformanceResourceTiming & { workerFinalSourceType?: string })[])
        .filter((entry) => new URL(entry.name).pathname.startsWith('/_app/immutable/'))
        .map((entry) => entry.workerFinalSourceType),
    );
    expect(sources.length).toBeGreaterThan(0);
    expect(new Set(sources)).toEqual(new Set(['cache']));
    await page.context().close();
  });

  it('speaks Dutch by default, even to an English browser, and English when chosen in the header', async () => {
    // An English browser, new to the app: still Dutch, the organisation's language.
    const page = await newPage(browser, app, { locale: 'en-GB' });
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await expect.poll(() => page.getByLabel('Taal').inputValue(), { timeout: WAIT_MS }).toBe('nl');

    await page.getByLabel('Taal').selectOption({ label: 'English' });
    await page.getByRole('heading', { name: 'Log in' }).waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: WAIT_MS }).toBe('en');
    await page.getByLabel('Email address').fill('anna@kring.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'My spaces' }).waitFor({ timeout: WAIT_MS });
    // The home screen's own heading, in English too (it was a welcome line before "Vandaag").
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor({ timeout: WAIT_MS });
    // Logged in, the language is in the person's menu, with logging out.
    const menu = await openPersonMenu(page);
    await menu.getByRole('button', { name: 'Log out' }).waitFor({ timeout: WAIT_MS });
    expect(await menu.getByLabel('Language').inputValue()).toBe('en');

    // The choice stays on this device: a reload is still English.
    await page.reload();
    await page.getByRole('heading', { name: 'My spaces' }).waitFor({ timeout: WAIT_MS });
    // And the server knows it: it draws its pages in English from the first byte, before any script runs.
    expect(await (await page.request.get('/login')).text()).toContain('<html lang="en">');

    // Another device (a fresh context) starts in Dutch.
    const fresh = await newPage(browser, app);
    await fresh.goto('/login');
    await fresh.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    expect(await fresh.locator('html').getAttribute('lang')).toBe('nl');
    expect(await fresh.getByLabel('E-mailadres').count()).toBe(1);
    await page.context().close();
    await fresh.context().close();
  });
});
