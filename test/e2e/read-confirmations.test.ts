/**
 * Read confirmations on a phone (issue 20): a care worker finds a must-read protocol under "Te lezen", reads the
 * approved version and confirms it without signal (sent once the signal is back); after a new approval she sees
 * what changed since the version she read and confirms again; the protocol's keeper sees who has and has not read
 * it and sends a reminder, which reaches the one who has not.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { appendPageBlocks, setPageTitle } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { login as apiLogin, me } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api } from '../integration/admin-support.ts';
import { PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, ROOT, useBrowser, useKring, WAIT_MS, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();
const clients = useClients(app);

// The organisation space: every employee reads its pages, the administrator writes and keeps them.
const PROTOCOL = { name: 'medewerkers/page/handhygiene', path: '/spaces/medewerkers/pages/handhygiene', title: 'Handhygiëne', text: 'Was uw handen voor en na elke cliënt.' };
const ON_PHONE = { viewport: PHONE, isMobile: true, hasTouch: true };

/** Whether the device keeps an answer under `key` in this person's outbox database (what opens offline). */
function keptOnDevice(page: Page, userId: string, key: string): Promise<boolean> {
  return page.evaluate(
    ({ database, key }) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open(database);
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('answers')) return (db.close(), resolve(false));
          const get = db.transaction('answers').objectStore('answers').get(key);
          get.onsuccess = () => (db.close(), resolve(get.result !== undefined));
          get.onerror = () => (db.close(), resolve(false));
        };
      }),
    { database: `kring-outbox-${userId}`, key },
  );
}

describe('read confirmations on a phone', () => {
  it('a must-read protocol is confirmed offline, what changed is shown after a new approval, and the keeper reminds who has not read it', async () => {
    const admin = await apiLogin(app.url, 'admin@kring.test');
    const adminId = (await me(app.url, admin)).user.id;
    const writer = await clients.open(PROTOCOL.name, admin);
    setPageTitle(writer.doc, PROTOCOL.title);
    appendPageBlocks(writer.doc, [{ type: 'paragraph', text: PROTOCOL.text }]);
    await waitForSaved(writer);
    expect((await api(app.url, admin, 'PUT', '/api/documents/control', { name: PROTOCOL.name, ownerId: adminId, mustRead: 'space' })).status).toBe(200);
    const first = await api<{ approved: { versionId: number } }>(app.url, admin, 'POST', '/api/documents/control/approve', { name: PROTOCOL.name });
    expect(first.status).toBe(200);

    // Bram's home lists it under "Te lezen", and keeps it on his phone for later.
    const bram = await loggedInPage(browser, app, 'bram@kring.test', ON_PHONE);
    const bramId = (await me(app.url, await apiLogin(app.url, 'bram@kring.test'))).user.id;
    await waitForOfflineReady(bram);
    const item = bram.locator(`[data-to-read="${PROTOCOL.name}"]`);
    await item.getByText('Nieuw').waitFor({ timeout: WAIT_MS });
    await waitFor(() => keptOnDevice(bram, bramId, `protocol:approved:${PROTOCOL.name}`), 'the approved version kept on the phone');
    await waitFor(() => keptOnDevice(bram, bramId, `protocol:reads:${PROTOCOL.name}`), 'his read status kept on the phone');

    // At a client's door without signal: he opens it, reads the approved version and confirms.
    await bram.context().setOffline(true);
    await item.getByRole('link', { name: PROTOCOL.title }).click();
    await bram.getByRole('heading', { level: 1, name: PROTOCOL.title }).waitFor({ timeout: WAIT_MS });
    await bram.getByText(PROTOCOL.text).waitFor({ timeout: WAIT_MS });
    const box = bram.getByRole('region', { name: 'Lezen en bevestigen' });
    await box.getByText('Dit protocol moet u lezen.').waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(bram)).toEqual([]);
    await box.getByRole('button', { name: 'Ik heb dit gelezen' }).click();
    await box.getByText('Bevestigd op dit toestel. Het wordt verstuurd zodra er verbinding is.').waitFor({ timeout: WAIT_MS });
    const status = () => api<{ due: boolean; readers: { name: string; current: boolean }[] }>(app.url, admin, 'GET', `/api/documents/reads?name=${encodeURIComponent(PROTOCOL.name)}`);
    expect((await status()).body.readers.find((reader) => reader.name === 'Bram Jansen')?.current).toBe(false);

    // The signal is back: the confirmation is sent, and the server has it.
    await bram.context().setOffline(false);
    await box.getByText('Bevestigd op dit toestel.').waitFor({ state: 'detached', timeout: 4 * WAIT_MS });
    await waitFor(async () => (await status()).body.readers.find((reader) => reader.name === 'Bram Jansen')?.current === true, 'his confirmation on the server');

    // The protocol changes and is approved again: he sees what changed since the version he read.
    const body = writer.doc.getXmlFragment('body');
    ((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Gebruik handalcohol. ');
    await waitForSaved(writer);
    expect((await api(app.url, admin, 'POST', '/api/documents/control/approve', { name: PROTOCOL.name })).status).toBe(200);
    await bram.reload();
    const again = bram.getByRole('region', { name: 'Lezen en bevestigen' });
    const changes = again.getByRole('region', { name: /Wat is er veranderd sinds de versie die u las op/ });
    await changes.locator('ins').filter({ hasText: 'handalcohol' }).waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(bram)).toEqual([]);
    expect(await bram.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await bram.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'read-confirmation-360.png'), fullPage: false });
    await again.getByRole('button', { name: 'Ik heb dit gelezen' }).click();
    await again.getByText(/U hebt deze versie gelezen/).waitFor({ timeout: WAIT_MS });
    await waitFor(async () => (await status()).body.readers.find((reader) => reader.name === 'Bram Jansen')?.current === true, 'the new confirmation on the server');

    // The keeper sees who has and has not read it, and reminds those who have not: Anna, not Bram.
    const keeper = await loggedInPage(browser, app, 'admin@kring.test', ON_PHONE);
    await keeper.goto(PROTOCOL.path);
    const readers = keeper.locator('details[data-readers]');
    await readers.locator('summary').click();
    await readers.locator('[data-reader="current"]', { hasText: 'Bram Jansen' }).waitFor({ timeout: WAIT_MS });
    await readers.locator('[data-reader="never"]', { hasText: 'Anna de Vries' }).waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(keeper)).toEqual([]);
    await keeper.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'read-confirmation-keeper-360.png'), fullPage: false });
    const reminded = (who: string) =>
      api<{ notifications: { kind: string; excerpt: string }[] }>(app.url, who, 'GET', '/api/notifications').then((answer) => answer.body.notifications.filter((n) => n.kind === 'protocol-to-read').length);
    const anna = await apiLogin(app.url, 'anna@kring.test');
    const annaBefore = await reminded(anna);
    const bramBefore = await reminded(await apiLogin(app.url, 'bram@kring.test'));
    await readers.getByRole('button', { name: 'Herinnering sturen' }).click();
    await readers.getByText(/Aantal mensen: [1-9]/).waitFor({ timeout: WAIT_MS });
    expect(await reminded(anna)).toBe(annaBefore + 1);
    expect(await reminded(await apiLogin(app.url, 'bram@kring.test'))).toBe(bramBefore);
  });
});
