/**
 * The privacy officer's screen in the browser (AVG art. 17): Bram, made privacy officer, finds Daan by name on a
 * phone, erases him after saying yes, and is told what went; Daan's post leaves the feed on Anna's open page
 * without a reload, and Daan's own device is told his session ended. The screen has no serious axe findings and needs no
 * sideways scrolling at 360 px. (What the server keeps and sends is tested over the wire in
 * test/integration/erasure.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { me } from '../support/server.ts';
import { api, apiLogin, overflow, PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, useBrowser, useKring, WAIT_MS, waitForSaveState } from './support.ts';

const PLEIN = 'clientenplein';

const app = useKring();
const browser = useBrowser();

async function openFeed(email: string): Promise<Page> {
  const page = await loggedInPage(browser, app, email);
  await page.goto(`/spaces/${PLEIN}`);
  await page.getByRole('heading', { name: 'Berichten', exact: true }).waitFor({ timeout: WAIT_MS });
  return page;
}

describe('erasing a person on the privacy screen', () => {
  it('takes the person’s post off other people’s screens and signs the person out', async () => {
    const admin = await apiLogin(app.url, 'admin@kring.test');
    const bramId = (await me(app.url, await apiLogin(app.url, 'bram@kring.test'))).user.id;
    expect((await api(app.url, admin, 'PATCH', `/api/admin/people/${bramId}`, { role: 'privacy' })).status).toBe(200);

    const text = `Mijn BSN is 123456782 ${Math.random().toString(36).slice(2, 8)}`;
    const daan = await openFeed('daan@kring.test');
    await daan.getByRole('textbox', { name: 'Schrijf een bericht' }).fill(text);
    await daan.getByRole('button', { name: 'Plaatsen' }).click();
    await waitForSaveState(daan, 'saved');
    const anna = await openFeed('anna@kring.test');
    const annasCopy = anna.getByRole('article').filter({ hasText: text });
    await annasCopy.waitFor({ timeout: WAIT_MS });

    const bram = await loggedInPage(browser, app, 'bram@kring.test', { viewport: PHONE });
    await bram.goto('/privacy');
    await bram.getByRole('heading', { name: 'Iemand wissen' }).waitFor({ timeout: WAIT_MS });
    await bram.getByRole('searchbox', { name: 'Zoek op naam' }).fill('Daan');
    const row = bram.getByRole('listitem').filter({ hasText: 'Daan Bakker' });
    await row.waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(bram)).toEqual([]);
    expect((await overflow(bram)).scrollWidth).toBeLessThanOrEqual(PHONE.width);

    // Cancelling erases nothing.
    await row.getByRole('button', { name: 'Wissen' }).click();
    await bram.getByRole('dialog', { name: 'Daan Bakker wissen?' }).getByRole('button', { name: 'Annuleren' }).click();
    expect(await annasCopy.count()).toBe(1);

    await row.getByRole('button', { name: 'Wissen' }).click();
    await bram.getByRole('dialog', { name: 'Daan Bakker wissen?' }).getByRole('button', { name: 'Ja, wissen' }).click();
    await bram.getByText(/^Gewist: [1-9]\d* berichten/).waitFor({ timeout: WAIT_MS });
    // The list now shows the replaced name, not Daan's.
    await bram.getByRole('searchbox', { name: 'Zoek op naam' }).fill('');
    expect(await bram.getByRole('listitem').filter({ hasText: 'Daan Bakker' }).count()).toBe(0);
    await bram.getByRole('listitem').filter({ hasText: 'Verwijderde persoon' }).first().waitFor({ timeout: WAIT_MS });

    // Anna's open page loses the post without a reload.
    await expect.poll(() => annasCopy.count(), { timeout: WAIT_MS }).toBe(0);
    expect(await anna.locator('body').innerText()).not.toContain('123456782');

    // Daan's session has ended: his device says so at its next contact (his login name is gone, so he cannot
    // log in again).
    await daan.goto(`/spaces/${PLEIN}`);
    await daan.getByRole('alert').filter({ hasText: /sessie is verlopen/ }).waitFor({ timeout: WAIT_MS });
  });

  it('is not there for anyone but the privacy officer', async () => {
    const anna = await loggedInPage(browser, app, 'anna@kring.test');
    await anna.goto('/privacy');
    await anna.getByRole('main').getByRole('alert').waitFor({ timeout: WAIT_MS });
    expect(await anna.getByRole('button', { name: 'Wissen' }).count()).toBe(0);
    expect(await anna.getByRole('link', { name: 'Privacy', exact: true }).count()).toBe(0);
  });
});
