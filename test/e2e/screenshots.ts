/**
 * Takes the screenshots in docs/screenshots/: the first screen of the login page, my spaces, a team space, a
 * protocol page, a board, my tasks and the sync state's panel as anna, and the client space as daan, on a phone
 * (360×740) and on a laptop (1280×800). Not a test; run it after `pnpm run build`:
 *
 *     node test/e2e/screenshots.ts
 *
 * `SHOTS=people,profile` takes only the named pictures (the screens are still walked through).
 */
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { clickLogout, launchBrowser, login, newPage, NOORD, openPage, openSyncState, overallStatus, ROOT, startKring, VALPREVENTIE, waitForSaveState, WAIT_MS } from './support.ts';

const OUT = join(ROOT, 'docs', 'screenshots');
const SIZES = [
  { label: '360', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  { label: '1280', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
];

/**
 * Waits until the header has said "everything saved" for a whole second. Each background round briefly counts
 * the documents it is checking as "only on this device" (until the server confirms them), and the pictures
 * should show the steady state.
 */
async function headerSettled(page: Page): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let zeroSince: number | null = null;
  while (Date.now() < deadline) {
    const zero = (await overallStatus(page).getAttribute('data-unsaved')) === '0';
    zeroSince = zero ? (zeroSince ?? Date.now()) : null;
    if (zeroSince !== null && Date.now() - zeroSince >= 1_000) return;
    await page.waitForTimeout(100);
  }
  throw new Error('the header kept counting unsaved documents');
}

const ONLY = process.env.SHOTS ? new Set(process.env.SHOTS.split(',')) : null;

/** @param settled wait for the header to say everything is saved (not for a picture of unsent work) */
async function shoot(page: Page, name: string, size: string, keepFocus = false, settled = true): Promise<void> {
  if (ONLY && !ONLY.has(name)) return;
  if (settled && (await overallStatus(page).count()) > 0) await headerSettled(page);
  // No focus ring or caret in the pictures (an open panel keeps its focus: blurring would not close it).
  if (!keepFocus) await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const path = join(OUT, `${name}-${size}.png`);
  // The first screen, as a person sees it when the page opens.
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  console.log(`  ${relative(ROOT, path)}`);
}

/**
 * A conversation of Anna and Bram on a phone: a question, his answer to it naming her, and her last message written
 * with no network, still marked as not sent.
 */
async function shootChat(page: Page, label: string): Promise<void> {
  if (ONLY && !ONLY.has('chat')) return;
  const bram = await newPage(browser, app, { viewport: { width: 360, height: 740 }, locale: 'nl-NL' });
  await login(bram, 'bram@kring.test');
  const bramId = ((await (await bram.request.get('/api/me')).json()) as { user: { id: string } }).user.id;
  const answer = await page.request.post('/api/conversations/direct', { data: { personId: bramId } });
  const { id } = ((await answer.json()) as { conversation: { id: string } }).conversation;
  const say = async (who: Page, text: string) => {
    await who.getByLabel('Uw bericht').fill(text);
    await who.getByRole('button', { name: 'Versturen' }).click();
    await who.locator('li[data-message]', { hasText: text }).waitFor({ timeout: WAIT_MS });
  };
  await page.goto(`/chat/${id}`);
  await bram.goto(`/chat/${id}`);
  await say(page, 'Kun jij morgen om 10 uur bij mevrouw Smit langs? Ik heb dienst in Zuid.');
  await bram.locator('li[data-message]').first().waitFor({ timeout: WAIT_MS });
  await bram.getByRole('button', { name: 'Reageren op het bericht van Anna de Vries' }).click();
  await bram.getByRole('button', { name: 'duim omhoog' }).click();
  await bram.getByRole('button', { name: 'Antwoorden op Anna de Vries' }).click();
  await say(bram, '@Anna de Vries ja, dat lukt. Ligt de sleutel in het kastje?');
  await page.locator('li[data-message]', { hasText: 'dat lukt' }).waitFor({ timeout: WAIT_MS });
  await page.context().setOffline(true);
  await say(page, 'Ja, code 4321. Dank je!');
  await page.locator('li[data-message]', { hasText: 'code 4321' }).getByText('Nog niet verstuurd').waitFor({ timeout: WAIT_MS });
  await shoot(page, 'chat', label, false, false);
  await page.context().setOffline(false);
  await page.locator('li[data-message]', { hasText: 'code 4321' }).getByText('Nog niet verstuurd').waitFor({ state: 'detached', timeout: WAIT_MS });
  await bram.context().close();
}

await mkdir(OUT, { recursive: true });
const app = await startKring();
let browser: Browser;
try {
  browser = await launchBrowser();
  try {
    for (const { label, ...options } of SIZES) {
      const page = await newPage(browser, app, { ...options, deviceScaleFactor: 1, locale: 'nl-NL' });
      await page.goto('/login');
      await page.getByRole('button', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
      await shoot(page, 'login', label);

      await login(page, 'anna@kring.test');
      await shoot(page, 'my-spaces', label);

      await page.goto(`/spaces/${NOORD.id}`);
      await page.getByRole('link', { name: VALPREVENTIE.title }).waitFor({ timeout: WAIT_MS });
      await waitForSaveState(page, 'saved');
      await shoot(page, 'space', label);

      await openPage(page);
      await waitForSaveState(page, 'saved');
      await shoot(page, 'page', label);

      await page.goto(`/spaces/${NOORD.id}/boards/teamplanning`);
      await page.getByRole('heading', { name: 'Teamplanning' }).waitFor({ timeout: WAIT_MS });
      await waitForSaveState(page, 'saved');
      await shoot(page, 'board', label);

      await page.goto('/tasks');
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: WAIT_MS });
      await shoot(page, 'my-tasks', label);

      await page.goto('/people');
      await page.locator('[data-people] li').first().waitFor({ timeout: WAIT_MS });
      await page.getByRole('searchbox', { name: 'Zoeken' }).fill('wond noord');
      await page.locator('[data-people] li').filter({ hasText: 'Anna de Vries' }).waitFor({ timeout: WAIT_MS });
      await shoot(page, 'people', label);
      await page.getByRole('link', { name: /Anna de Vries/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Anna de Vries' }).waitFor({ timeout: WAIT_MS });
      await shoot(page, 'profile', label);

      if (label === '360') await shootChat(page, label);

      await page.goto(`/spaces/${NOORD.id}`);
      await waitForSaveState(page, 'saved');
      await headerSettled(page);
      await openSyncState(page);
      await shoot(page, 'sync-state', label, true);
      await page.keyboard.press('Escape');

      await clickLogout(page);
      await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
      await login(page, 'daan@kring.test');
      await page.goto('/spaces/clientenplein');
      await page.getByRole('heading', { level: 1, name: 'Cliëntenplein' }).waitFor({ timeout: WAIT_MS });
      await waitForSaveState(page, 'saved');
      await shoot(page, 'client-space', label);
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
} catch (error) {
  console.error(error);
  console.error(`Kring's stderr:\n${app.stderr()}`);
  process.exitCode = 1;
} finally {
  await app.stop();
}
