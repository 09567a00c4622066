/**
 * Search on the device, in the browser at 360 px: a care worker types "wond" in Kring's search and finds the
 * wound-care protocol, her team's post about it, the card on the board and the colleague who knows about wounds,
 * with the typed words marked; then, with no network and after a reload, finds them again from the index kept on
 * the device, and a result's link opens the exact place. axe finds nothing serious. With SCREENSHOTS=1 it also
 * writes docs/screenshots/search-360.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overflow, PHONE, seriousViolations } from './community-support.ts';
import { login, newPage, ROOT, useBrowser, useKring, WAIT_MS, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();

const POST = 'Gisteren de wondzorg bij mevrouw Jansen gedaan: het gaat goed met de cliënt.';

describe('search on the device', () => {
  it('finds the protocol, the post, the card and the colleague for "wond", also offline after a reload, and opens the place', async () => {
    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(page, 'anna@kring.test');
    await page.goto('/spaces/noord');
    await page.getByRole('textbox', { name: 'Schrijf een bericht' }).fill(POST);
    await page.getByRole('button', { name: 'Plaatsen' }).click();
    await page.getByRole('article').filter({ hasText: POST }).waitFor({ timeout: WAIT_MS });
    // The smoelenboek is kept on the device once it was opened.
    await page.goto('/people');
    await page.locator('[data-people] li').first().waitFor({ timeout: WAIT_MS });

    await page.getByRole('link', { name: 'Zoeken', exact: true }).click();
    const box = page.getByRole('searchbox', { name: 'Zoek in Kring' });
    await box.waitFor({ timeout: WAIT_MS });
    expect(await box.evaluate((input) => input === document.activeElement)).toBe(true);
    await box.pressSequentially('wond');
    const group = (kind: string) => page.locator(`[data-search-group="${kind}"]`);
    // The index is built in the background: the groups come as it reads the device.
    await expect.poll(async () => (await group('page').count()) + (await group('post').count()) + (await group('card').count()) + (await group('person').count()), { timeout: 4 * WAIT_MS }).toBe(4);
    await expect.poll(() => group('post').innerText(), { timeout: WAIT_MS }).toContain('mevrouw Jansen');
    expect(await group('page').getByRole('link', { name: /Wondzorg/ }).count()).toBeGreaterThan(0);
    expect(await group('card').innerText()).toContain('Wondzorg meneer De Boer evalueren');
    expect(await group('person').innerText()).toContain('Anna de Vries');
    expect(await group('page').locator('mark').first().innerText()).toBe('Wondzorg');
    expect(await page.getByRole('search').count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: /\d+ resultaten/ }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.SCREENSHOTS === '1') {
      await box.blur();
      await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'search-360.png'), animations: 'disabled', caret: 'hide' });
    }

    // Accents folded: "client" finds the post's "cliënt" (stems and prefixes are held by language.test.ts).
    await box.fill('client jansen');
    await expect.poll(() => group('post').innerText(), { timeout: WAIT_MS }).toContain('mevrouw Jansen');

    // No network, the app opened again: the index kept on the device answers.
    await waitForOfflineReady(page);
    // Let the index be written (it is kept a moment after the last change).
    await page.waitForTimeout(3_000);
    await page.context().setOffline(true);
    await page.goto('/search?q=wond').catch(() => undefined);
    await page.reload();
    await expect.poll(async () => (await group('page').count()) + (await group('post').count()) + (await group('person').count()), { timeout: WAIT_MS }).toBe(3);
    await group('post').getByRole('link').filter({ hasText: 'mevrouw Jansen' }).click();
    await expect.poll(() => page.url(), { timeout: WAIT_MS }).toMatch(/\/spaces\/noord#post-/);
    const anchor = new URL(page.url()).hash.slice(1);
    await page.locator(`[id="${anchor}"]`).waitFor({ timeout: WAIT_MS });
    expect(await page.locator(`[id="${anchor}"]`).innerText()).toContain('mevrouw Jansen');

    await page.goBack();
    await group('page').getByRole('link', { name: /^Wondzorg/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Wondzorg' }).waitFor({ timeout: WAIT_MS });
    await page.context().close();
  });
});
