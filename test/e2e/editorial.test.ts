/**
 * The editorial workflow in the browser: a client writes an article and sends it in, an editor decides, and the
 * author always sees where it stands; a published article is a read-only page in Nieuws. Sending in works
 * offline too: it waits on the device, shown as not sent yet.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newPage, useBrowser, useKring, WAIT_MS, waitForSaveState } from './support.ts';
import { overflow, PHONE, seriousViolations } from './community-support.ts';

const app = useKring();
const browser = useBrowser();

const body = (page: Page) => page.getByRole('textbox', { name: 'Tekst van het artikel' });
const status = (page: Page, value: string) => page.locator(`section.status [data-status="${value}"]`);

/** As the logged-in author: starts a new article from "Nieuws insturen", writes it, waits until it is saved. */
async function write(page: Page, title: string, text: string): Promise<string> {
  await page.getByRole('link', { name: 'Nieuws insturen' }).click();
  await page.getByRole('button', { name: 'Nieuw artikel schrijven' }).click();
  await page.getByLabel('Titel', { exact: true }).fill(title);
  await body(page).click();
  await page.keyboard.type(text);
  await waitForSaveState(page, 'saved');
  return new URL(page.url()).pathname;
}

/** As the logged-in editor: opens the article from the editors' queue. */
async function openFromQueue(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: 'Redactie' }).click();
  await page.getByRole('region', { name: /Wacht op de redactie/ }).getByRole('link', { name: title }).click();
  await body(page).filter({ hasText: /\S/ }).waitFor({ timeout: WAIT_MS });
}

