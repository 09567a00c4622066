/**
 * "Waarover wilt u een melding?" on Mijn account in Chromium at 360 px: Anna keeps mentions off her phone, turns
 * replies off altogether (their phone and e-mail boxes then cannot be ticked) and mutes Buurtteam Noord, by touch
 * and by keyboard. Each choice is saved at once and said so; after a reload, and on the server, it is still so.
 * axe finds nothing serious and nothing scrolls sideways. Each person sees a row only for what can reach them:
 * Daan, a client, every kind; a guest, who submits no news, no row for their own news articles.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NotificationSettings } from '../../packages/contract/src/index.ts';
import { api, apiLogin, invitePerson, overflow, PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, login, newPage, NOORD, ROOT, useBrowser, useKring, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();

describe('choosing what to be told about', () => {
  it('saves each choice at once, per kind and channel and per space, and keeps it', async () => {
    const page = await loggedInPage(browser, app, 'anna@kring.test', { viewport: PHONE, isMobile: true, hasTouch: true });
    await page.goto('/account');
    const box = (name: string) => page.getByRole('checkbox', { name, exact: true });
    const status = (text: string) => page.getByRole('status').filter({ hasText: text });
    await box('Iemand noemt u: Op uw toestel').waitFor({ timeout: WAIT_MS });
    expect(await box('Iemand noemt u: Op uw toestel').isChecked()).toBe(true);

    await box('Iemand noemt u: Op uw toestel').uncheck();
    await status('"Iemand noemt u" krijgt u niet meer op uw toestel.').waitFor({ timeout: WAIT_MS });

    // By keyboard: replies off in the app, so off everywhere.
    await box('Reacties op uw berichten: In de app').focus();
    await page.keyboard.press('Space');
    await status('"Reacties op uw berichten" krijgt u niet meer in de app.').waitFor({ timeout: WAIT_MS });
    await expect.poll(() => box('Reacties op uw berichten: Per e-mail').isDisabled(), { timeout: WAIT_MS }).toBe(true);
    expect(await box('Reacties op uw berichten: Op uw toestel').isChecked()).toBe(false);

    await page.getByRole('checkbox', { name: `${NOORD.name} stil zetten` }).check();
    await status(`${NOORD.name} staat nu stil.`).waitFor({ timeout: WAIT_MS });

    await page.getByRole('heading', { name: 'Waarover wilt u een melding?' }).scrollIntoViewIfNeeded();
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'notification-choices-360.png'), animations: 'disabled', caret: 'hide', fullPage: true });

    const stored = await api<NotificationSettings>(app.url, await apiLogin(app.url, 'anna@kring.test'), 'GET', '/api/notifications/settings');
    expect(stored.body.topics.mentions).toEqual({ inbox: true, push: false, email: true });
    expect(stored.body.topics.replies?.inbox).toBe(false);
    expect(stored.body.mutedSpaces).toEqual([NOORD.id]);

    await page.reload();
    await box('Iemand noemt u: Op uw toestel').waitFor({ timeout: WAIT_MS });
    expect(await box('Iemand noemt u: Op uw toestel').isChecked()).toBe(false);
    expect(await box('Iemand noemt u: In de app').isChecked()).toBe(true);
    expect(await box('Reacties op uw berichten: In de app').isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: `${NOORD.name} stil zetten` }).isChecked()).toBe(true);

    // And back: unmuted, said so.
    await page.getByRole('checkbox', { name: `${NOORD.name} stil zetten` }).uncheck();
    await status(`U krijgt weer meldingen uit ${NOORD.name}.`).waitFor({ timeout: WAIT_MS });
    await page.context().close();
  });
  it('shows each person only the kinds that can reach them', async () => {
    /** The rows of the table, by the name of their kind. */
    const rows = async (page: Awaited<ReturnType<typeof newPage>>) => {
      await page.goto('/account');
      const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Soort melding' }) });
      await table.getByRole('rowheader').first().waitFor({ timeout: WAIT_MS });
      return table.getByRole('rowheader').allInnerTexts();
    };
    const all = ['Iemand noemt u', 'Reacties op uw berichten', 'Kaarten voor u', 'Protocollen die u moet lezen', 'Activiteiten waarvoor u bent aangemeld', 'Uw nieuwsberichten', 'Nieuws', 'Chatberichten', 'Antwoorden van de balie'];
    const daan = await loggedInPage(browser, app, 'daan@kring.test', { viewport: PHONE, isMobile: true, hasTouch: true });
    expect(await rows(daan)).toEqual(all);
    await daan.context().close();

    const guest = await invitePerson(app.url, await apiLogin(app.url, 'admin@kring.test'), 'guest', [{ spaceId: NOORD.id, role: 'member' }], 'Gijs Gast');
    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(page, guest.email, 'welkom-123');
    expect(await rows(page)).toEqual(all.filter((kind) => kind !== 'Uw nieuwsberichten'));
    expect(await page.getByRole('checkbox', { name: 'Uw nieuwsberichten: In de app' }).count()).toBe(0);
    await page.context().close();
  });
});
