/**
 * Activities in Cliëntenplein, as a client uses them: signing up for a full activity puts them on the waiting list
 * with their place shown plainly; a sign-up made without a network waits on the device as "not sent yet" and is
 * sent once, also when an answer got lost on the way; activities in the next 24 hours are shown as reminders.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { login, newPage, useBrowser, useKring, WAIT_MS } from './support.ts';
import { api, apiLogin, invitePerson, overflow, PHONE, planActivity, seriousViolations, type Invited } from './community-support.ts';

const app = useKring();
const browser = useBrowser();
let anna: string;
let fatima: Invited;

interface Participant {
  userId: string;
  name: string;
  status: 'confirmed' | 'waiting';
  position: number | null;
}

beforeAll(async () => {
  // A second client in Cliëntenplein, invited by the administrator; Anna (staff there) plans the activities.
  const admin = await apiLogin(app.url, 'admin@kring.test');
  fatima = await invitePerson(app.url, admin, 'client', [{ spaceId: 'clientenplein', role: 'member' }], 'Fatima el Idrissi');
  anna = await apiLogin(app.url, 'anna@kring.test');
});

/** Who has a place and who waits, as the staff see it on the server. */
async function participants(activityId: string): Promise<Participant[]> {
  const response = await api<{ participants: Participant[] }>(app.url, anna, 'GET', `/api/activities/${activityId}`);
  return response.body.participants;
}

/** The activity's card on the activities page. */
function card(page: Page, title: string): Locator {
  return page.locator(`li[data-activity="${title}"]`);
}

async function openActivities(page: Page): Promise<void> {
  await page.goto('/spaces/clientenplein');
  await page.getByRole('navigation', { name: /Onderdelen van Cliëntenplein/ }).getByRole('link', { name: 'Activiteiten' }).click();
  await page.getByRole('heading', { name: 'Activiteiten', level: 1 }).waitFor({ timeout: WAIT_MS });
}

