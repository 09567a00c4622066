/**
 * Taking your data with you, and emergency access, in the browser on a phone (360 px): Anna downloads her own data
 * from Mijn account and her team's space from its settings, and the zips are opened and read; the administrator
 * declares emergency access to Noord and reads it, and Anna, its owner, sees who, why and until when.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { overflow, PHONE, seriousViolations } from './community-support.ts';
import { login, newPage, NOORD, useBrowser, useKring, VALPREVENTIE, WAIT_MS } from './support.ts';

const app = useKring();
const browser = useBrowser();
const phone = { viewport: PHONE, isMobile: true, hasTouch: true };

/** Clicks the button named `name`, waits for the download and opens the zip: its files by name, as text. */
async function downloadZip(page: Page, name: string): Promise<{ fileName: string; files: Record<string, string> }> {
  const download = page.waitForEvent('download', { timeout: WAIT_MS });
  await page.getByRole('button', { name }).click();
  const file = await download;
  const path = await file.path();
  const files = unzipSync(new Uint8Array(await readFile(path)));
  return { fileName: file.suggestedFilename(), files: Object.fromEntries(Object.entries(files).map(([n, bytes]) => [n, strFromU8(bytes)])) };
}

async function expectPhoneFriendly(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
  expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
}

describe('export and emergency access in the browser', () => {
  it('lets Anna download her own data from Mijn account, and open and read it', async () => {
    const page = await newPage(browser, app, phone);
    await login(page, 'anna@kring.test');
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Mijn gegevens' }).waitFor({ timeout: WAIT_MS });
    await expectPhoneFriendly(page);
    const { fileName, files } = await downloadZip(page, 'Mijn gegevens downloaden');
    expect(fileName).toMatch(/^kring-mijn-gegevens-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(Object.keys(files).sort()).toEqual(['mijn-gegevens.json', 'mijn-gegevens.md']);
    expect(files['mijn-gegevens.md']).toContain('# Mijn gegevens in Kring');
    expect(files['mijn-gegevens.md']).toContain('- Naam: Anna de Vries');
    expect((JSON.parse(files['mijn-gegevens.json']) as { account: { name: string } }).account.name).toBe('Anna de Vries');
    // The page stays where it was.
    await page.getByRole('heading', { name: 'Mijn gegevens' }).waitFor({ timeout: WAIT_MS });
  });

  it("lets Anna download her team's space from its settings: the protocol is readable Markdown", async () => {
    const page = await newPage(browser, app, phone);
    await login(page, 'anna@kring.test');
    await page.goto(`/spaces/${NOORD.id}/features`);
    await page.getByRole('heading', { name: 'Ruimte downloaden' }).waitFor({ timeout: WAIT_MS });
    await expectPhoneFriendly(page);
    const { files } = await downloadZip(page, 'Ruimte downloaden');
    expect(files['README.md']).toContain(`# ${NOORD.name}`);
    const protocol = Object.entries(files).find(([name]) => name.startsWith('paginas/') && name.endsWith(`-${VALPREVENTIE.id}.md`));
    expect(protocol?.[1]).toContain(`# ${VALPREVENTIE.title}`);
    expect(protocol?.[1]).toContain(VALPREVENTIE.text);
  });

  it('lets the administrator declare emergency access and read Noord, and shows Anna, its owner, who, why and until when', async () => {
    const reason = 'Anna is ziek; de overdracht van vannacht staat in Noord';
    const admin = await newPage(browser, app, phone);
    await login(admin, 'admin@kring.test');
    await admin.goto(`/admin/spaces/${NOORD.id}`);
    await admin.getByRole('heading', { name: 'Noodtoegang' }).waitFor({ timeout: WAIT_MS });
    await expectPhoneFriendly(admin);
    await admin.getByLabel('Waarom hebt u toegang nodig?').fill(reason);
    await admin.getByRole('button', { name: 'Noodtoegang aanvragen' }).click();
    await admin.getByRole('status').filter({ hasText: 'U hebt noodtoegang tot' }).waitFor({ timeout: WAIT_MS });
    await admin.getByRole('link', { name: 'Open de ruimte' }).click();
    await admin.getByText('U leest deze ruimte met noodtoegang').waitFor({ timeout: WAIT_MS });
    await admin.getByRole('link', { name: VALPREVENTIE.title }).first().waitFor({ timeout: WAIT_MS });
    await expectPhoneFriendly(admin);

    const anna = await newPage(browser, app, phone);
    await login(anna, 'anna@kring.test');
    await anna.goto(`/spaces/${NOORD.id}`);
    const notice = anna.getByRole('region', { name: 'Noodtoegang' });
    await notice.waitFor({ timeout: WAIT_MS });
    const text = await notice.innerText();
    expect(text).toContain('Beheerder');
    expect(text).toContain(reason);
    expect(text).toContain('Loopt nog.');
    expect(text).toMatch(/van .+ tot .+/);
    await expectPhoneFriendly(anna);
  });
});
