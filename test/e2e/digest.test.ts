/**
 * The e-mail digest in Chromium at 360 px, with a real SMTP server: Daan (a client) names Anna, she chooses "Elke ochtend" on Mijn account,
 * the digest arrives, and its link opens a page (without logging in) where one button stops it; Mijn account then
 * says "Geen e-mail". axe finds nothing serious on either screen and neither scrolls sideways.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPost, docName, feedDocId } from '../../packages/shapes/src/index.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { freePort, login as apiLogin, me } from '../support/server.ts';
import { mailText, startSmtp, type LocalSmtp } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';
import { overflow, PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, newPage, ROOT, useBrowser, useKring, WAIT_MS } from './support.ts';

const PHONE_OPTIONS = { viewport: PHONE, isMobile: true, hasTouch: true };
const PLEIN = { id: 'clientenplein', name: 'Cliëntenplein' };

let smtp: LocalSmtp;
// The mail's links are built from ORIGIN, so it is this server's own address: known before it starts.
const env: Record<string, string> = { DIGEST_HOUR: '0', DIGEST_CHECK_SECONDS: '0.3' };
beforeAll(async () => {
  smtp = await startSmtp();
  const port = await freePort();
  Object.assign(env, { SMTP_URL: smtp.url, PORT: String(port), ORIGIN: `http://127.0.0.1:${port}` });
  return () => smtp.close();
});
const app = useKring({ env });
const browser = useBrowser();

describe('the e-mail digest', () => {
  it('is chosen on Mijn account, arrives, and its link stops it without logging in', async () => {
    // Daan, a client, names Anna in Cliëntenplein before she chooses: her first digest says there is something.
    const daan = await apiLogin(app.url, 'daan@kring.test');
    const anna = await apiLogin(app.url, 'anna@kring.test');
    const daanId = (await me(app.url, daan)).user.id;
    const annaId = (await me(app.url, anna)).user.id;
    const feed = await openSynced(app.url, docName(PLEIN.id, 'feed', feedDocId(new Date())), daan);
    createPost(feed.doc, { authorId: daanId, authorName: 'Daan Bakker', text: '@Anna kunt u morgen de sleutel ophalen?', mentions: [{ userId: annaId, name: 'Anna' }] });
    await waitForSaved(feed);
    feed.destroy();

    const page = await loggedInPage(browser, app, 'anna@kring.test', PHONE_OPTIONS);
    await page.goto('/account');
    const choice = page.getByRole('group', { name: 'Hoe vaak wilt u deze e-mail?' });
    await choice.waitFor({ timeout: WAIT_MS });
    expect(await choice.getByRole('radio', { name: 'Geen e-mail' }).isChecked()).toBe(true);
    await page.getByText('De e-mail gaat naar anna@kring.test.').waitFor({ timeout: WAIT_MS });
    await choice.getByRole('radio', { name: 'Elke ochtend' }).check();
    await page.getByRole('status').filter({ hasText: 'Opgeslagen: u krijgt elke ochtend een e-mail als er iets nieuw is.' }).waitFor({ timeout: WAIT_MS });
    await page.getByRole('heading', { name: 'Overzicht per e-mail' }).scrollIntoViewIfNeeded();
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'digest-settings-360.png'), animations: 'disabled', caret: 'hide' });

    const mail = mailText((await waitFor(() => smtp.mails.find((m) => m.to.includes('anna@kring.test')), "Anna's digest")).raw);
    expect(mail).toContain('1 melding in een ruimte met cliënten');
    expect(mail).not.toMatch(/sleutel|Daan/);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/digest\/unsubscribe#token=[A-Za-z0-9_.-]+)/.exec(mail)![1]!;

    // Opened from a mail program: another browser, nobody logged in.
    const stranger = await newPage(browser, app, PHONE_OPTIONS);
    await stranger.goto(link);
    await stranger.getByRole('heading', { name: 'Afmelden voor de e-mail' }).waitFor({ timeout: WAIT_MS });
    // The token left the address bar once it was read.
    expect(new URL(stranger.url()).hash).toBe('');
    expect(await seriousViolations(stranger)).toEqual([]);
    await stranger.getByRole('button', { name: 'Afmelden' }).click();
    await stranger.getByText('U bent afgemeld. U krijgt deze e-mail niet meer.', { exact: false }).waitFor({ timeout: WAIT_MS });
    expect((await overflow(stranger)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.SCREENSHOTS === '1') await stranger.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'digest-unsubscribed-360.png'), animations: 'disabled', caret: 'hide' });

    await page.reload();
    await page.getByRole('group', { name: 'Hoe vaak wilt u deze e-mail?' }).waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByRole('radio', { name: 'Geen e-mail' }).isChecked(), { timeout: WAIT_MS }).toBe(true);
    await stranger.context().close();
    await page.context().close();
  });
});
