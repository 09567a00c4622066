/**
 * Push on the device, in Chromium at 360 px. A real subscription needs a push service this machine cannot reach,
 * so the push is handed to the service worker through the DevTools protocol (`ServiceWorker.deliverPushMessage`),
 * as a push service would: it shows the notification with the server's words, one per event (`tag`), keeping the
 * place to open, and only a path of the app. Where a click goes is web/lib/push/click.test.ts's (a click cannot be
 * made on a notification from here). Mijn account shows the switch "Meldingen op dit toestel" with its state, and
 * axe finds nothing serious there.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { overflow, PHONE, seriousViolations } from './community-support.ts';
import { loggedInPage, useBrowser, useKring, WAIT_MS, waitForOfflineReady } from './support.ts';

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
});
