/**
 * "Vandaag", the home screen, on a phone (360 px): Bram hands Anna a card due today (and a card due tomorrow is
 * hers too), Daan mentions her; Anna logs in and sees the handed card with Bram's note and the mention, not
 * tomorrow's card, each linking to its exact place; with the network off the home opens from the device. When Bram
 * posts in Buurtteam Noord, her next visit marks the space as new. Daan, a client, sees today's activity, the
 * news and his spaces, and no tasks. axe (WCAG 2.2 AA) finds nothing on either.
 *
 * `HOME_SCREENSHOT=1` also writes docs/screenshots/home-360.png and home-client-360.png.
 */
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard, createPost, docName, feedDocId, handOverCard, listColumns } from '../../packages/shapes/src/index.ts';
import { openSynced, waitForSaved } from '../support/providers.ts';
import { me } from '../support/server.ts';
import { api, apiLogin, overflow, PHONE, planActivity } from './community-support.ts';
import { login, newPage, ROOT, useBrowser, useKring, WAIT_MS, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();
const PHONE_OPTIONS = { viewport: PHONE, isMobile: true, hasTouch: true };

/** Today in Amsterdam, as a date field stores it. */
function amsterdamDay(offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

async function axeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

const block = (page: Page, name: string) => page.locator(`[data-home="${name}"]`);

describe('the home screen "Vandaag"', () => {
  it('shows Anna the card handed to her for today and the mention, each linking to its place, also offline', async () => {
    const [annaCookie, bramCookie, daanCookie, adminCookie] = await Promise.all(['anna', 'bram', 'daan', 'admin'].map((name) => apiLogin(app.url, `${name}@kring.test`)));
    const [anna, bram, daan] = await Promise.all([annaCookie, bramCookie, daanCookie].map(async (cookie) => (await me(app.url, cookie!)).user));
    // Bram joins Buurtteam Noord for the day and hands Anna a card.
    expect((await api(app.url, adminCookie!, 'PUT', `/api/admin/spaces/noord/members/${bram!.id}`, { role: 'member' })).status).toBe(200);
    const board = await openSynced(app.url, docName('noord', 'board', 'teamplanning'), bramCookie!);
    const column = listColumns(board.doc).find((c) => !c.done)!.id;
    const handed = addCard(board.doc, column, { title: 'Insuline bij mevrouw Jansen', due: amsterdamDay(), assignees: [{ id: bram!.id, name: bram!.name }], assignedBy: bram!.id });
    addCard(board.doc, column, { title: 'Rolstoel ophalen', due: amsterdamDay(1), assignees: [{ id: anna!.id, name: anna!.name }], assignedBy: bram!.id });
    await waitForSaved(board);
    handOverCard(board.doc, handed, { from: { id: bram!.id, name: bram!.name }, to: { id: anna!.id, name: anna!.name }, note: 'Zij wil om acht uur.' });
    await waitForSaved(board);
    board.destroy();
    const feed = await openSynced(app.url, docName('clientenplein', 'feed', feedDocId(new Date())), daanCookie!);
    const postId = createPost(feed.doc, { authorId: daan!.id, authorName: daan!.name, text: '@Anna de Vries komt u vanmiddag?', mentions: [{ userId: anna!.id, name: anna!.name }] });
    await waitForSaved(feed);
    feed.destroy();

    const page = await newPage(browser, app, PHONE_OPTIONS);
    await login(page, 'anna@kring.test');
    await page.getByRole('heading', { level: 1, name: 'Vandaag' }).waitFor({ timeout: WAIT_MS });
    const card = block(page, 'tasks').getByRole('link', { name: 'Insuline bij mevrouw Jansen' });
    await card.waitFor({ timeout: WAIT_MS });
    expect(await card.getAttribute('href')).toBe(`/spaces/noord/boards/teamplanning/${handed}`);
    expect(await block(page, 'tasks').locator('li', { hasText: 'Insuline bij mevrouw Jansen' }).innerText()).toMatch(/Van Bram Jansen:\s+Zij wil om acht uur\./);
    // Tomorrow's card is hers, but not today's work.
    expect(await block(page, 'tasks').getByText('Rolstoel ophalen').count()).toBe(0);
    const mention = block(page, 'mentions').getByRole('link', { name: 'Daan Bakker noemde u' });
    await mention.waitFor({ timeout: WAIT_MS });
    expect(await mention.getAttribute('href')).toBe(`/spaces/clientenplein#post-${postId}`);
    // Every block has its own heading, and the list of spaces is still here.
    expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(expect.arrayContaining(['Taken', 'Iemand noemde u', 'Nieuws', 'Mijn ruimtes']));
    expect(await page.locator('[data-spaces] li a').allInnerTexts()).toContain('Buurtteam Noord');
    expect(await axeFindings(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.HOME_SCREENSHOT === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'home-360.png') });

    // No network: the same day, from the device.
    await waitForOfflineReady(page);
    await page.context().setOffline(true);
    await page.reload();
    await page.locator('[data-home-offline]').waitFor({ timeout: WAIT_MS });
    await block(page, 'tasks').getByRole('link', { name: 'Insuline bij mevrouw Jansen' }).waitFor({ timeout: WAIT_MS });
    await block(page, 'mentions').getByRole('link', { name: 'Daan Bakker noemde u' }).waitFor({ timeout: WAIT_MS });

    // Bram posts in Noord meanwhile: back online, her next visit shows Noord has something new, Cliëntenplein not.
    await page.context().setOffline(false);
    const noordFeed = await openSynced(app.url, docName('noord', 'feed', feedDocId(new Date())), bramCookie!);
    createPost(noordFeed.doc, { authorId: bram!.id, authorName: bram!.name, text: 'Ik ben er vandaag bij in Noord.' });
    await waitForSaved(noordFeed);
    noordFeed.destroy();
    await page.reload();
    const noord = page.locator('[data-spaces] li', { has: page.getByRole('link', { name: 'Buurtteam Noord' }) });
    await noord.locator('[data-new]').waitFor({ timeout: WAIT_MS });
    expect(await noord.innerText()).toMatch(/Nieuw: \d/);
    expect(await page.locator('[data-spaces] li', { has: page.getByRole('link', { name: 'Cliëntenplein' }) }).locator('[data-new]').count()).toBe(0);
    await page.context().close();
  });

  it('shows Daan, a client, his activity of today, the news and his spaces, and no tasks', async () => {
    const annaCookie = await apiLogin(app.url, 'anna@kring.test');
    // Later today (in Amsterdam); planned at the end of the evening it is tomorrow's, and shows as coming.
    const activity = await planActivity(app.url, annaCookie, 'Bingo in de huiskamer', 10, 0.25);
    const page = await newPage(browser, app, PHONE_OPTIONS);
    await login(page, 'daan@kring.test');
    await page.getByRole('heading', { level: 1, name: 'Vandaag' }).waitFor({ timeout: WAIT_MS });
    const bingo = block(page, 'activities').getByRole('link', { name: 'Bingo in de huiskamer' });
    await bingo.waitFor({ timeout: WAIT_MS });
    expect(await bingo.getAttribute('href')).toBe(`/spaces/clientenplein/activities/${activity.id}`);
    await block(page, 'news').getByRole('link', { name: 'Welkom op Kring' }).waitFor({ timeout: WAIT_MS });
    expect(await block(page, 'tasks').count()).toBe(0);
    expect(await page.locator('[data-spaces] li a').allInnerTexts()).toEqual(['Cliëntenplein', 'Nieuws']);
    expect(await axeFindings(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.HOME_SCREENSHOT === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'home-client-360.png') });
    await page.context().close();
  });
});