describe('editorial workflow', () => {
  it('lets a client send in an article, an editor publish it, and the client read it in Nieuws as a read-only page', async () => {
    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    const path = await write(daan, 'Bingo op vrijdag', 'Elke vrijdag is er bingo in het buurthuis. Iedereen is welkom.');
    await status(daan, 'draft').waitFor({ timeout: WAIT_MS });
    await daan.getByRole('button', { name: 'Insturen naar de redactie' }).click();
    await status(daan, 'submitted').waitFor({ timeout: WAIT_MS });

    const eva = await newPage(browser, app);
    await login(eva, 'eva@kring.test');
    await openFromQueue(eva, 'Bingo op vrijdag');
    expect(await body(eva).innerText()).toContain('Elke vrijdag is er bingo');
    await eva.getByRole('button', { name: 'Publiceren', exact: true }).click();
    await status(eva, 'published').waitFor({ timeout: WAIT_MS });

    // The author sees the decision on their own article, and finds it in Nieuws.
    await daan.goto(path);
    await status(daan, 'published').waitFor({ timeout: WAIT_MS });
    await daan.getByText('Uw artikel staat in Nieuws.').waitFor({ timeout: WAIT_MS });
    await daan.getByRole('link', { name: 'Lees het artikel in Nieuws' }).click();
    const article = daan.getByRole('article', { name: 'Inhoud van de pagina' });
    await article.filter({ hasText: 'Elke vrijdag is er bingo' }).waitFor({ timeout: WAIT_MS });
    expect(await daan.getByRole('heading', { level: 1 }).innerText()).toBe('Bingo op vrijdag');
    expect(await daan.getByRole('textbox', { name: 'Inhoud van de pagina' }).count()).toBe(0);
    await daan.getByText('U kunt deze pagina lezen, niet wijzigen.').waitFor({ timeout: WAIT_MS });

    await daan.goto('/spaces/nieuws');
    await daan.getByRole('link', { name: 'Bingo op vrijdag' }).waitFor({ timeout: WAIT_MS });
  });

  it('shows the author the editor’s request for changes, and lets them change the article and send it again', async () => {
    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    const path = await write(daan, 'Nieuwe bankjes in het park', 'Er staan nieuwe bankjes bij de vijver.');
    await daan.getByRole('button', { name: 'Insturen naar de redactie' }).click();
    await status(daan, 'submitted').waitFor({ timeout: WAIT_MS });

    const eva = await newPage(browser, app);
    await login(eva, 'eva@kring.test');
    await openFromQueue(eva, 'Nieuwe bankjes in het park');
    await eva.getByLabel('Opmerking voor de schrijver').fill('Mooi! Hoeveel bankjes zijn het?');
    await eva.getByRole('button', { name: 'Vraag om aanpassing' }).click();
    await status(eva, 'changes_requested').waitFor({ timeout: WAIT_MS });

    await daan.goto(path);
    await status(daan, 'changes_requested').waitFor({ timeout: WAIT_MS });
    await daan.getByText('Mooi! Hoeveel bankjes zijn het?').waitFor({ timeout: WAIT_MS });
    await body(daan).click();
    await daan.keyboard.press('Control+End');
    await daan.keyboard.type(' Het zijn er vier.');
    await waitForSaveState(daan, 'saved');
    await daan.getByRole('button', { name: 'Opnieuw insturen' }).click();
    await status(daan, 'submitted').waitFor({ timeout: WAIT_MS });

    // The editor reads the changed text.
    await eva.reload();
    await status(eva, 'submitted').waitFor({ timeout: WAIT_MS });
    await body(eva).filter({ hasText: 'Het zijn er vier.' }).waitFor({ timeout: WAIT_MS });
  });

  it('shows someone else’s article to nobody but its author and the editors', async () => {
    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    const path = await write(daan, 'Alleen voor de redactie', 'Een stukje dat nog niemand mag zien.');
    const anna = await newPage(browser, app);
    await login(anna, 'anna@kring.test');
    await anna.goto(path);
    await anna.getByRole('heading', { name: 'Niet gevonden' }).waitFor({ timeout: WAIT_MS });
    expect(await anna.getByText('Een stukje dat nog niemand mag zien.').count()).toBe(0);
  });

  it('keeps an article sent in without a network on the device as not sent yet, and sends it when the network is back', async () => {
    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    await write(daan, 'Geschreven in de trein', 'Onderweg geschreven, zonder internet verstuurd.');
    await daan.context().setOffline(true);
    await daan.getByRole('button', { name: 'Insturen naar de redactie' }).click();
    await status(daan, 'sending').waitFor({ timeout: WAIT_MS });
    await daan.getByText('Uw artikel staat klaar op dit apparaat').waitFor({ timeout: WAIT_MS });
    await daan.context().setOffline(false);
    await status(daan, 'submitted').waitFor({ timeout: WAIT_MS });

    const eva = await newPage(browser, app);
    await login(eva, 'eva@kring.test');
    await openFromQueue(eva, 'Geschreven in de trein');
  });

  it('has no serious axe findings and no sideways scrolling at 360 px on the author’s and the editors’ pages', async () => {
    const daan = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(daan, 'daan@kring.test');
    const axe: Record<string, string[]> = {};
    const wide: Record<string, number> = {};
    const check = async (page: Page, name: string) => {
      axe[name] = await seriousViolations(page);
      wide[name] = (await overflow(page)).scrollWidth;
    };
    await daan.goto('/editorial');
    await daan.getByRole('button', { name: 'Nieuw artikel schrijven' }).waitFor({ timeout: WAIT_MS });
    await check(daan, 'author list');
    await daan.getByRole('button', { name: 'Nieuw artikel schrijven' }).click();
    await daan.getByLabel('Titel', { exact: true }).fill('Een lange titel voor een klein scherm: de buurtbus rijdt weer');
    await body(daan).click();
    await daan.keyboard.type('De buurtbus rijdt weer op dinsdag en donderdag.');
    await waitForSaveState(daan, 'saved');
    await check(daan, 'author draft');
    await daan.getByRole('button', { name: 'Insturen naar de redactie' }).click();
    await status(daan, 'submitted').waitFor({ timeout: WAIT_MS });
    await check(daan, 'author sent');

    const eva = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(eva, 'eva@kring.test');
    await eva.goto('/editorial');
    await eva.getByRole('region', { name: /Wacht op de redactie/ }).getByRole('link').first().waitFor({ timeout: WAIT_MS });
    await check(eva, 'queue');
    await openFromQueue(eva, 'Een lange titel voor een klein scherm: de buurtbus rijdt weer');
    await check(eva, 'deciding');

    expect(axe).toEqual({ 'author list': [], 'author draft': [], 'author sent': [], queue: [], deciding: [] });
    for (const [name, width] of Object.entries(wide)) expect(width, name).toBeLessThanOrEqual(PHONE.width);
  });
});
