/**
 * The inbox in the browser, on a phone (360 px): Daan mentions Anna in the Cliëntenplein; the bell in Anna's
 * header counts it, her inbox ("Meldingen") shows who and where, and its link opens the post itself. Back in the
 * inbox it is read; with no network the inbox opens from the device. axe finds nothing serious. A new mention
 * reaches her open app at once (the live stream), the bell and the open inbox.
 *
 * `INBOX_SCREENSHOT=1` also writes docs/screenshots/inbox-360.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPost, docName, feedDocId } from '../../packages/shapes/src/index.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { login as apiLogin, me } from '../support/server.ts';
import { overflow, PHONE, seriousViolations } from './community-support.ts';
import { login, newPage, ROOT, useBrowser, useKring, WAIT_MS, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();

describe('the inbox', () => {
  it("shows Anna Daan's mention at 360 px, opens the post from it, and opens offline", async () => {
    const daanCookie = await apiLogin(app.url, 'daan@kring.test');
    const annaId = (await me(app.url, await apiLogin(app.url, 'anna@kring.test'))).user.id;
    const daanId = (await me(app.url, daanCookie)).user.id;
    const feed = await openSynced(app.url, docName('clientenplein', 'feed', feedDocId(new Date())), daanCookie);
    const text = '@Anna de Vries komt u morgen koffie drinken?';
    const postId = createPost(feed.doc, { authorId: daanId, authorName: 'Daan Bakker', text, mentions: [{ userId: annaId, name: 'Anna de Vries' }] });
    await waitForSaved(feed);
    feed.destroy();

    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(page, 'anna@kring.test');
    const bell = page.getByRole('link', { name: 'Meldingen, 1 ongelezen' });
    await bell.waitFor({ timeout: WAIT_MS });
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor({ timeout: WAIT_MS });
    const item = page.locator('[data-inbox] li').first();
    await item.waitFor({ timeout: WAIT_MS });
    expect(await item.innerText()).toMatch(/Daan Bakker noemde u\s+in Cliëntenplein/);
    expect(await item.getAttribute('data-read')).toBe('false');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.INBOX_SCREENSHOT === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'inbox-360.png') });

    // The link opens the space at the post, and the notification is read from then on, on every device.
    await item.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/spaces/clientenplein' && url.hash === `#post-${postId}`, { timeout: WAIT_MS });
    const post = page.locator(`#post-${postId}`);
    await post.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => post.evaluate((element) => element.getBoundingClientRect().top < window.innerHeight), { timeout: WAIT_MS }).toBe(true);
    await expect.poll(() => page.getByRole('link', { name: 'Meldingen', exact: true }).count(), { timeout: WAIT_MS }).toBe(1);

    await page.goto('/notifications');
    await expect.poll(() => page.locator('[data-inbox] li').first().getAttribute('data-read'), { timeout: WAIT_MS }).toBe('true');

    // No network: the inbox comes from the device.
    await waitForOfflineReady(page);
    await page.context().setOffline(true);
    await page.reload();
    await page.locator('[data-inbox-offline]').waitFor({ timeout: WAIT_MS });
    expect(await page.locator('[data-inbox] li').first().innerText()).toContain('Daan Bakker noemde u');
    await page.context().close();
  });

  it("shows a new mention in Anna's open app at once: the bell and the open inbox, without her doing anything", async () => {
    const daanCookie = await apiLogin(app.url, 'daan@kring.test');
    const annaId = (await me(app.url, await apiLogin(app.url, 'anna@kring.test'))).user.id;
    const daanId = (await me(app.url, daanCookie)).user.id;
    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(page, 'anna@kring.test');
    await page.goto('/notifications');
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor({ timeout: WAIT_MS });
    const unreadBefore = Number((await page.locator('[data-inbox-badge]').getAttribute('data-inbox-badge')) ?? 0);

    const feed = await openSynced(app.url, docName('clientenplein', 'feed', feedDocId(new Date())), daanCookie);
    createPost(feed.doc, { authorId: daanId, authorName: 'Daan Bakker', text: '@Anna de Vries de bus rijdt morgen niet', mentions: [{ userId: annaId, name: 'Anna de Vries' }] });
    await waitForSaved(feed);
    feed.destroy();
    // The app looks by itself only every five minutes: within seconds means the server told it.
    await expect.poll(async () => Number(await page.locator('[data-inbox-badge]').getAttribute('data-inbox-badge')), { timeout: WAIT_MS }).toBe(unreadBefore + 1);
    await page.locator('[data-inbox] li', { hasText: 'Daan Bakker noemde u' }).and(page.locator('[data-read="false"]')).first().waitFor({ timeout: WAIT_MS });
    await page.context().close();
  });
});
