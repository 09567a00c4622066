/**
 * Booking a meeting room, as a team member does it: on a phone (360 px) she picks Thursday, taps a free period of
 * Vergaderruimte Noord and asks for 10:00–11:00 while offline; the request waits on the device as "Aangevraagd"
 * and is confirmed when the network is back. A request for a time someone else took meanwhile comes back refused,
 * with what is free instead, and one tap books that. On a desktop the week grid shows the rooms by day. Axe clean;
 * screenshots docs/screenshots/rooms-360.png and rooms-week.png.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, amsterdamDate, amsterdamTime } from '@kring/contract';
import { login, newPage, ROOT, useBrowser, useKring, WAIT_MS } from './support.ts';
import { api, apiLogin, overflow, PHONE, seriousViolations } from './community-support.ts';

const app = useKring();
const browser = useBrowser();
let bram: string;
let anna: string;

interface Booking {
  roomId: string;
  title: string;
  startsAt: string;
  bookedBy: string;
}

/** The coming Thursday, at least a day ahead (Amsterdam date). */
function thursday(): string {
  let date = addDays(amsterdamDate(Date.now()), 1);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 4) date = addDays(date, 1);
  return date;
}
const THURSDAY = thursday();
const at = (hour: number) => new Date(amsterdamTime(THURSDAY, hour)).toISOString();

async function bookingsOnThursday(): Promise<Booking[]> {
  return (await api<{ bookings: Booking[] }>(app.url, anna, 'GET', `/api/rooms?from=${THURSDAY}`)).body.bookings;
}

async function openRooms(page: Page): Promise<void> {
  await page.goto('/');
  // Room booking is part of the desk ("Balie"), one place for the support office's services.
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Balie' }).click();
  await page.getByRole('link', { name: 'Zalen boeken' }).click();
  await page.getByRole('heading', { name: 'Zalen boeken', level: 1 }).waitFor({ timeout: WAIT_MS });
}

beforeAll(async () => {
  bram = await apiLogin(app.url, 'bram@kring.test');
  anna = await apiLogin(app.url, 'anna@kring.test');
});

