/**
 * Invariant 5 (the user knows where their work is) and live collaboration: an edit typed in the browser
 * reaches the server and the page says so; it survives a reload, and another open browser shows it without
 * reloading.
 */
import { describe, expect, it } from 'vitest';

import {
  editor,
  login,
  newPage,
  openPage,
  pageContent,
  recordSaveStates,
  saveStates,
  saveStatus,
  typeAtEnd,
  useBrowser,
  useKring,
  VALPREVENTIE,
  WAIT_MS,
  waitForSaveState,
} from './support.ts';

const app = useKring();
const browser = useBrowser();

describe('editing a page', () => {
  it('saves a typed sentence on the server: the status says so, a reload and a second browser show it', async () => {
    const sentence = 'Controleer ook de drempel bij de achterdeur.';
    const a = await newPage(browser, app);
    const b = await newPage(browser, app);
    await login(a, 'anna@kring.test');
    await login(b, 'anna@kring.test');

    // Through the app's own links: my spaces → the team space → the protocol.
    await a.getByRole('link', { name: 'Buurtteam Noord' }).click();
    await a.getByRole('link', { name: VALPREVENTIE.title }).click();
    // Pages open to read; editing is a choice.
    await a.getByRole('button', { name: 'Bewerken', exact: true }).click();
    await editor(a).filter({ hasText: VALPREVENTIE.text }).waitFor({ timeout: WAIT_MS });
    await openPage(b);
    await waitForSaveState(a, 'saved');

    await recordSaveStates(a);
    await typeAtEnd(a, sentence);
    // "Saved" must come after the edit, not be the state the page opened with.
    await expect.poll(async () => ((await saveStates(a)).length > 1 ? saveStatus(a).getAttribute('data-save') : 'unchanged'), { timeout: WAIT_MS }).toBe('saved');
    expect((await saveStates(a)).slice(1)).toContain('saving');
    expect(await saveStatus(a).innerText()).toContain('Opgeslagen in Kring');

    // The other browser is live: the sentence arrives without a reload.
    await editor(b).filter({ hasText: sentence }).waitFor({ timeout: WAIT_MS });

    // After a reload the page opens to read again.
    await a.reload();
    await pageContent(a).filter({ hasText: sentence }).waitFor({ timeout: WAIT_MS });
    expect(await pageContent(a).innerText()).toContain(VALPREVENTIE.text);
  });
});
