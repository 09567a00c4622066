/**
 * Who read it, in the browser: Anna (staff) reads a page of the Cliëntenplein; Daan, a client there, finds her on
 * "Wie keek mee" on his phone; the privacy officer finds the same read on the Privacy screen and can download it.
 */
import { describe, expect, it } from 'vitest';
import { openSynced } from '../support/providers.ts';
import { apiLogin, invitePerson, overflow, PHONE, seriousViolations } from './community-support.ts';
import { login, newPage, openPersonMenu, useBrowser, useKring, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();
const DOC = 'clientenplein/page/huisregels-e2e';

describe('the access log in the browser', () => {
  it('shows Daan on his phone that Anna read the Cliëntenplein, and the privacy officer the same', async () => {
    const anna = await apiLogin(app.url, 'anna@kring.test');
    const provider = await openSynced(app.url, DOC, anna);
    provider.destroy();

    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(page, 'daan@kring.test');
    await (await openPersonMenu(page)).getByRole('link', { name: 'Wie keek mee' }).click();
    await page.getByRole('heading', { name: 'Wie heeft mijn gegevens bekeken' }).waitFor({ timeout: WAIT_MS });
    // Daan reads which information in words, never a document name.
    const entry = page.getByRole('listitem').filter({ hasText: 'een pagina in Cliëntenplein' });
    await entry.waitFor({ timeout: WAIT_MS });
    expect(await page.locator('main').innerText()).not.toContain('clientenplein/');
    expect(await entry.innerText()).toContain('Anna de Vries (Medewerker) · bekeken');
    expect(await entry.innerText()).toContain('geopend in Kring');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);

    const admin = await apiLogin(app.url, 'admin@kring.test');
    const officer = await invitePerson(app.url, admin, 'privacy', [], 'Priya Privacy');
    const desk = await newPage(browser, app);
    await login(desk, officer.email, 'welkom-123');
    await desk.goto('/privacy');
    await desk.getByLabel('Persoon (cliënt of medewerker)').selectOption({ label: 'Daan Bakker (Cliënt)' });
    await desk.getByRole('button', { name: 'Tonen' }).click();
    const found = desk.getByRole('listitem').filter({ hasText: DOC });
    await found.waitFor({ timeout: WAIT_MS });
    expect(await found.innerText()).toContain('Anna de Vries (Medewerker) · bekeken');
    expect(await found.innerText()).toContain('Over: Daan Bakker');
    const download = desk.waitForEvent('download');
    await desk.getByRole('button', { name: 'Downloaden voor een spreadsheet (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^inzage-.+\.csv$/);
    expect(await seriousViolations(desk)).toEqual([]);
  });
});
