/**
 * Accessibility for people who are older, less digitally skilled or use assistive technology: axe finds no
 * serious or critical violation on the main pages, and the way from logging in to editing a protocol works
 * with the keyboard alone (Tab and Enter, no clicks).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './community-support.ts';
import { DEMO_PASSWORD, editor, newPage, NOORD, pageContent, useBrowser, useKring, VALPREVENTIE, VALPREVENTIE_PATH, visitMainScreens, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();

/** A short description of the focused element: tag, name attribute, accessible-ish label. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const label = element.getAttribute('aria-label') ?? element.getAttribute('name') ?? element.textContent?.trim().slice(0, 60) ?? '';
    return `${element.tagName.toLowerCase()}:${label}`;
  });
}

/** Presses Tab until the focused element matches `wanted` (tag:label, see `focused`); fails after 40 presses. */
async function tabTo(page: Page, wanted: string): Promise<void> {
  const path: string[] = [];
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now === wanted) return;
    path.push(now);
  }
  throw new Error(`Tab never reached ${wanted}; focus went: ${path.join(' → ')}`);
}

describe('accessibility', () => {
  it('has no serious or critical axe violations on login, my spaces, a space and a page', async () => {
    const page = await newPage(browser, app);
    const found = await visitMainScreens(page, seriousViolations);

    expect(found).toEqual({ '/login': [], '/': [], [`/spaces/${NOORD.id}`]: [], [VALPREVENTIE_PATH]: [] });
  });

  it('lets a keyboard user log in and reach the page editor with Tab and Enter only', async () => {
    const page = await newPage(browser, app);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });

    await tabTo(page, 'input:email');
    await page.keyboard.type('anna@kring.test');
    await tabTo(page, 'input:password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mijn ruimtes' }).waitFor({ timeout: WAIT_MS });

    await tabTo(page, `a:${NOORD.name}`);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: VALPREVENTIE.title }).waitFor({ timeout: WAIT_MS });

    await tabTo(page, `a:${VALPREVENTIE.title}`);
    await page.keyboard.press('Enter');
    // The page opens to read; "Bewerken" opens the editor.
    await pageContent(page).filter({ hasText: VALPREVENTIE.text }).waitFor({ timeout: WAIT_MS });
    await tabTo(page, 'button:Bewerken');
    await page.keyboard.press('Enter');
    await editor(page).filter({ hasText: VALPREVENTIE.text }).waitFor({ timeout: WAIT_MS });

    await tabTo(page, 'div:Inhoud van de pagina');
    expect(new URL(page.url()).pathname).toBe(VALPREVENTIE_PATH);
    // Typing now goes into the page.
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Met het toetsenbord getypt.');
    await editor(page).filter({ hasText: 'Met het toetsenbord getypt.' }).waitFor({ timeout: WAIT_MS });
  });
});