describe('room booking', () => {
  it('a team member books the meeting room for Thursday from a phone, also while offline', async () => {
    const page = await newPage(browser, app, { viewport: PHONE });
    await login(page, 'anna@kring.test');
    await openRooms(page);
    await page.getByRole('button', { name: 'Dag', pressed: true }).waitFor({ timeout: WAIT_MS });
    await page.getByLabel('Datum').fill(THURSDAY);
    const noord = page.locator('li[data-room="Vergaderruimte Noord"]');
    await noord.getByRole('button', { name: /^Vrij 08:00.*, Vergaderruimte Noord boeken$/ }).click();

    const form = page.getByRole('form', { name: 'Zaal aanvragen' });
    await form.getByLabel('Van').selectOption('10:00');
    await form.getByLabel('Tot').selectOption('11:00');
    await form.getByLabel('Waarvoor (niet verplicht)').fill('Teamoverleg Noord');

    await page.context().setOffline(true);
    await form.getByRole('button', { name: 'Aanvragen' }).click();
    const requested = page.locator('[data-room-request="requested"]');
    await requested.getByText('Aangevraagd:').waitFor({ timeout: WAIT_MS });
    expect(await requested.innerText()).toContain('10:00–11:00');
    expect((await bookingsOnThursday()).filter((b) => b.title === 'Teamoverleg Noord')).toEqual([]);

    await page.context().setOffline(false);
    await page.locator('[data-room-confirmed]').getByText(/Bevestigd: Vergaderruimte Noord, .* 10:00–11:00/).waitFor({ timeout: WAIT_MS });
    await noord.getByText('Teamoverleg Noord (Anna de Vries)').waitFor({ timeout: WAIT_MS });
    expect(await requested.count()).toBe(0);
    expect((await bookingsOnThursday()).filter((b) => b.title === 'Teamoverleg Noord').map((b) => [b.startsAt, b.bookedBy])).toEqual([[at(10), 'Anna de Vries']]);

    // A time Bram takes while Anna's request waits on her phone comes back refused, with what is free instead.
    await page.context().setOffline(true);
    await noord.getByRole('button', { name: /^Vrij 11:00.*, Vergaderruimte Noord boeken$/ }).click();
    await form.getByLabel('Van').selectOption('14:00');
    await form.getByLabel('Tot').selectOption('15:00');
    await form.getByRole('button', { name: 'Aanvragen' }).click();
    await requested.waitFor({ timeout: WAIT_MS });
    const noordId = (await api<{ rooms: { id: string; name: string }[] }>(app.url, bram, 'GET', '/api/rooms')).body.rooms.find((r) => r.name === 'Vergaderruimte Noord')!.id;
    expect((await api(app.url, bram, 'POST', `/api/rooms/${noordId}/bookings`, { requestId: 'bram-noord-donderdag', startsAt: at(14), endsAt: at(15), title: 'Bram' })).status).toBe(201);
    await page.context().setOffline(false);
    const refused = page.locator('[data-room-request="refused"]');
    await refused.getByText('De zaal is op dat moment al bezet. Er is niets geboekt.').waitFor({ timeout: WAIT_MS });
    expect(await seriousViolations(page)).toEqual([]);
    expect((await overflow(page)).wide).toEqual([]);
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'rooms-360.png'), animations: 'disabled', caret: 'hide' });

    await refused.getByRole('button', { name: /^Overlegkamer Zuid, .* 14:00–15:00 aanvragen$/ }).click();
    await page.locator('[data-room-confirmed]').getByText(/Bevestigd: Overlegkamer Zuid, .* 14:00–15:00/).waitFor({ timeout: WAIT_MS });
    expect(await refused.count()).toBe(0);

    // Her own bookings are listed with a button to cancel each.
    const mine = page.getByRole('region', { name: 'Mijn boekingen' });
    await mine.getByRole('button', { name: /^Afzeggen: Overlegkamer Zuid/ }).click();
    await page.waitForFunction(() => !document.querySelector('[data-my-booking]')?.closest('ul')?.textContent?.includes('Overlegkamer Zuid'), undefined, { timeout: WAIT_MS });
    expect((await bookingsOnThursday()).map((b) => b.title).sort()).toEqual(['Bram', 'Teamoverleg Noord']);
  });

  it('shows the week as a grid of rooms by day on a desktop', async () => {
    const page = await newPage(browser, app, { viewport: { width: 1280, height: 900 } });
    await login(page, 'anna@kring.test');
    await openRooms(page);
    await page.getByRole('button', { name: 'Week', pressed: true }).waitFor({ timeout: WAIT_MS });
    await page.getByLabel('Datum').fill(THURSDAY);
    const grid = page.getByRole('table');
    const row = grid.locator('tr[data-room="Vergaderruimte Noord"]');
    await row.getByText('Teamoverleg Noord').waitFor({ timeout: WAIT_MS });
    const headers = await grid.locator('thead th').allInnerTexts();
    expect(headers).toHaveLength(8);
    // Thursday is the fourth day of the week: its column holds the booking.
    const cells = row.locator('td');
    expect(await cells.nth(3).innerText()).toContain('10:00–11:00');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Datum').blur();
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'rooms-week.png'), animations: 'disabled', caret: 'hide' });
  });

  it('lets an administrator add a room, which is then there to book', async () => {
    const page = await newPage(browser, app, { viewport: { width: 1280, height: 900 } });
    await login(page, 'admin@kring.test');
    await openRooms(page);
    const form = page.getByRole('region', { name: 'Zaal toevoegen' });
    await form.getByLabel('Naam').fill('Stiltekamer');
    await form.getByLabel('Waar').fill('Kantoor Zuid');
    await form.getByLabel('Aantal personen').fill('2');
    await form.getByLabel('Voorzieningen').fill('bureau, lamp');
    await form.getByRole('button', { name: 'Toevoegen' }).click();
    await form.getByText('Zaal Stiltekamer is toegevoegd.').waitFor({ timeout: WAIT_MS });
    await page.getByRole('table').locator('tr[data-room="Stiltekamer"]').waitFor({ timeout: WAIT_MS });
    const rooms = (await api<{ rooms: { name: string; capacity: number; facilities: string[] }[] }>(app.url, anna, 'GET', '/api/rooms')).body.rooms;
    expect(rooms.find((room) => room.name === 'Stiltekamer')).toMatchObject({ capacity: 2, facilities: ['bureau', 'lamp'] });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lets an administrator change a room and, after asking, remove it with its bookings, on a phone', async () => {
    const admin = await apiLogin(app.url, 'admin@kring.test');
    const made = await api<{ room: { id: string } }>(app.url, admin, 'POST', '/api/rooms', { name: 'Oude spreekkamer', location: 'Kantoor Noord', capacity: 4 });
    expect(made.status).toBe(201);
    const booked = await api(app.url, anna, 'POST', `/api/rooms/${made.body.room.id}/bookings`, { requestId: `weg-${Date.now()}`, startsAt: at(14), endsAt: at(15), title: 'Overleg' });
    expect(booked.status).toBe(201);

    const page = await newPage(browser, app, { viewport: PHONE, isMobile: true, hasTouch: true });
    await login(page, 'admin@kring.test');
    await openRooms(page);
    const manage = page.getByRole('region', { name: 'Zalen beheren' });
    await manage.getByRole('button', { name: 'Zaal Oude spreekkamer wijzigen' }).click();
    const form = manage.getByRole('form', { name: 'Zaal Oude spreekkamer wijzigen' });
    await form.getByLabel('Naam').fill('Spreekkamer Noord');
    await form.getByLabel('Aantal personen').fill('6');
    await form.getByLabel('Voorzieningen').fill('scherm');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await manage.getByText('Zaal Spreekkamer Noord is gewijzigd.').waitFor({ timeout: WAIT_MS });
    const rooms = async () => (await api<{ rooms: { id: string; name: string; capacity: number; facilities: string[] }[] }>(app.url, anna, 'GET', '/api/rooms')).body.rooms;
    expect((await rooms()).find((room) => room.id === made.body.room.id)).toMatchObject({ name: 'Spreekkamer Noord', capacity: 6, facilities: ['scherm'] });

    // Removing asks first; "Nee" keeps it, "Ja" removes the room and its bookings.
    await manage.getByRole('button', { name: 'Zaal Spreekkamer Noord verwijderen' }).click();
    await manage.getByText('Alle boekingen van deze zaal gaan ook weg.', { exact: false }).waitFor({ timeout: WAIT_MS });
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'rooms-manage-360.png'), animations: 'disabled', caret: 'hide' });
    await manage.getByRole('button', { name: 'Nee, bewaren' }).click();
    expect((await rooms()).some((room) => room.id === made.body.room.id)).toBe(true);
    await manage.getByRole('button', { name: 'Zaal Spreekkamer Noord verwijderen' }).click();
    await manage.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await manage.getByText('Zaal Spreekkamer Noord is verwijderd.').waitFor({ timeout: WAIT_MS });
    expect((await rooms()).some((room) => room.id === made.body.room.id)).toBe(false);
    expect((await bookingsOnThursday()).some((booking) => booking.roomId === made.body.room.id)).toBe(false);
    expect((await overflow(page)).wide).toEqual([]);
    await page.context().close();
  });

  it('gives a person a secret calendar link', async () => {
    const page = await newPage(browser, app, { viewport: PHONE });
    await login(page, 'bram@kring.test');
    await openRooms(page);
    await page.getByRole('button', { name: 'Agenda-link maken' }).click();
    const link = await page.getByLabel('Uw agenda-link').inputValue();
    expect(link).toMatch(/\/api\/rooms\/calendar\/[A-Za-z0-9_-]{43}$/);
    const calendar = await fetch(link.replace(/^https?:\/\/[^/]+/, app.url));
    expect(await calendar.text()).toContain('SUMMARY:Bram (Vergaderruimte Noord)');
  });
});
