/**
 * When the server's storage is full for a person (docs/api.md, "Quotas": close 4414, batch 413 storage_full),
 * the app says so in plain words (the work is kept on this device, tell the support office) and loses nothing
 * typed: a reload still shows it, while the server never took it.
 */
import { describe, expect, it } from 'vitest';
import { editor, login, newPage, openPage, openSyncState, overallStatus, saveStatus, typeAtEnd, useBrowser, useKring, VALPREVENTIE, WAIT_MS } from './support.ts';

// One byte a person: the demo's content is the server's own (not charged), the first keystroke is over.
const app = useKring({ env: { QUOTA_BYTES_PER_PERSON: '1' } });
const browser = useBrowser();

describe('storage full on the server', () => {
  it('tells the person their work stays on this device and keeps the typed text, also after a reload', async () => {
    const sentence = 'Drempel bij de achterdeur weghalen.';
    const page = await newPage(browser, app);
    await login(page, 'anna@kring.test');
    await openPage(page);
    await page.locator('[role="status"][data-save="saved"]').waitFor({ timeout: WAIT_MS });

    await typeAtEnd(page, sentence);
    await page.locator('[role="status"][data-connection="storage-full"]').waitFor({ timeout: WAIT_MS });
    const message = await saveStatus(page).innerText();
    expect(message).toContain('De opslag op de server is vol');
    expect(message).toContain('Uw werk staat veilig op dit apparaat');
    expect(message).toContain('supportbureau');
    expect(await saveStatus(page).getAttribute('data-save')).toBe('local');
    await expect.poll(() => overallStatus(page).getAttribute('data-storage-full'), { timeout: WAIT_MS }).toBe('true');
    expect(await overallStatus(page).innerText()).toContain('Server vol');
    // The sync state's panel says what to do about it.
    expect(await (await openSyncState(page)).innerText()).toContain('Meld dit bij het supportbureau');
    await page.keyboard.press('Escape');
    expect(await editor(page).innerText()).toContain(sentence);

    // The app starts anew: the text comes from the device, and the server refuses it again.
    await page.reload();
    await editor(page).filter({ hasText: sentence }).waitFor({ timeout: WAIT_MS });
    await page.locator('[role="status"][data-connection="storage-full"]').waitFor({ timeout: WAIT_MS });

    // The server holds none of it: a second device of the same person shows the page without the sentence.
    const other = await newPage(browser, app);
    await login(other, 'anna@kring.test');
    await openPage(other);
    expect(await editor(other).innerText()).toContain(VALPREVENTIE.text);
    expect(await editor(other).innerText()).not.toContain(sentence);
  });
});
