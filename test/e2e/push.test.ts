/**
 * Push on the device, in Chromium at 360 px. A real subscription needs a push service this machine cannot reach,
 * so the push is handed to the service worker through the DevTools protocol (`ServiceWorker.deliverPushMessage`),
 * as a push service would: it shows the notification with the server's words, one per event (`tag`), keeping the
 * place to open, and only a path of the app. Where a click goes is web/lib/push/click.test.ts's (a click cannot be
 * made on a notification from here). Mijn account shows the switch "Meldingen op dit toestel" with its state, and
 * axe finds nothing serious there.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { overflow, PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, ROOT, useBrowser, useKring, WAIT_MS, waitForOfflineReady } from './support.ts';

const app = useKring();
const browser = useBrowser();

interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  data: { link?: string } | null;
}

function shown(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as { link?: string } | null }));
  });
}

describe('push on the device', () => {
  it("shows a delivered push with the server's words and its place, one per event; the switch is on Mijn account", async () => {
    const page = await loggedInPage(browser, app, 'anna@kring.test', { viewport: PHONE, isMobile: true, hasTouch: true });
    await page.context().grantPermissions(['notifications'], { origin: app.url });
    await waitForOfflineReady(page);

    const cdp = await page.context().newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((registration) => registration.scopeURL.startsWith(app.url) && !registration.isDeleted);
        if (ours) resolve(ours.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const id = await registrationId;
    const deliver = (payload: unknown) => cdp.send('ServiceWorker.deliverPushMessage', { origin: app.url, registrationId: id, data: JSON.stringify(payload) });

    const mention = { kind: 'mention', tag: 'melding-1', title: 'Buurtteam Noord', body: 'Bram Jansen noemde u', link: '/spaces/noord#post-p1' };
    await deliver(mention);
    await expect.poll(() => shown(page), { timeout: WAIT_MS }).toEqual([{ title: 'Buurtteam Noord', body: 'Bram Jansen noemde u', tag: 'melding-1', data: { link: '/spaces/noord#post-p1' } }]);
    // The same event again replaces itself; another event is a second notification.
    await deliver(mention);
    await deliver({ kind: 'reply', tag: 'melding-2', title: 'Buurtteam Noord', body: 'Bram Jansen reageerde op uw bericht', link: 'https://elders.example/' });
    await expect.poll(async () => (await shown(page)).map((n) => [n.tag, n.data?.link]), { timeout: WAIT_MS }).toEqual([
      ['melding-1', '/spaces/noord#post-p1'],
      // A link to another site never opens: the inbox does.
      ['melding-2', '/notifications'],
    ]);

    await page.goto('/account');
    const toggle = page.getByRole('switch', { name: 'Meldingen op dit toestel' });
    await toggle.waitFor({ timeout: WAIT_MS });
    expect(await toggle.isChecked()).toBe(false);
    await expect.poll(() => page.locator('#push-state').innerText(), { timeout: WAIT_MS }).toBe('Dit toestel krijgt geen meldingen.');
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
  });

  it('lets a care worker choose her quiet hours on Mijn account, kept on the server for all her devices', async () => {
    const page = await loggedInPage(browser, app, 'anna@kring.test', { viewport: PHONE, isMobile: true, hasTouch: true });
    await page.goto('/account');
    const quiet = page.getByRole('form', { name: 'Stille uren' });
    await quiet.waitFor({ timeout: WAIT_MS });
    // Until she chooses: on, from 22:00 until 07:00.
    expect(await quiet.getByRole('checkbox', { name: 'Stille uren aan' }).isChecked()).toBe(true);
    expect(await quiet.getByLabel('Van').inputValue()).toBe('22:00');
    expect(await quiet.getByLabel('Tot').inputValue()).toBe('07:00');
    // She works late shifts: quiet from midnight until ten.
    await quiet.getByLabel('Van').fill('00:00');
    await quiet.getByLabel('Tot').fill('10:00');
    await quiet.getByRole('button', { name: 'Stille uren opslaan' }).click();
    await quiet.getByText('Opgeslagen: geen meldingen van 00:00 tot 10:00.').waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'push-quiet-360.png'), animations: 'disabled', caret: 'hide', fullPage: true });
    // What the server keeps, read back over HTTP with her session.
    const settings = await page.evaluate(async () => (await fetch('/api/push/settings')).json());
    expect(settings).toEqual({ quietHours: { on: true, from: '00:00', until: '10:00' } });
    await page.context().close();
  });
});
