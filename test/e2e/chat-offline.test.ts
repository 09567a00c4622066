/**
 * Chat on a phone that loses its signal (issue 16): a message that came while the app was open on another screen
 * is on the device, so the conversation opens offline with it; and Gesprekken, reloaded with no network, lists the
 * conversations with their newest message.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { chatDocId, sendMessage } from '@kring/shapes';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { login, me } from '../support/server.ts';
import { PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, useBrowser, useKring, WAIT_MS, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();
const clients = useClients(app);

/** The row of a conversation in Gesprekken. */
const row = (page: Page, name: string) => page.locator('ul.list a', { hasText: name });

describe('chat offline', () => {
  it('a message that came while the app was on another screen opens offline; the list reloads offline with the newest message', async () => {
    const anna = await loggedInPage(browser, app, 'anna@kring.test', { viewport: PHONE });
    const annaId = (await (await anna.request.get('/api/me')).json()) as { user: { id: string } };
    // Anna works elsewhere in the app.
    await anna.goto('/people');
    await waitForOfflineReady(anna);

    // Bram starts a conversation with her and writes, from his own device (a raw Yjs client).
    const cookie = await login(app.url, 'bram@kring.test');
    const bramId = (await me(app.url, cookie)).user.id;
    const started = await fetch(`${app.url}/api/conversations/direct`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ personId: annaId.user.id }) });
    expect(started.status).toBe(200);
    const { conversation } = (await started.json()) as { conversation: { id: string } };
    const doc = new Y.Doc();
    const text = 'Mevrouw Smit vraagt of u morgen om tien uur kunt komen.';
    sendMessage(doc, { authorId: bramId, authorName: 'Bram Jansen', text });
    await waitForSaved(await clients.open(`${conversation.id}/chat/${chatDocId(new Date())}`, cookie, doc));

    // She goes to her conversations: the new message is counted, and fetched onto the phone with it.
    await anna.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Chat' }).click();
    await row(anna, 'Bram Jansen').getByText(`Bram Jansen: ${text}`).waitFor({ timeout: WAIT_MS });

    // The signal goes. A reload still lists the conversation with its newest message.
    await anna.context().setOffline(true);
    await anna.reload();
    await row(anna, 'Bram Jansen').getByText(`Bram Jansen: ${text}`).waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(anna)).toEqual([]);
    expect(await anna.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // And the conversation opens with the message in it.
    await row(anna, 'Bram Jansen').click();
    await anna.locator('li[data-message]', { hasText: text }).waitFor({ timeout: WAIT_MS });
    await anna.context().setOffline(false);
  });
});
