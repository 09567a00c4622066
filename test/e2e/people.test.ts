/**
 * The smoelenboek in the browser: a colleague of another team finds who does wound care in Noord on a phone,
 * sees her initials and phone number, sends her a message from her profile, and finds her again with no network; a client finds the people of their
 * client space and nobody else; a person edits their own profile and puts her face in it, which colleagues then see,
 * also offline. axe finds nothing serious on any of it. With SCREENSHOTS=1 the photo test also writes
 * docs/screenshots/people-photo-360.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { facePhoto } from '../support/pictures.ts';
import { overflow, PHONE, seriousViolations } from './community-support.ts';
import { login, newPage, ROOT, useBrowser, useKring, WAIT_MS, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();
const PHONE_OPTIONS = { viewport: PHONE, isMobile: true, hasTouch: true };

describe('the smoelenboek', () => {
  it('lets a colleague at another location find who does wound care in Noord at 360 px, with her phone, also offline', async () => {
    const page = await newPage(browser, app, PHONE_OPTIONS);
    await login(page, 'bram@kring.test');
    await page.getByRole('navigation', { name: /.+/ }).getByRole('link', { name: 'Mensen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Smoelenboek' }).waitFor({ timeout: WAIT_MS });
    const list = page.locator('[data-people] li');
    await list.first().waitFor({ timeout: WAIT_MS });

    await page.getByRole('searchbox', { name: 'Zoeken' }).fill('wond noord');
    await expect.poll(() => list.count(), { timeout: WAIT_MS }).toBe(1);
    expect(await list.first().innerText()).toContain('Anna de Vries');
    expect(await page.getByRole('status').filter({ hasText: '1 persoon' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);

    await page.getByRole('link', { name: /Anna de Vries/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Anna de Vries' }).waitFor({ timeout: WAIT_MS });
    const profile = page.locator('[data-profile]');
    expect(await profile.innerText()).toContain('wondverzorging');
    expect(await profile.locator('.avatar').innerText()).toBe('AV');
    expect(await page.getByRole('link', { name: /^Bellen.*Anna de Vries/ }).getAttribute('href')).toBe('tel:0612345678');
    expect(await page.getByRole('link', { name: /^Mailen.*Anna de Vries/ }).getAttribute('href')).toBe('mailto:anna@kring.test');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);

    // "Bericht" opens their one-to-one, made the first time.
    await page.getByRole('button', { name: /^Bericht.*Anna de Vries/ }).click();
    await page.waitForURL(/\/chat\/[^/]+$/, { timeout: WAIT_MS });
    await page.getByLabel('Uw bericht').waitFor({ timeout: WAIT_MS });
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Anna de Vries' }).waitFor({ timeout: WAIT_MS });

    // No network: the directory's first screen and her profile come from the device.
    await waitForOfflineReady(page);
    await page.context().setOffline(true);
    await page.goto('/people').catch(() => undefined);
    await page.reload();
    await page.locator('[data-people-offline]').waitFor({ timeout: WAIT_MS });
    await page.getByRole('searchbox', { name: 'Zoeken' }).fill('wondverzorging');
    await expect.poll(() => list.count(), { timeout: WAIT_MS }).toBe(1);
    await page.getByRole('link', { name: /Anna de Vries/ }).click();
    expect(await page.getByRole('link', { name: /^Bellen.*Anna de Vries/ }).getAttribute('href')).toBe('tel:0612345678');
    // A new conversation needs the server: said so, in words.
    await page.getByRole('button', { name: /^Bericht.*Anna de Vries/ }).click();
    await page.getByRole('alert').filter({ hasText: 'Hiervoor is internet nodig' }).waitFor({ timeout: WAIT_MS });
    await page.context().close();
  });

  it('shows a client the people of their client space and nobody else, on a desktop', async () => {
    const page = await newPage(browser, app, { viewport: { width: 1280, height: 800 } });
    await login(page, 'daan@kring.test');
    await page.goto('/people');
    const list = page.locator('[data-people] li');
    await expect.poll(() => list.count(), { timeout: WAIT_MS }).toBe(2);
    const names = await list.allInnerTexts();
    expect(names.some((text) => text.includes('Anna de Vries'))).toBe(true);
    expect(names.some((text) => text.includes('Daan Bakker'))).toBe(true);
    expect(names.join('\n')).not.toMatch(/Bram|Eva|Beheerder/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('lets a person change their own profile, and colleagues see it', async () => {
    const page = await newPage(browser, app, { viewport: { width: 1280, height: 800 } });
    await login(page, 'eva@kring.test');
    await page.goto('/people');
    await page.getByRole('link', { name: /Eva Visser/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Mijn profiel aanpassen' }).waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Vakgebied').fill('nieuwsbrief, teksten, fotografie');
    await page.getByRole('checkbox', { name: 'vrijdag' }).check();
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.getByText('Uw profiel is opgeslagen.').waitFor({ timeout: WAIT_MS });
    await page.locator('[data-profile] .tags').filter({ hasText: 'fotografie' }).waitFor({ timeout: WAIT_MS });

    const colleague = await newPage(browser, app, PHONE_OPTIONS);
    await login(colleague, 'anna@kring.test');
    await colleague.goto('/people');
    await colleague.getByRole('searchbox', { name: 'Zoeken' }).fill('fotografie');
    await colleague.locator('[data-people] li').filter({ hasText: 'Eva Visser' }).waitFor({ timeout: WAIT_MS });
    await page.context().close();
    await colleague.context().close();
  });

  it('lets a care worker put her face in the smoelenboek from her phone, and a colleague sees it, also offline', async () => {
    const page = await newPage(browser, app, PHONE_OPTIONS);
    await login(page, 'bram@kring.test');
    await page.goto('/people');
    await page.getByRole('link', { name: /Bram Jansen/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Foto' }).waitFor({ timeout: WAIT_MS });
    expect(await page.locator('[data-profile] header .avatar').innerText()).toBe('BJ');
    await page.getByTestId('photo-file').setInputFiles({ name: 'ik.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await facePhoto()) });
    await page.getByText('Uw foto is opgeslagen.').waitFor({ timeout: WAIT_MS });
    const own = page.locator('[data-profile] header img.avatar');
    await own.waitFor({ timeout: WAIT_MS });
    expect(await own.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(512);
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);

    const colleague = await newPage(browser, app, PHONE_OPTIONS);
    await login(colleague, 'anna@kring.test');
    await colleague.goto('/people');
    await colleague.getByRole('searchbox', { name: 'Zoeken' }).fill('bram');
    const row = colleague.locator('[data-people] li').filter({ hasText: 'Bram Jansen' });
    await row.locator('img.avatar').waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(colleague)).toEqual([]);
    if (process.env.SCREENSHOTS === '1') {
      await colleague.getByRole('searchbox', { name: 'Zoeken' }).fill('');
      await colleague.getByRole('searchbox', { name: 'Zoeken' }).blur();
      await colleague.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'people-photo-360.png'), animations: 'disabled', caret: 'hide' });
      await colleague.getByRole('searchbox', { name: 'Zoeken' }).fill('bram');
    }

    // No network: the face comes from the copy kept on the device.
    await waitForOfflineReady(colleague);
    await colleague.context().setOffline(true);
    await colleague.reload();
    await colleague.locator('[data-people-offline]').waitFor({ timeout: WAIT_MS });
    await colleague.getByRole('searchbox', { name: 'Zoeken' }).fill('bram');
    const offline = colleague.locator('[data-people] li').filter({ hasText: 'Bram Jansen' }).locator('img.avatar');
    await offline.waitFor({ timeout: WAIT_MS });
    expect(await offline.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(512);

    // Taken away: initials again for the colleague once online.
    await page.getByRole('button', { name: 'Foto weghalen' }).click();
    await page.getByText('Uw foto is weggehaald.').waitFor({ timeout: WAIT_MS });
    // The profile is drawn again once the smoelenboek has been fetched anew.
    await expect.poll(() => page.locator('[data-profile] header .avatar').innerText(), { timeout: WAIT_MS }).toBe('BJ');
    await colleague.context().setOffline(false);
    await colleague.reload();
    await colleague.getByRole('searchbox', { name: 'Zoeken' }).fill('bram');
    await expect.poll(() => colleague.locator('[data-people] li').filter({ hasText: 'Bram Jansen' }).locator('.avatar').innerText(), { timeout: WAIT_MS }).toBe('BJ');
    await page.context().close();
    await colleague.context().close();
  });
});
