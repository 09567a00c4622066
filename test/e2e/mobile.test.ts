/**
 * Field staff work on a phone: at 360×740 (a small Android phone) no page is wider than the screen, so
 * nothing needs scrolling sideways.
 */
import { describe, expect, it } from 'vitest';
import { newPage, useBrowser, useKring, visitMainScreens } from './support.ts';
import { overflow, PHONE } from './community-support.ts';

const app = useKring();
const browser = useBrowser();

describe('on a 360 px wide phone', () => {
  it('scrolls no page sideways: login, my spaces, a space and a page', async () => {
    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    const found = await visitMainScreens(page, overflow);

    for (const [path, { scrollWidth, wide }] of Object.entries(found)) {
      expect(scrollWidth, `${path} is ${scrollWidth} px wide; sticking out: ${wide.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    }
  });
});
