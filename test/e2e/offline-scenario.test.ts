/**
 * Issue 3's "Done when" as one scenario in Chromium: a care worker opens the app once with a network, then
 * works a whole round with the network off — reads a protocol she never opened, edits it, posts an update in
 * the team feed, ticks a checklist item and hands a card over with a note, with a reload in between — and the
 * app says her work is only on this device. When the network returns, everything ends saved on the server and
 * another device of hers shows all of it.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { editor, login, newPage, NOORD, openSyncState, overallStatus, saveStatus, typeAtEnd, useBrowser, useKring, WAIT_MS, waitForSaveState, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();

/** Demo content of Buurtteam Noord (packages/server/src/demo/wiki.ts and boards.ts) that the scenario uses. */
const WONDZORG = { title: 'Wondzorg', path: `/spaces/${NOORD.id}/pages/wondzorg`, text: 'Zo verzorgen we wonden bij cliënten thuis' };
const BOARD = { title: 'Teamplanning', path: `/spaces/${NOORD.id}/boards/teamplanning` };
const CARD = 'Intakegesprek nieuwe cliënt Dijkstraat 12';
const ITEM = 'Medicatielijst opvragen bij de apotheek';
/** Only anna has an account in Noord; Sanne Bos is a colleague the board already knows from its cards. */
const COLLEAGUE = 'Sanne Bos';

/** How long the background sync must stay quiet before the device counts as up to date. */
const QUIET_MS = 1_000;
/** Coming back online: sockets reconnect and a background round runs, so allow two ordinary waits. */
const BACK_ONLINE_MS = 2 * WAIT_MS;

/**
 * Waits until the header says every document is saved and the background sync has run and is no longer busy.
 * It syncs in rounds with short pauses in between, so "not busy" must hold for a moment to mean "done".
 */
async function waitForBackgroundSync(page: Page): Promise<void> {
  let quietSince: number | null = null;
  await expect
    .poll(
      async () => {
        const status = overallStatus(page);
        const idle =
          (await status.count()) === 1 &&
          (await status.getAttribute('data-unsaved')) === '0' &&
          (await status.getAttribute('data-last-synced')) !== '' &&
          (await status.getAttribute('data-syncing')) === 'false';
        if (!idle) quietSince = null;
        else quietSince ??= Date.now();
        return quietSince !== null && Date.now() - quietSince >= QUIET_MS;
      },
      { timeout: WAIT_MS, interval: 100 },
    )
    .toBe(true)
    .catch(async (error: unknown) => {
      throw new Error(`the background sync did not finish; the header says: ${await overallStatus(page).innerText().catch(() => 'nothing')}`, { cause: error });
    });
}

/** The number of documents the header says have work only on this device. */
async function unsaved(page: Page): Promise<number> {
  return Number(await overallStatus(page).getAttribute('data-unsaved'));
}

/** The space's navigation link (Overzicht, Protocollen, Taken). */
function spaceNav(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: `Onderdelen van ${NOORD.name}` }).getByRole('link', { name, exact: true });
}

/** A card on the open board, by its title. */
function card(page: Page, title: string): Locator {
  return page.locator('[data-card-id]').filter({ has: page.locator('[data-part="open"]', { hasText: new RegExp(`^\\s*${title}`) }) });
}

/** A post in the feed, by its text. */
function post(page: Page, text: string): Locator {
  return page.getByRole('article').filter({ hasText: text });
}

/** Opens a card of the open board and returns its dialog. */
async function openCard(page: Page, title: string): Promise<Locator> {
  await card(page, title).locator('[data-part="open"]').click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.waitFor({ timeout: WAIT_MS });
  return dialog;
}

/** A text no demo content or earlier run contains. */
function unique(text: string): string {
  return `${text} (${Math.random().toString(36).slice(2, 8)})`;
}

