/**
 * Field staff work on a phone: at 360×740 (a small Android phone) no page is wider than the screen, so
 * nothing needs scrolling sideways.
 */
import { describe, expect, it } from 'vitest';
import { login, newPage, NOORD, openPage, useBrowser, useKring, VALPREVENTIE, VALPREVENTIE_PATH, WAIT_MS } from './support.ts';
import { overflow, PHONE } from './community-support.ts';

const app = useKring();
const browser = useBrowser();

describe('on a 360 px wide phone', () => {
  it('scrolls no page sideways: login, my spaces, a space and a page', async () => {
    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    const found: Record<string, { scrollWidth: number; wide: string[] }> = {};

    await page.goto('/login');
    await page.getByRole('button', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    found['/login'] = await overflow(page);

    await login(page, 'anna@kring.test');
    found['/'] = await overflow(page);

    await page.goto(`/spaces/${NOORD.id}`);
    await page.getByRole('link', { name: VALPREVENTIE.title }).waitFor({ timeout: WAIT_MS });
    found[`/spaces/${NOORD.id}`] = await overflow(page);

    await openPage(page);
    found[VALPREVENTIE_PATH] = await overflow(page);

    for (const [path, { scrollWidth, wide }] of Object.entries(found)) {
      expect(scrollWidth, `${path} is ${scrollWidth} px wide; sticking out: ${wide.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    }
  });
});
