/**
 * Photos in posts on a phone (360 px): Anna takes a photo for her team's feed; it is made smaller on the phone,
 * sent, and shown in the post without its GPS position. Offline, the photo waits in the outbox and the post says
 * "Foto nog niet verstuurd" until the network is back; then Daan, in the Cliëntenplein, sees it too.
 * With SCREENSHOTS=1 the first test also writes docs/screenshots/feed-photo-360.png.
 */
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { phonePhoto } from '../support/pictures.ts';
import { PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, NOORD, ROOT, useBrowser, useKring, WAIT_MS, waitForOfflineReady, waitForSaveState } from './support.ts';

const PLEIN = { id: 'clientenplein', name: 'Cliëntenplein' };
const ON_PHONE = { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1, locale: 'nl-NL' };

const app = useKring();
const browser = useBrowser();

function unique(text: string): string {
  return `${text} ${Math.random().toString(36).slice(2, 8)}`;
}

async function openSpace(email: string, spaceId: string): Promise<Page> {
  const page = await loggedInPage(browser, app, email, ON_PHONE);
  await page.goto(`/spaces/${spaceId}`);
  await page.getByRole('heading', { name: 'Berichten', exact: true }).waitFor({ timeout: WAIT_MS });
  return page;
}

const post = (page: Page, text: string): Locator => page.getByRole('article').filter({ hasText: text });

/** Chooses a phone's photo (4000×3000, with GPS in its EXIF) as if the camera had just taken it. */
async function takePhoto(page: Page): Promise<void> {
  const photo = Buffer.from(await phonePhoto(4000, 3000));
  await page.locator('[data-testid="picture-camera"]').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByRole('img', { name: 'Gekozen foto 1' }).waitFor({ timeout: WAIT_MS });
}

/** The bytes of the first picture `page` receives from the server (set up before it asks). */
async function receivedPicture(page: Page): Promise<Buffer> {
  const response = await page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes('/api/files/') && r.status() === 200, { timeout: 4 * WAIT_MS });
  return response.body();
}

/** Waits until the image in `locator` has loaded. */
async function loaded(locator: Locator): Promise<void> {
  await expect.poll(() => locator.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: WAIT_MS }).toBe(true);
}

describe('photos in posts', () => {
  it('carries a photo taken on a phone into a team post, smaller and without its GPS position', async () => {
    const anna = await openSpace('anna@kring.test', NOORD.id);
    const text = process.env.SCREENSHOTS === '1' ? 'De nieuwe tillift staat in de gang. Wie wil hem morgen samen uitproberen?' : unique('De nieuwe tillift staat in de gang.');
    await takePhoto(anna);
    await anna.getByRole('textbox', { name: 'Schrijf een bericht' }).fill(text);
    const fromServer = receivedPicture(anna);
    await anna.getByRole('button', { name: 'Plaatsen' }).click();

    const shown = post(anna, text);
    await shown.waitFor({ timeout: WAIT_MS });
    const img = shown.getByRole('img', { name: 'Foto 1 van 1 bij het bericht van Anna de Vries' });
    await img.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => shown.getByText('Foto nog niet verstuurd').count(), { timeout: WAIT_MS }).toBe(0);
    // What is shown now came from the server.
    const bytes = await fromServer;
    await loaded(img);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
    expect(await exifr.parse(bytes)).toBeUndefined();

    await waitForSaveState(anna, 'saved');
    expect(await anna.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(anna)).toEqual([]);
    if (process.env.SCREENSHOTS === '1') {
      await anna.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await shown.scrollIntoViewIfNeeded();
      await anna.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'feed-photo-360.png'), animations: 'disabled', caret: 'hide' });
    }
    await anna.context().close();
  });

  it('keeps a photo taken offline in the outbox, shown as not yet sent, and sends it when the network is back', async () => {
    const anna = await openSpace('anna@kring.test', PLEIN.id);
    const daan = await openSpace('daan@kring.test', PLEIN.id);
    await waitForSaveState(anna, 'saved');
    await waitForOfflineReady(anna);

    await anna.context().setOffline(true);
    await anna.locator('[role="status"][data-connection="offline"]').waitFor({ timeout: WAIT_MS });
    const text = unique('Foto van de wandeling, zonder bereik.');
    await takePhoto(anna);
    await anna.getByRole('textbox', { name: 'Schrijf een bericht' }).fill(text);
    await anna.getByRole('button', { name: 'Plaatsen' }).click();
    const onAnna = post(anna, text);
    await onAnna.getByText('Foto nog niet verstuurd').waitFor({ timeout: WAIT_MS });
    await onAnna.getByRole('img', { name: /^Foto 1 van 1/ }).waitFor({ timeout: WAIT_MS });

    const toDaan = receivedPicture(daan);
    await anna.context().setOffline(false);
    await expect.poll(() => onAnna.getByText('Foto nog niet verstuurd').count(), { timeout: 4 * WAIT_MS }).toBe(0);
    const onDaan = post(daan, text);
    await onDaan.waitFor({ timeout: WAIT_MS });
    const bytes = await toDaan;
    await loaded(onDaan.getByRole('img', { name: 'Foto 1 van 1 bij het bericht van Anna de Vries' }));
    expect((await sharp(bytes).metadata()).width).toBe(1600);
    await anna.context().close();
    await daan.context().close();
  });
});