describe('a round with the network off', () => {
  it('reads, edits, posts, ticks and hands over offline, and finds it all merged and saved when back online', async () => {
    const edit = unique('Offline toegevoegd: bij meneer De Boer het verband om de dag verschonen.');
    const update = unique('Geen bereik bij Dijkstraat 12, alles staat in Kring. Intake is gedaan.');
    const note = unique('Medicatielijst is binnen en ligt in het dossier. De dochter belt morgen terug.');

    const page = await newPage(browser, app);
    const context = page.context();
    // Online, once: log in and land on the home; the app then brings every space onto the device.
    await login(page, 'anna@kring.test');
    await waitForOfflineReady(page);
    await waitForBackgroundSync(page);

    await context.setOffline(true);
    try {
      // Read a protocol this device never opened, through the app's own links.
      await page.getByRole('link', { name: NOORD.name }).click();
      await page.getByRole('heading', { name: 'Berichten', exact: true }).waitFor({ timeout: WAIT_MS });
      await page.getByRole('link', { name: WONDZORG.title, exact: true }).click();
      await editor(page).filter({ hasText: WONDZORG.text }).waitFor({ timeout: WAIT_MS });
      expect(new URL(page.url()).pathname).toBe(WONDZORG.path);
      await expect.poll(() => page.locator('[role="status"][data-connection="offline"]').count(), { timeout: WAIT_MS }).toBeGreaterThan(0);
      expect(await editor(page).innerText()).toContain('Wanneer bel je de huisarts?');

      // Edit it: on the device only, and the page says so.
      await typeAtEnd(page, edit);
      await editor(page).filter({ hasText: edit }).waitFor({ timeout: WAIT_MS });
      await waitForSaveState(page, 'local');

      // Post an update in the team feed.
      await spaceNav(page, 'Overzicht').click();
      await page.getByRole('textbox', { name: 'Schrijf een bericht' }).fill(update);
      await page.getByRole('button', { name: 'Plaatsen' }).click();
      await post(page, update).waitFor({ timeout: WAIT_MS });
      await waitForSaveState(page, 'local');

      // A reload with no network: the app comes from the service worker, the work so far from the device.
      await page.reload();
      await post(page, update).waitFor({ timeout: WAIT_MS });
      expect(await saveStatus(page).getAttribute('data-save')).toBe('local');
      await page.getByRole('link', { name: WONDZORG.title, exact: true }).click();
      await editor(page).filter({ hasText: edit }).waitFor({ timeout: WAIT_MS });
      await expect.poll(() => unsaved(page), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(2);

      // Tick a checklist item on the team board and hand the card over with a note.
      await spaceNav(page, 'Taken').click();
      await page.getByRole('link', { name: BOARD.title }).click();
      await page.getByRole('heading', { level: 1, name: BOARD.title }).waitFor({ timeout: WAIT_MS });
      const dialog = await openCard(page, CARD);
      const item = dialog.getByRole('checkbox', { name: ITEM });
      expect(await item.isChecked()).toBe(false);
      await item.check();
      await expect.poll(() => item.isChecked(), { timeout: WAIT_MS }).toBe(true);
      await dialog.getByLabel('Aan wie?').selectOption({ label: COLLEAGUE });
      await dialog.getByLabel('Notitie voor uw collega').fill(note);
      await dialog.getByRole('button', { name: 'Overdragen', exact: true }).click();
      await dialog.getByText(`Overgedragen aan ${COLLEAGUE}.`).waitFor({ timeout: WAIT_MS });
      await dialog.getByRole('region', { name: 'Geschiedenis' }).getByText(note).waitFor({ timeout: WAIT_MS });
      await dialog.getByRole('button', { name: 'Sluiten' }).click();
      await card(page, CARD).filter({ hasText: `Voor ${COLLEAGUE}` }).filter({ hasText: '1 van 3 klaar' }).waitFor({ timeout: WAIT_MS });
      await waitForSaveState(page, 'local');

      // The header: the protocol, the feed and the board hold work that is only on this device.
      await expect.poll(() => unsaved(page), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(3);
      expect(await overallStatus(page).innerText()).toMatch(/Geen verbinding\. Op \d+ plekken staat werk alleen op dit apparaat/);
      // The sync state's panel says where that work is, with links to it, and what to do.
      const panel = await openSyncState(page);
      await panel.getByRole('link', { name: `Een protocol in ${NOORD.name}` }).waitFor({ timeout: WAIT_MS });
      await panel.getByRole('link', { name: `Berichten in ${NOORD.name}` }).waitFor({ timeout: WAIT_MS });
      expect(await panel.getByRole('link', { name: `Een takenbord in ${NOORD.name}` }).getAttribute('href')).toMatch(new RegExp(`/spaces/${NOORD.id}/boards/`));
      expect(await panel.innerText()).toContain('Zorg dat dit apparaat internet heeft');
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden', timeout: WAIT_MS });
    } finally {
      await context.setOffline(false);
    }

    // Back online: everything ends saved on the server.
    await waitForSaveState(page, 'saved', BACK_ONLINE_MS);
    await expect.poll(() => overallStatus(page).getAttribute('data-unsaved'), { timeout: BACK_ONLINE_MS }).toBe('0');
    expect(await overallStatus(page).innerText()).toContain('Al uw werk is opgeslagen in Kring');

    // Another device of anna's, fresh, gets all of it from the server.
    const other = await newPage(browser, app);
    await login(other, 'anna@kring.test');
    await other.goto(WONDZORG.path);
    await editor(other).filter({ hasText: WONDZORG.text }).filter({ hasText: edit }).waitFor({ timeout: WAIT_MS });
    await other.goto(`/spaces/${NOORD.id}`);
    await post(other, update).waitFor({ timeout: WAIT_MS });
    await other.goto(BOARD.path);
    const seen = await openCard(other, CARD);
    await expect.poll(() => seen.getByRole('checkbox', { name: ITEM }).isChecked(), { timeout: WAIT_MS }).toBe(true);
    const history = seen.getByRole('region', { name: 'Geschiedenis' });
    await history.getByText(`Anna de Vries droeg de kaart over aan ${COLLEAGUE}`).waitFor({ timeout: WAIT_MS });
    await history.getByText(note).waitFor({ timeout: WAIT_MS });
    await context.close();
    await other.context().close();
  });
});
