/**
 * Invariant 3 in the browser: a person sees only the spaces they belong to, and a direct link to someone
 * else's team page shows "not found / no access", never the page's content. Clients never see team spaces.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newPage, NOORD, useBrowser, useKring, VALPREVENTIE, VALPREVENTIE_PATH, WAIT_MS, ZUID } from './support.ts';

const app = useKring();
const browser = useBrowser();

/** The names of the spaces listed under "Mijn ruimtes". */
async function listedSpaces(page: Page): Promise<string[]> {
  return page.locator('main [data-spaces] li a').allInnerTexts();
}

/**
 * A page that remembers whether `text` was ever in its document, from the first byte of every navigation on,
 * and every sync socket it opened.
 */
async function watchedPage(text: string): Promise<{ page: Page; everShown: () => Promise<boolean>; sockets: string[] }> {
  const page = await newPage(browser, app);
  await page.context().addInitScript((watched: string) => {
    const check = () => {
      if (document.documentElement?.textContent?.includes(watched)) sessionStorage.setItem('kring-test-shown', 'yes');
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  }, text);
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  return { page, sockets, everShown: async () => (await page.evaluate(() => sessionStorage.getItem('kring-test-shown'))) === 'yes' };
}

describe('privacy', () => {
  it('does not list Buurtteam Noord among bram’s spaces', async () => {
    const page = await newPage(browser, app);
    await login(page, 'bram@kring.test');
    await page.getByRole('link', { name: ZUID.name }).waitFor({ timeout: WAIT_MS });
    expect(await listedSpaces(page)).not.toContain(NOORD.name);
    expect(await page.getByText(NOORD.name).count()).toBe(0);
  });

  it('answers bram’s direct link to a Noord page with "not found" and never shows the protocol', async () => {
    const { page, everShown, sockets } = await watchedPage(VALPREVENTIE.text);
    await login(page, 'bram@kring.test');
    await page.goto(VALPREVENTIE_PATH);
    await page.getByRole('heading', { name: 'Niet gevonden' }).waitFor({ timeout: WAIT_MS });
    await page.getByText('Deze pagina bestaat niet of u hebt er geen toegang toe.').waitFor({ timeout: WAIT_MS });
    expect(await page.locator('body').innerText()).not.toContain(VALPREVENTIE.text);
    expect(await page.getByRole('textbox', { name: 'Inhoud van de pagina' }).count()).toBe(0);
    expect(await everShown()).toBe(false);
    // The device did not even ask for the document.
    expect(sockets.filter((url) => url.includes(`/sync/${NOORD.id}`))).toEqual([]);

    await page.goto(`/spaces/${NOORD.id}`);
    await page.getByRole('heading', { name: 'Niet gevonden' }).waitFor({ timeout: WAIT_MS });
    expect(await page.locator('body').innerText()).not.toContain(VALPREVENTIE.title);
  });

  it('shows daan, a client, no team space', async () => {
    const page = await newPage(browser, app);
    await login(page, 'daan@kring.test');
    await page.getByRole('link', { name: 'Cliëntenplein' }).waitFor({ timeout: WAIT_MS });
    const spaces = await listedSpaces(page);
    expect(spaces).not.toContain(NOORD.name);
    expect(spaces).not.toContain(ZUID.name);
    // No space in the list is labelled as a team.
    expect(await page.locator('main ul li').filter({ hasText: /\bTeam\b/ }).count()).toBe(0);
  });
});
