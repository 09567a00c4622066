/**
 * Task boards in the browser: making a board, a card with a checklist and a due date, moving it with the
 * keyboard and by dragging, handing it over with a note so it lands on the colleague's "Mijn taken", two
 * devices moving the same card while one is offline, and the pages passing axe and fitting a 360 px phone.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { overflow, PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, NOORD, useBrowser, useKring, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();

/** Makes a board in a space through the boards list and waits until it is open. */
async function createBoard(page: Page, title: string, spaceId: string = NOORD.id): Promise<string> {
  await page.goto(`/spaces/${spaceId}/boards`);
  await page.getByLabel('Naam van het nieuwe bord').fill(title);
  await page.getByRole('button', { name: 'Bord maken' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: WAIT_MS });
  await column(page, 'Klaar').waitFor({ timeout: WAIT_MS });
  return new URL(page.url()).pathname;
}

/** A column of the open board, by its title. */
function column(page: Page, title: string): Locator {
  return page.locator('section[data-column-id]').filter({ has: page.locator('h2', { hasText: new RegExp(`^\\s*${title}`) }) });
}

/** A card on the open board, by its title. */
function card(page: Page, title: string): Locator {
  return page.locator('[data-card-id]').filter({ has: page.locator('[data-part="open"]', { hasText: new RegExp(`^\\s*${title}`) }) });
}

async function addCard(page: Page, columnTitle: string, title: string): Promise<void> {
  await page.getByLabel(`Nieuwe kaart in ${columnTitle}`).fill(title);
  await page.getByRole('button', { name: `Kaart toevoegen aan ${columnTitle}` }).click();
  await card(page, title).waitFor({ timeout: WAIT_MS });
}

/** The open board as titles: every column with its cards in order. */
function layout(page: Page): Promise<Array<[string, string[]]>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('section[data-column-id]')].map((section) => [
      section.querySelector('h2')!.firstChild!.textContent!.trim(),
      [...section.querySelectorAll('[data-card-id] [data-part="open"] > :first-child')].map((title) => title.textContent!.trim()),
    ]),
  );
}

async function cardsIn(page: Page, columnTitle: string): Promise<string[]> {
  return (await layout(page)).find(([title]) => title === columnTitle)?.[1] ?? [];
}

/** Drags a card by its grip to just above another card (or to the end of a column when `above` is a column). */
async function drag(page: Page, title: string, target: Locator): Promise<void> {
  const handle = await card(page, title).locator('.handle').boundingBox();
  const box = await target.boundingBox();
  if (!handle || !box) throw new Error('nothing to drag or nowhere to drop');
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2 + 10, handle.y + handle.height / 2 + 10, { steps: 3 });
  await page.mouse.move(box.x + box.width / 2, box.y + 4, { steps: 12 });
  await page.mouse.up();
}

