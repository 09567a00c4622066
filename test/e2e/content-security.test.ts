/**
 * The Content-Security-Policy (issue 13, finding 6) in a real browser: the main screens load, start and draw
 * everything without one violation — a policy too strict breaks the app quietly, one too loose is caught by
 * test/integration/security-headers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newPage, NOORD, useBrowser, useKring, VALPREVENTIE, VALPREVENTIE_PATH, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();

/** A page that records every CSP violation from the first byte of every navigation, as the browser reports it. */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const page = await newPage(browser, app);
  await page.context().addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const seen = JSON.parse(sessionStorage.getItem('kring-test-csp') ?? '[]') as string[];
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} on ${location.pathname}`);
      sessionStorage.setItem('kring-test-csp', JSON.stringify(seen));
    });
  });
  const console: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) console.push(message.text());
  });
  return {
    page,
    violations: async () => [...(JSON.parse((await page.evaluate(() => sessionStorage.getItem('kring-test-csp'))) ?? '[]') as string[]), ...console],
  };
}

describe('the content security policy in the browser', () => {
  it('lets a care worker use the feed with its poll, the board with labels and a protocol without one violation', async () => {
    const { page, violations } = await watchedPage();
    await login(page, 'anna@kring.test');
    await page.goto(`/spaces/${NOORD.id}`);
    await page.getByText('Teamoverleg volgende week').waitFor({ timeout: WAIT_MS });
    await page.getByText('Dinsdagmiddag').first().waitFor({ timeout: WAIT_MS });
    await page.goto(`/spaces/${NOORD.id}/boards/teamplanning`);
    await page.getByText('Intake').first().waitFor({ timeout: WAIT_MS });
    await page.goto(VALPREVENTIE_PATH);
    await page.getByText(VALPREVENTIE.text).waitFor({ timeout: WAIT_MS });
    await page.goto('/tasks');
    await page.locator('main h1').waitFor({ timeout: WAIT_MS });
    expect(await violations()).toEqual([]);
  });

  it('lets an administrator use the admin screens without one violation', async () => {
    const { page, violations } = await watchedPage();
    await login(page, 'admin@kring.test');
    for (const path of ['/admin', '/admin/spaces', '/admin/invites']) {
      await page.goto(path);
      await page.locator('main h1').waitFor({ timeout: WAIT_MS });
    }
    expect(await violations()).toEqual([]);
  });
});
