/**
 * A change the server refuses disappears from the writer's screen with a plain message (docs/privacy.md, "Who
 * said it"): Daan, a client, starts a poll in the Cliëntenplein just after an administrator switched polls off
 * there (his screen still offered it). The server refuses it; his device drops its copy of the feed, shows the
 * server's, and tells him why in "u" wording, with the question he typed to copy.
 */
import { describe, expect, it } from 'vitest';
import { login as apiLogin } from '../support/server.ts';
import { loggedInPage, useBrowser, useKring, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();

describe('a refused change', () => {
  it('disappears from the screen with a message that keeps what was typed', async () => {
    const page = await loggedInPage(browser, app, 'daan@kring.test');
    await page.goto('/spaces/clientenplein');
    await page.getByRole('heading', { name: 'Berichten', exact: true }).waitFor({ timeout: WAIT_MS });
    await page.getByRole('button', { name: 'Peiling toevoegen' }).waitFor({ timeout: WAIT_MS });

    const admin = await apiLogin(app.url, 'admin@kring.test');
    const switched = await fetch(`${app.url}/api/spaces/clientenplein/features`, {
      method: 'PUT',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ features: { polls: false } }),
    });
    expect(switched.status).toBe(200);

    const question = `Gaan we donderdag bowlen? ${Math.random().toString(36).slice(2, 8)}`;
    await page.getByRole('button', { name: 'Peiling toevoegen' }).click();
    await page.getByRole('textbox', { name: 'Keuze 1' }).fill('Ja');
    await page.getByRole('textbox', { name: 'Keuze 2' }).fill('Nee');
    await page.getByRole('textbox', { name: /vraag/ }).fill(question);
    await page.getByRole('button', { name: 'Plaatsen' }).click();

    const notice = page.getByRole('alert').getByRole('region', { name: 'Uw wijziging is niet bewaard' });
    await notice.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => notice.innerText(), { timeout: WAIT_MS }).toContain('dit staat uit in deze ruimte');
    // What he typed is there to copy.
    expect(await notice.getByRole('textbox').first().inputValue()).toBe(question);
    // The poll is gone from the feed: the device shows what the server holds.
    await expect.poll(() => page.getByRole('article').filter({ hasText: question }).count(), { timeout: WAIT_MS }).toBe(0);
    // Not read yet when the page reloads: the notice is back, with the question to copy.
    await page.reload();
    await notice.waitFor({ timeout: WAIT_MS });
    expect(await notice.getByRole('textbox').first().inputValue()).toBe(question);
    // And the poll stays gone after a reload (the device's copy was dropped, not just hidden); read, the notice goes for good.
    await notice.getByRole('button', { name: 'Oké' }).click();
    await expect.poll(() => notice.count(), { timeout: WAIT_MS }).toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: 'Berichten', exact: true }).waitFor({ timeout: WAIT_MS });
    await page.getByRole('article').first().waitFor({ timeout: WAIT_MS });
    expect(await page.getByRole('article').filter({ hasText: question }).count()).toBe(0);
    expect(await notice.count()).toBe(0);
  });
});