describe('task boards', () => {
  it('makes a board and a card with a checklist and a due date, and moves the card by keyboard and by dragging', async () => {
    const page = await loggedInPage(browser, app, 'anna@kring.test');
    const path = await createBoard(page, 'Weekplanning');
    expect(await layout(page)).toEqual([
      ['Te doen', []],
      ['Bezig', []],
      ['Klaar', []],
    ]);
    await addCard(page, 'Te doen', 'Bloeddrukmeter ophalen');
    await addCard(page, 'Te doen', 'Rooster nakijken');

    await card(page, 'Bloeddrukmeter ophalen').locator('[data-part="open"]').click();
    const dialog = page.getByRole('dialog', { name: 'Bloeddrukmeter ophalen' });
    await dialog.getByLabel('Uiterste datum').fill('2026-12-01');
    for (const item of ['Meter ophalen bij de apotheek', 'Batterijen vervangen']) {
      await dialog.getByLabel('Nieuw punt voor de checklist').fill(item);
      await dialog.getByRole('button', { name: 'Punt toevoegen' }).click();
      await dialog.getByRole('checkbox', { name: item }).waitFor({ timeout: WAIT_MS });
    }
    await dialog.getByRole('checkbox', { name: 'Meter ophalen bij de apotheek' }).check();
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-card-id]')?.textContent ?? ''), { timeout: WAIT_MS }).toContain('Bloeddrukmeter');
    const summary = card(page, 'Bloeddrukmeter ophalen');
    await summary.filter({ hasText: '1 van 2 klaar' }).filter({ hasText: '1 dec' }).waitFor({ timeout: WAIT_MS });

    // Keyboard: the ⇅ button's dialog moves it to Bezig; Alt+→ then takes it on to Klaar, keeping focus on it.
    await summary.getByRole('button', { name: 'Verplaats Bloeddrukmeter ophalen' }).focus();
    await page.keyboard.press('Enter');
    const move = page.getByRole('dialog', { name: 'Verplaats kaart' });
    await move.getByLabel('Naar kolom').selectOption({ label: 'Bezig' });
    await move.getByRole('button', { name: 'Verplaatsen' }).press('Enter');
    await expect.poll(() => cardsIn(page, 'Bezig'), { timeout: WAIT_MS }).toEqual(['Bloeddrukmeter ophalen']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')), { timeout: WAIT_MS }).toBe('Verplaats Bloeddrukmeter ophalen');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => cardsIn(page, 'Klaar'), { timeout: WAIT_MS }).toEqual(['Bloeddrukmeter ophalen']);
    await expect(page.getByRole('status').filter({ hasText: 'Bloeddrukmeter ophalen staat nu in Klaar, op plek 1.' }).count()).resolves.toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-card-id]')?.closest('section')?.querySelector('h2')?.textContent ?? ''), { timeout: WAIT_MS }).toContain('Klaar');

    // Dragging: from Klaar to the top of Te doen, above the other card.
    await drag(page, 'Bloeddrukmeter ophalen', card(page, 'Rooster nakijken'));
    await expect.poll(() => layout(page), { timeout: WAIT_MS }).toEqual([
      ['Te doen', ['Bloeddrukmeter ophalen', 'Rooster nakijken']],
      ['Bezig', []],
      ['Klaar', []],
    ]);
    // And within a column: below the other card, dropped on the lower half of it.
    const lower = await card(page, 'Rooster nakijken').boundingBox();
    const grip = await card(page, 'Bloeddrukmeter ophalen').locator('.handle').boundingBox();
    await page.mouse.move(grip!.x + grip!.width / 2, grip!.y + grip!.height / 2);
    await page.mouse.down();
    await page.mouse.move(lower!.x + lower!.width / 2, lower!.y + lower!.height - 4, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => cardsIn(page, 'Te doen'), { timeout: WAIT_MS }).toEqual(['Rooster nakijken', 'Bloeddrukmeter ophalen']);

    // Everything is on the device and on the server: a reload shows the same board.
    await page.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS });
    await page.goto(path);
    await expect.poll(() => cardsIn(page, 'Te doen'), { timeout: WAIT_MS }).toEqual(['Rooster nakijken', 'Bloeddrukmeter ophalen']);
    await page.context().close();
  });

  it("hands a card over with a note: the colleague is on the card, the card's history shows it, and it is on Mijn taken", async () => {
    const page = await loggedInPage(browser, app, 'anna@kring.test');
    await createBoard(page, 'Overdracht');
    await addCard(page, 'Bezig', 'Wondzorg mevrouw Smit');
    await card(page, 'Wondzorg mevrouw Smit').locator('[data-part="open"]').click();
    const dialog = page.getByRole('dialog', { name: 'Wondzorg mevrouw Smit' });
    await dialog.getByText('Nog niemand.').waitFor({ timeout: WAIT_MS });
    await dialog.getByLabel('Aan wie?').selectOption({ label: 'Anna de Vries' });
    await dialog.getByLabel('Notitie voor uw collega').fill('Verband ligt in de la van het nachtkastje.');
    await dialog.getByRole('button', { name: 'Overdragen', exact: true }).click();
    await dialog.getByText('Overgedragen aan Anna de Vries.').waitFor({ timeout: WAIT_MS });
    await dialog.getByRole('button', { name: 'Haal Anna de Vries van de kaart' }).waitFor({ timeout: WAIT_MS });
    const history = dialog.getByRole('region', { name: 'Geschiedenis' });
    await history.getByText('Anna de Vries droeg de kaart over aan Anna de Vries').waitFor({ timeout: WAIT_MS });
    await history.getByText('Verband ligt in de la van het nachtkastje.').waitFor({ timeout: WAIT_MS });
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    await card(page, 'Wondzorg mevrouw Smit').filter({ hasText: 'Voor Anna de Vries' }).waitFor({ timeout: WAIT_MS });

    await page.getByRole('link', { name: 'Mijn taken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mijn taken' }).waitFor({ timeout: WAIT_MS });
    const task = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Wondzorg mevrouw Smit' }) });
    await task.filter({ hasText: 'Buurtteam Noord · Overdracht · Bezig' }).filter({ hasText: 'Verband ligt in de la van het nachtkastje.' }).waitFor({ timeout: WAIT_MS });
    await task.getByRole('link', { name: 'Wondzorg mevrouw Smit' }).click();
    await page.getByRole('dialog', { name: 'Wondzorg mevrouw Smit' }).waitFor({ timeout: WAIT_MS });
    await page.context().close();
  });

  it('says who put someone on a card: "toegewezen door u" to the one who did, their name to the other', async () => {
    const anna = await loggedInPage(browser, app, 'anna@kring.test');
    // The Cliëntenplein: Anna writes its boards, Daan (a client) reads them.
    const path = await createBoard(anna, 'Wie doet wat', 'clientenplein');
    await addCard(anna, 'Te doen', 'Koffiemachine laten repareren');
    await card(anna, 'Koffiemachine laten repareren').locator('[data-part="open"]').click();
    const dialog = anna.getByRole('dialog', { name: 'Koffiemachine laten repareren' });
    await dialog.getByLabel('Collega', { exact: true }).selectOption({ label: 'Daan Bakker' });
    await dialog.getByRole('button', { name: 'Toewijzen', exact: true }).click();
    await dialog.getByRole('button', { name: 'Mij toewijzen' }).click();
    /** The chip of the person on the card (its text starts with their name). */
    const chip = (page: Page, name: string) => page.getByRole('dialog').getByRole('listitem').filter({ hasText: new RegExp(`^\\s*${name}`) });
    await chip(anna, 'Daan Bakker').filter({ hasText: 'toegewezen door u' }).waitFor({ timeout: WAIT_MS });
    // Who took it up herself is not "assigned by" anyone.
    await chip(anna, 'Anna de Vries').waitFor({ timeout: WAIT_MS });
    expect(await chip(anna, 'Anna de Vries').locator('[data-assigned-by]').count()).toBe(0);
    await anna.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS });

    const daan = await loggedInPage(browser, app, 'daan@kring.test');
    await daan.goto(path);
    await card(daan, 'Koffiemachine laten repareren').locator('[data-part="open"]').click();
    await chip(daan, 'Daan Bakker').filter({ hasText: 'toegewezen door Anna de Vries' }).waitFor({ timeout: WAIT_MS });
    expect(await chip(daan, 'Anna de Vries').locator('[data-assigned-by]').count()).toBe(0);
    await anna.context().close();
    await daan.context().close();
  });

  it("puts a card handed over to someone else on that person's Mijn taken, on their own device", async () => {
    const anna = await loggedInPage(browser, app, 'anna@kring.test');
    const daan = await loggedInPage(browser, app, 'daan@kring.test');
    // The Cliëntenplein has both an employee and a client; the client may read its boards.
    await createBoard(anna, 'Uitjes', 'clientenplein');
    await addCard(anna, 'Te doen', 'Aanmelden voor de bustocht');
    await card(anna, 'Aanmelden voor de bustocht').locator('[data-part="open"]').click();
    const dialog = anna.getByRole('dialog', { name: 'Aanmelden voor de bustocht' });
    await dialog.getByLabel('Aan wie?').selectOption({ label: 'Daan Bakker' });
    await dialog.getByLabel('Notitie voor uw collega').fill('Graag vóór vrijdag aanmelden bij de balie.');
    await dialog.getByRole('button', { name: 'Overdragen', exact: true }).click();
    await dialog.getByText('Overgedragen aan Daan Bakker.').waitFor({ timeout: WAIT_MS });
    await anna.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS });

    await daan.goto('/tasks');
    const task = daan.getByRole('listitem').filter({ has: daan.getByRole('link', { name: 'Aanmelden voor de bustocht' }) });
    await task.filter({ hasText: 'Van Anna de Vries:' }).filter({ hasText: 'Graag vóór vrijdag aanmelden bij de balie.' }).waitFor({ timeout: WAIT_MS });
    await task.getByRole('link', { name: 'Aanmelden voor de bustocht' }).click();
    const readOnly = daan.getByRole('dialog', { name: 'Aanmelden voor de bustocht' });
    await readOnly.waitFor({ timeout: WAIT_MS });
    // Daan may read the board, not change it.
    expect(await readOnly.getByRole('button', { name: 'Overdragen' }).count()).toBe(0);
    await anna.context().close();
    await daan.context().close();
  });

  it('ends with the same board on two devices that moved the same card while one was offline', async () => {
    const a = await loggedInPage(browser, app, 'anna@kring.test');
    const b = await loggedInPage(browser, app, 'anna@kring.test');
    const path = await createBoard(a, 'Samen schuiven');
    for (const title of ['Boodschappen', 'Medicatie', 'Douchen']) await addCard(a, 'Te doen', title);
    await a.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS });
    await b.goto(path);
    await expect.poll(() => cardsIn(b, 'Te doen'), { timeout: WAIT_MS }).toEqual(['Boodschappen', 'Medicatie', 'Douchen']);
    await b.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS });

    await a.context().setOffline(true);
    await a.locator('[role="status"][data-connection="offline"]').waitFor({ timeout: WAIT_MS });
    // A (offline) moves Medicatie to Klaar and Douchen up; B (online) moves Medicatie to Bezig.
    await card(a, 'Medicatie').getByRole('button', { name: 'Verplaats Medicatie' }).click();
    await a.getByRole('dialog', { name: 'Verplaats kaart' }).getByLabel('Naar kolom').selectOption({ label: 'Klaar' });
    await a.getByRole('dialog', { name: 'Verplaats kaart' }).getByRole('button', { name: 'Verplaatsen' }).click();
    await card(a, 'Douchen').locator('[data-part="open"]').focus();
    await a.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => layout(a), { timeout: WAIT_MS }).toEqual([
      ['Te doen', ['Douchen', 'Boodschappen']],
      ['Bezig', []],
      ['Klaar', ['Medicatie']],
    ]);
    await card(b, 'Medicatie').locator('[data-part="open"]').focus();
    await b.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => cardsIn(b, 'Bezig'), { timeout: WAIT_MS }).toEqual(['Medicatie']);
    await b.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS });
    await a.locator('[role="status"][data-save="local"]').waitFor({ timeout: WAIT_MS });

    await a.context().setOffline(false);
    await a.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS }).catch(async (error: unknown) => {
      const state = await a.locator('[role="status"][data-save]').evaluate((element) => element.outerHTML);
      throw new Error(`A did not save after coming back online: ${state}`, { cause: error });
    });
    await expect.poll(async () => JSON.stringify(await layout(a)) === JSON.stringify(await layout(b)), { timeout: WAIT_MS }).toBe(true);
    const merged = await layout(a);
    expect(merged.flatMap(([, cards]) => cards).sort()).toEqual(['Boodschappen', 'Douchen', 'Medicatie']);
    expect(merged[0]).toEqual(['Te doen', ['Douchen', 'Boodschappen']]);
    await a.context().close();
    await b.context().close();
  });

  it('has no serious or critical axe violations on the boards list, a board, its dialogs and Mijn taken', async () => {
    const page = await loggedInPage(browser, app, 'anna@kring.test');
    const found: Record<string, string[]> = {};
    const path = await createBoard(page, 'Toegankelijk');
    await addCard(page, 'Te doen', 'Koffie zetten');
    await card(page, 'Koffie zetten').locator('[data-part="open"]').click();
    const dialog = page.getByRole('dialog', { name: 'Koffie zetten' });
    await dialog.getByRole('button', { name: 'Mij toewijzen' }).click();
    await dialog.getByLabel('Nieuw label').fill('Team');
    await dialog.getByRole('button', { name: 'Label toevoegen' }).click();
    await dialog.getByRole('button', { name: 'Label Team weghalen' }).waitFor({ timeout: WAIT_MS });
    found['card dialog'] = await seriousViolations(page);
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    await card(page, 'Koffie zetten').getByRole('button', { name: 'Verplaats Koffie zetten' }).click();
    await page.getByRole('dialog', { name: 'Verplaats kaart' }).waitFor({ timeout: WAIT_MS });
    found['move dialog'] = await seriousViolations(page);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT_MS });
    found[path] = await seriousViolations(page);

    await page.goto(`/spaces/${NOORD.id}/boards`);
    await page.getByRole('link', { name: 'Toegankelijk' }).waitFor({ timeout: WAIT_MS });
    found['boards list'] = await seriousViolations(page);

    await page.goto('/tasks');
    await page.getByRole('link', { name: 'Koffie zetten' }).waitFor({ timeout: WAIT_MS });
    found['/tasks'] = await seriousViolations(page);
    expect(found).toEqual({ 'card dialog': [], 'move dialog': [], [path]: [], 'boards list': [], '/tasks': [] });
    await page.context().close();
  });

  it('scrolls no board page sideways on a 360 px phone', async () => {
    const page = await loggedInPage(browser, app, 'anna@kring.test', { viewport: PHONE, isMobile: true, hasTouch: true });
    const found: Record<string, { scrollWidth: number; wide: string[] }> = {};
    const path = await createBoard(page, 'Telefoonbord met een heel lange naam die niet op één regel past');
    await addCard(page, 'Te doen', 'Een kaart met een lange titel: cliënt bellen over de nieuwe afspraak met de huisarts');
    found[path] = await overflow(page);
    await card(page, 'Een kaart met een lange titel').locator('[data-part="open"]').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Mij toewijzen' }).click();
    await dialog.getByRole('button', { name: 'Haal Anna de Vries van de kaart' }).waitFor({ timeout: WAIT_MS });
    found['card dialog'] = await overflow(page);
    await dialog.getByRole('button', { name: 'Sluiten' }).click();
    await page.waitForURL((url) => url.pathname === path, { timeout: WAIT_MS });
    await page.goto(`/spaces/${NOORD.id}/boards`);
    await page.getByRole('button', { name: 'Bord maken' }).waitFor({ timeout: WAIT_MS });
    found['boards list'] = await overflow(page);
    await page.goto('/tasks');
    await page.getByRole('link', { name: /Een kaart met een lange titel/ }).waitFor({ timeout: WAIT_MS });
    found['/tasks'] = await overflow(page);
    for (const [where, { scrollWidth, wide }] of Object.entries(found)) {
      expect(scrollWidth, `${where} is ${scrollWidth} px wide; sticking out: ${wide.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    }
    await page.context().close();
  });
});
