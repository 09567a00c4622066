/**
 * Deactivation on the device: a care worker typed in a protocol while offline and was deactivated meanwhile. At
 * the device's next contact with the server, the unsaved work is handed in first, then the person's copy
 * (documents, outbox, cached profile) is deleted from the device and the app says so.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pagePlainText } from '../../packages/shapes/src/page.ts';
import { openSynced } from '../support/providers.ts';
import { api, apiLogin, invitePerson } from './community-support.ts';
import { login, newPage, openPage, typeAtEnd, useBrowser, useKring, WAIT_MS, waitForSaveState } from './support.ts';

const app = useKring();
const browser = useBrowser();

/** The names of this origin's IndexedDB databases. */
function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? '').sort());
}

describe('deactivation on the device', () => {
  it('saves the offline work on the server first, then deletes the local copy and says so', async () => {
    const admin = await apiLogin(app.url, 'admin@kring.test');
    const person = await invitePerson(app.url, admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Sanne Vertrek');
    const page = await newPage(browser, app);
    await login(page, person.email, 'welkom-123');
    await openPage(page);
    await waitForSaveState(page, 'saved');
    // The editorial screen keeps its lists in the person's outbox database: that must go too.
    await page.goto('/editorial');
    await expect.poll(() => databases(page), { timeout: WAIT_MS }).toEqual(expect.arrayContaining([`kring-user-${person.id}`, `kring-outbox-${person.id}`]));
    await openPage(page);

    await page.context().setOffline(true);
    const typed = `Overdracht van Sanne, offline getypt ${Date.now()}`;
    await typeAtEnd(page, typed);
    await waitForSaveState(page, 'local');

    expect((await api(app.url, admin, 'PATCH', `/api/admin/people/${person.id}`, { active: false })).status).toBe(200);
    await page.context().setOffline(false);

    await page.locator('[role="alert"][data-deactivated]').waitFor({ timeout: WAIT_MS });
    expect(await page.locator('[role="alert"][data-deactivated]').innerText()).toContain('Uw account is uitgezet');
    // First saved on the server …
    const onServer = await openSynced(app.url, 'noord/page/valpreventie', await apiLogin(app.url, 'anna@kring.test'));
    try {
      expect(pagePlainText(onServer.doc)).toContain(typed);
    } finally {
      onServer.destroy();
    }
    // … then nothing of the person left on the device.
    await expect.poll(() => databases(page), { timeout: WAIT_MS }).not.toEqual(expect.arrayContaining([`kring-user-${person.id}`]));
    expect((await databases(page)).filter((name) => name.includes(person.id))).toEqual([]);
    // Opening the app again shows the login page, not the person's cached spaces.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor({ timeout: WAIT_MS });
    // The server forgot the device: its cookie is no more than a stranger's now.
    const cookies = await page.context().cookies();
    const cookie = cookies.find((c) => c.name === 'kring_session');
    if (cookie) expect((await api<{ error: { code: string } }>(app.url, `kring_session=${cookie.value}`, 'GET', '/api/me')).body.error.code).toBe('no_session');
    const audit = (await api<{ entries: { userId: string | null; action: string }[] }>(app.url, admin, 'GET', '/api/admin/audit?limit=50')).body.entries;
    expect(audit.filter((entry) => entry.userId === person.id).map((entry) => entry.action)).toEqual(expect.arrayContaining(['handover', 'handover.done']));
  });
});
