/**
 * What the browser tests of the administration, editorial and activity screens share: people and activities
 * made through the API as an administrator or a member of staff would (never by writing to the database), axe's
 * serious findings, and whether a page scrolls sideways at 360 px.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { api, invitePerson, type Invited } from '../integration/admin-support.ts';

export { api, invitePerson, type Invited };
/** Logs in over the API and returns the session cookie (`kring_session=…`). */
export { login as apiLogin } from '../support/server.ts';

export const PHONE = { width: 360, height: 740 };

export interface ActivityAnswer {
  id: string;
  title: string;
  placesLeft: number;
  me: { status: 'confirmed' | 'waiting'; position: number | null } | null;
}

/** Plans an activity in Cliëntenplein as `staffCookie`, starting `hoursFromNow` from now, for an hour. */
export async function planActivity(url: string, staffCookie: string, title: string, capacity: number, hoursFromNow = 48): Promise<ActivityAnswer> {
  const startsAt = new Date(Date.now() + hoursFromNow * 3600_000);
  const endsAt = new Date(startsAt.getTime() + 3600_000);
  const response = await api<{ activity: ActivityAnswer }>(url, staffCookie, 'POST', '/api/activities', {
    spaceId: 'clientenplein',
    title,
    description: 'Een activiteit voor de test.',
    place: 'Buurthuis De Kring',
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    capacity,
  });
  if (response.status !== 201) throw new Error(`planning ${title} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.activity;
}

/** axe's serious and critical findings on the page as it is now, one readable line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}

/** How wide the document is at 360 px, and which elements stick out past the right edge (for the message). */
export function overflow(page: Page): Promise<{ scrollWidth: number; wide: string[] }> {
  return page.evaluate((width) => {
    const wide = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''} right=${Math.round(element.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10) };
  }, PHONE.width);
}

/**
 * Opens a sync socket for `docName` from inside the page (with the page's session cookie) and says what became
 * of it: 'open' when the server let it in, or the close code it was refused with.
 */
export function socketOutcome(page: Page, docName: string): Promise<'open' | number> {
  return page.evaluate(
    (name) =>
      new Promise<'open' | number>((resolve) => {
        const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/sync/${name}`);
        socket.binaryType = 'arraybuffer';
        // The server refuses before any message; a first message means the socket was let in.
        socket.onmessage = () => {
          resolve('open');
          socket.close();
        };
        socket.onclose = (event) => resolve(event.code);
      }),
    docName,
  );
}