describe('activities', () => {
  it('puts a client who signs up for a full activity on the waiting list and shows their place', async () => {
    const activity = await planActivity(app.url, anna, 'Schilderen voor beginners', 1);
    const taken = await api(app.url, fatima.cookie, 'POST', `/api/activities/${activity.id}/signup`, { requestId: 'fatima-schilderen-1' });
    expect(taken.status).toBe(201);

    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    await openActivities(daan);
    const painting = card(daan, 'Schilderen voor beginners');
    await painting.getByText('Vol. U kunt op de wachtlijst.').waitFor({ timeout: WAIT_MS });
    await painting.getByRole('button', { name: 'Op de wachtlijst' }).click();
    await painting.getByText('U staat op de wachtlijst, plek 1.').waitFor({ timeout: WAIT_MS });

    expect((await participants(activity.id)).map((p) => [p.name, p.status, p.position])).toEqual([
      ['Fatima el Idrissi', 'confirmed', null],
      ['Daan Bakker', 'waiting', 1],
    ]);

    // The client never sees who else signed up; the place is on the activity's own page too.
    await painting.getByRole('link', { name: 'Schilderen voor beginners' }).click();
    await daan.getByText('U staat op de wachtlijst, plek 1.').waitFor({ timeout: WAIT_MS });
    expect(await daan.getByText('Fatima').count()).toBe(0);

    // When Fatima cancels, Daan gets her place.
    await api(app.url, fatima.cookie, 'POST', `/api/activities/${activity.id}/cancel`);
    await daan.reload();
    await daan.getByText('U bent aangemeld.').waitFor({ timeout: WAIT_MS });
  });

  it('keeps a sign-up made offline on the device as not sent yet, and sends it when the network is back', async () => {
    const activity = await planActivity(app.url, anna, 'Wandeling langs de zee', 5);
    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    await openActivities(daan);
    const walk = card(daan, 'Wandeling langs de zee');
    await walk.getByRole('button', { name: 'Aanmelden' }).waitFor({ timeout: WAIT_MS });

    await daan.context().setOffline(true);
    await walk.getByRole('button', { name: 'Aanmelden' }).click();
    await walk.getByText('Nog niet verstuurd: uw aanmelding staat klaar op dit apparaat.').waitFor({ timeout: WAIT_MS });
    expect(await participants(activity.id)).toEqual([]);

    await daan.context().setOffline(false);
    await walk.getByText('U bent aangemeld.').waitFor({ timeout: WAIT_MS });
    expect((await participants(activity.id)).map((p) => [p.name, p.status])).toEqual([['Daan Bakker', 'confirmed']]);
  });

  it('signs up once when the answer to a sign-up got lost and the device sends it again', async () => {
    const activity = await planActivity(app.url, anna, 'Spelletjesmiddag', 5);
    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    // The first sign-up reaches the server, but its answer never reaches the device.
    let lost = 0;
    await daan.route('**/api/activities/*/signup', async (route) => {
      if (lost === 0) {
        lost++;
        await route.fetch();
        await route.abort('internetdisconnected');
      } else {
        await route.continue();
      }
    });
    await openActivities(daan);
    const games = card(daan, 'Spelletjesmiddag');
    const failed = daan.waitForEvent('requestfailed', { predicate: (request) => request.url().endsWith('/signup'), timeout: WAIT_MS });
    await games.getByRole('button', { name: 'Aanmelden' }).click();
    await failed;
    expect(lost).toBe(1);
    expect((await participants(activity.id)).map((p) => p.name)).toEqual(['Daan Bakker']);
    // Without an answer the device cannot know: it keeps the sign-up as not sent yet.
    await games.getByText('Nog niet verstuurd: uw aanmelding staat klaar op dit apparaat.').waitFor({ timeout: WAIT_MS });

    // The network comes back: the device sends the same request again.
    await daan.evaluate(() => dispatchEvent(new Event('online')));
    await games.getByText('U bent aangemeld.').waitFor({ timeout: WAIT_MS });
    expect((await participants(activity.id)).map((p) => [p.name, p.status])).toEqual([['Daan Bakker', 'confirmed']]);
  });

  it('shows the activities of the next 24 hours as reminders, with the client’s place', async () => {
    const soon = await planActivity(app.url, anna, 'Koffie met de wijkagent', 1, 3);
    await planActivity(app.url, anna, 'Muziekmiddag volgende week', 10, 24 * 7);
    await api(app.url, fatima.cookie, 'POST', `/api/activities/${soon.id}/signup`, { requestId: 'fatima-koffie-0001' });
    const daanCookie = await apiLogin(app.url, 'daan@kring.test');
    await api(app.url, daanCookie, 'POST', `/api/activities/${soon.id}/signup`, { requestId: 'daan-koffie-00001' });

    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    await openActivities(daan);
    const reminders = daan.getByRole('region', { name: 'Binnenkort' });
    await reminders.getByRole('link', { name: /Koffie met de wijkagent/ }).waitFor({ timeout: WAIT_MS });
    expect(await reminders.innerText()).toContain('U staat op de wachtlijst, plek 1.');
    expect(await reminders.innerText()).not.toContain('Muziekmiddag volgende week');
  });

  it('has no serious axe findings and no sideways scrolling at 360 px, for a client and for staff', async () => {
    const activity = await planActivity(app.url, anna, 'Voorlezen in de bibliotheek, met koffie en een lange naam', 2);
    const axe: Record<string, string[]> = {};
    const wide: Record<string, number> = {};
    const check = async (page: Page, name: string) => {
      axe[name] = await seriousViolations(page);
      wide[name] = (await overflow(page)).scrollWidth;
    };
    for (const email of ['daan@kring.test', 'anna@kring.test']) {
      const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
      await login(page, email);
      await openActivities(page);
      await card(page, activity.title).waitFor({ timeout: WAIT_MS });
      await check(page, `${email} list`);
      await card(page, activity.title).getByRole('link', { name: activity.title }).click();
      await page.getByRole('heading', { name: activity.title, level: 1 }).waitFor({ timeout: WAIT_MS });
      if (email.startsWith('anna')) await page.getByRole('heading', { name: 'Voor medewerkers' }).waitFor({ timeout: WAIT_MS });
      await check(page, `${email} detail`);
    }
    expect(axe).toEqual({ 'daan@kring.test list': [], 'daan@kring.test detail': [], 'anna@kring.test list': [], 'anna@kring.test detail': [] });
    for (const [name, width] of Object.entries(wide)) expect(width, name).toBeLessThanOrEqual(PHONE.width);
  });

  it('gives a client large text and targets, and hides what clients do not use', async () => {
    const daan = await newPage(browser, app);
    await login(daan, 'daan@kring.test');
    await openActivities(daan);
    const sizes = await daan.evaluate(() => ({
      root: parseFloat(getComputedStyle(document.documentElement).fontSize),
      smallestButton: Math.min(...[...document.querySelectorAll('main button')].map((button) => button.getBoundingClientRect().height)),
    }));
    expect(sizes.root).toBeGreaterThanOrEqual(19);
    expect(sizes.smallestButton).toBeGreaterThanOrEqual(52);
    expect(await daan.getByRole('link', { name: 'Mijn taken' }).count()).toBe(0);

    const annaPage = await newPage(browser, app);
    await login(annaPage, 'anna@kring.test');
    await annaPage.getByRole('link', { name: 'Mijn taken' }).waitFor({ timeout: WAIT_MS });
  });
});
