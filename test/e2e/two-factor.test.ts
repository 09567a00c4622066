/**
 * Two-step sign-in in the browser, on a phone (360 px), axe clean: the demo administrator, who has none yet, is
 * sent to Mijn account at the first login, turns it on there (QR code, key to type, first code, recovery codes
 * shown once), logs out, and logs in again with a code from the app; a wrong code is refused in plain Dutch.
 * With SCREENSHOTS=1 it also writes docs/screenshots/two-factor-360.png (the set-up step with the QR code).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { currentCode, holdApp, nextCode } from '../support/two-factor.ts';
import { clickLogout, DEMO_PASSWORD, newPage, ROOT, useBrowser, useKring, WAIT_MS } from './support.ts';
import { overflow, PHONE, seriousViolations } from './community-support.ts';

// No DEMO_TOTP_SECRET: the demo administrator starts without an app, as with `npm start`.
const app = useKring({ env: { DEMO_TOTP_SECRET: '' } });
const browser = useBrowser();
const ADMIN = 'admin@kring.test';

async function clean(page: Page): Promise<{ axe: string[]; fits: boolean }> {
  return { axe: await seriousViolations(page), fits: (await overflow(page)).scrollWidth <= PHONE.width };
}

async function typePassword(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(ADMIN);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

describe('two-step sign-in', () => {
  it('is set up on Mijn account at the administrator’s first login, and asked for at the next', async () => {
    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await typePassword(page);
    // Sent to Mijn account, told why, and nothing else of the account is shown yet.
    await page.waitForURL('**/account', { timeout: WAIT_MS });
    await page.getByText('Zet daarom eerst inloggen in twee stappen aan').waitFor({ timeout: WAIT_MS });
    expect(await page.getByRole('heading', { name: 'Waar bent u ingelogd?' }).count()).toBe(0);
    // Any other screen sends the person back here.
    await page.goto('/admin');
    await page.waitForURL('**/account', { timeout: WAIT_MS });

    await page.getByRole('button', { name: 'Aanzetten' }).click();
    const qr = page.getByRole('img', { name: 'QR-code om te scannen met uw app' });
    await qr.waitFor({ timeout: WAIT_MS });
    expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(200);
    const secret = (await page.locator('[data-secret]').innerText()).trim();
    expect(secret.replaceAll(' ', '')).toMatch(/^[A-Z2-7]{32}$/);
    expect(await clean(page)).toEqual({ axe: [], fits: true });
    if (process.env.SCREENSHOTS === '1') {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await qr.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'two-factor-360.png'), animations: 'disabled', caret: 'hide' });
    }

    holdApp(app.url, ADMIN, secret);
    await page.getByLabel('Code uit de app').fill(await nextCode(app.url, ADMIN));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    const codes = page.locator('[data-recovery-codes] li');
    await expect.poll(() => codes.count(), { timeout: WAIT_MS }).toBe(10);
    expect(await codes.first().innerText()).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
    expect(await clean(page)).toEqual({ axe: [], fits: true });
    await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
    // The session may do everything now.
    await page.getByRole('heading', { name: 'Waar bent u ingelogd?' }).waitFor({ timeout: WAIT_MS });
    await page.getByText('Inloggen in twee stappen staat aan. U heeft nog 10 reservecodes.').waitFor({ timeout: WAIT_MS });
    expect((await page.request.get('/api/admin/people')).status()).toBe(200);

    await clickLogout(page);
    await page.waitForURL('**/login', { timeout: WAIT_MS });
    await typePassword(page);
    await page.getByRole('heading', { name: 'Code uit uw app' }).waitFor({ timeout: WAIT_MS });
    expect(await clean(page)).toEqual({ axe: [], fits: true });
    await page.getByLabel('Code', { exact: true }).fill(currentCode(app.url, ADMIN) === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Die code klopt niet' }).waitFor({ timeout: WAIT_MS });
    await page.getByLabel('Code', { exact: true }).fill(await nextCode(app.url, ADMIN));
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.getByRole('heading', { name: 'Mijn ruimtes' }).waitFor({ timeout: WAIT_MS });
    await page.context().close();
  });
});

