/**
 * The person's own account in the browser, on a phone (360 px), axe clean: where am I signed in (ending the
 * session of a lost device), changing the password with plain Dutch refusals, and a client who forgot hers getting
 * back in with a printed code from the desk.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newPage, openPersonMenu, useBrowser, useKring, WAIT_MS } from './support.ts';
import { overflow, PHONE, seriousViolations } from './community-support.ts';

const app = useKring();
const browser = useBrowser();
const STRONG = 'paard batterij nietje juist';

/** axe's serious findings and whether the page fits 360 px, as one value to compare. */
async function clean(page: Page): Promise<{ axe: string[]; fits: boolean; wide: string[] }> {
  const { scrollWidth, wide } = await overflow(page);
  return { axe: await seriousViolations(page), fits: scrollWidth <= PHONE.width, wide: scrollWidth <= PHONE.width ? [] : wide };
}
const CLEAN = { axe: [], fits: true, wide: [] };

const phone = () => newPage(browser, app, { viewport: PHONE });

describe('my account', () => {
  it('lists where the person is signed in and ends the session of a lost device', async () => {
    const lost = await phone();
    await login(lost, 'anna@kring.test');
    // The lost phone has her team's space open, its feed on a socket.
    await lost.getByRole('link', { name: 'Buurtteam Noord' }).click();
    await lost.locator('[role="status"][data-save="saved"]').first().waitFor({ timeout: WAIT_MS });
    const here = await phone();
    await login(here, 'anna@kring.test');

    await (await openPersonMenu(here)).getByRole('link', { name: 'Mijn account' }).click();
    await here.getByRole('heading', { name: 'Waar bent u ingelogd?' }).waitFor({ timeout: WAIT_MS });
    const sessions = here.locator('li[data-current]');
    await expect.poll(() => sessions.count(), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => sessions.first().innerText()).toContain('Dit apparaat');
    expect(await sessions.first().innerText()).toMatch(/Chrome \d+ op Linux/);
    expect(await clean(here)).toEqual(CLEAN);

    await here.getByRole('button', { name: 'Overal anders uitloggen' }).click();
    await here.getByText(/U bent op \d+ andere apparaten uitgelogd\./).waitFor({ timeout: WAIT_MS });
    await here.getByText('U bent alleen op dit apparaat ingelogd.').waitFor({ timeout: WAIT_MS });
    // The lost phone is told at once (its socket closed), and its cookie no longer works.
    await lost.getByRole('alert').filter({ hasText: 'beëindigd op een ander apparaat' }).waitFor({ timeout: WAIT_MS });
    expect((await lost.request.get('/api/me')).status()).toBe(401);
    expect((await here.request.get('/api/me')).status()).toBe(200);
  });

  it('changes the password, saying in plain Dutch why a wrong or weak one is refused', async () => {
    const page = await phone();
    await login(page, 'bram@kring.test');
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Wachtwoord wijzigen' }).waitFor({ timeout: WAIT_MS });
    const form = page.locator('form');
    const fill = async (current: string, next: string, again = next) => {
      await page.getByLabel('Huidig wachtwoord').fill(current);
      await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(next);
      await page.getByLabel('Nieuw wachtwoord nog een keer').fill(again);
      await form.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    };
    await fill('geraden-wachtwoord', STRONG);
    await page.getByText('Uw huidige wachtwoord klopt niet.').waitFor({ timeout: WAIT_MS });
    await fill('kring-demo', 'wachtwoord123');
    await page.getByText('Dit wachtwoord wordt veel gebruikt en is makkelijk te raden.', { exact: false }).waitFor({ timeout: WAIT_MS });
    await fill('kring-demo', STRONG, `${STRONG}!`);
    await page.getByText('De twee nieuwe wachtwoorden zijn niet hetzelfde.').waitFor({ timeout: WAIT_MS });
    expect(await clean(page)).toEqual(CLEAN);
    await fill('kring-demo', STRONG);
    await page.getByText('Uw wachtwoord is gewijzigd.', { exact: false }).waitFor({ timeout: WAIT_MS });

    const later = await phone();
    await login(later, 'bram@kring.test', STRONG);
  });

  it('gets a client back in with a printed code from the desk', async () => {
    const admin = await newPage(browser, app);
    await login(admin, 'admin@kring.test');
    await admin.goto('/admin');
    const daan = admin.locator('li[data-person="daan@kring.test"]');
    await daan.getByRole('button', { name: /Code voor nieuw wachtwoord/ }).click();
    const sheet = admin.locator('section[data-reset-for="daan@kring.test"]');
    await sheet.waitFor({ timeout: WAIT_MS });
    const code = await sheet.getByLabel('Code', { exact: true }).inputValue();
    expect(code).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){7}$/);
    expect(await sheet.locator('.paper').innerText()).toContain(code);
    expect((await clean(admin)).axe).toEqual([]);

    const client = await phone();
    await client.goto('/login');
    await client.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
    await client.getByRole('heading', { name: 'Nieuw wachtwoord kiezen' }).waitFor({ timeout: WAIT_MS });
    expect(await clean(client)).toEqual(CLEAN);
    // Typed from paper: capitals and spaces.
    await client.getByLabel('Code', { exact: true }).fill(code.toUpperCase().replaceAll('-', ' '));
    await client.getByLabel('Nieuw wachtwoord', { exact: true }).fill(STRONG);
    await client.getByLabel('Nieuw wachtwoord nog een keer').fill(STRONG);
    await client.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await client.getByText('Uw wachtwoord is gewijzigd. U kunt nu inloggen', { exact: false }).waitFor({ timeout: WAIT_MS });
    await client.getByRole('link', { name: 'Inloggen' }).click();
    await login(client, 'daan@kring.test', STRONG);

    // The same code a second time: refused in plain words.
    const again = await phone();
    await again.goto(`/reset#code=${code}`);
    expect(await again.getByLabel('Code', { exact: true }).inputValue()).toBe(code);
    expect(new URL(again.url()).hash).toBe('');
    await again.getByLabel('Nieuw wachtwoord', { exact: true }).fill('nog een ander sterk wachtwoord');
    await again.getByLabel('Nieuw wachtwoord nog een keer').fill('nog een ander sterk wachtwoord');
    await again.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
    await again.getByText('Deze code werkt niet (meer).', { exact: false }).waitFor({ timeout: WAIT_MS });
  });

  it('asks for a reset e-mail with the same answer for any address', async () => {
    const page = await phone();
    await page.goto('/reset');
    await page.getByLabel('E-mailadres').fill('niemand@kring.test');
    await page.getByRole('button', { name: 'Stuur mij een e-mail' }).click();
    await page.getByText('Als er een account bij dit e-mailadres hoort', { exact: false }).waitFor({ timeout: WAIT_MS });
    expect(await clean(page)).toEqual(CLEAN);
  });
});
