/**
 * Room booking over HTTP against a real server: the server decides, so two people racing for the same slot
 * never both get it (the loser hears 409 with the nearest free alternatives); a request kept on a device while
 * offline is decided when it arrives, once; weekly series are all or nothing; cancel; the iCalendar feeds behind
 * a secret address, parsed back with ical.js; and who may do what, tried from other people's valid sessions.
 */
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, amsterdamDate, amsterdamTime } from '@kring/contract';
import { useKring, useSessions } from '../support/server.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

interface Room {
  id: string;
  name: string;
  location: string;
  capacity: number;
  facilities: string[];
}
interface Booking {
  id: string;
  roomId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  bookedBy: string;
  seriesId: string | null;
  mine: boolean;
  canCancel: boolean;
}
interface Taken {
  error: { code: string; message: string };
  clashes: { startsAt: string; endsAt: string }[];
  alternatives: { roomId: string; roomName: string; startsAt: string; endsAt: string }[];
}

/** The Thursday `weeks` weeks after the coming one (Amsterdam dates). */
function thursday(weeks: number): string {
  let date = addDays(amsterdamDate(Date.now()), 2);
  while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 4) date = addDays(date, 1);
  return addDays(date, 7 * weeks);
}
const at = (date: string, hour: number, minute = 0) => new Date(amsterdamTime(date, hour, minute)).toISOString();
/** The Amsterdam wall-clock time of a moment, as "HH:MM". */
const clock = (moment: Date | string) =>
  new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(moment));

let requests = 0;
const requestId = () => `verzoek-${Date.now().toString(36)}-${++requests}`;

describe('room booking', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'eva', 'daan', 'admin']);
  let rooms: Room[];
  let noord: Room;
  let zuid: Room;
  let guest: Invited;

  const list = (cookie: string, from?: string, days = 1) => api<{ rooms: Room[]; bookings: Booking[]; mine: Booking[]; canManage: boolean }>(kring.url, cookie, 'GET', `/api/rooms?days=${days}${from ? `&from=${from}` : ''}`);
  const book = (cookie: string, room: string, body: Record<string, unknown>) => api<{ bookings: Booking[] } & Partial<Taken>>(kring.url, cookie, 'POST', `/api/rooms/${room}/bookings`, { requestId: requestId(), ...body });
  const cancel = (cookie: string, id: string, series = false) => api<{ bookings: Booking[] }>(kring.url, cookie, 'DELETE', `/api/rooms/bookings/${id}${series ? '?series=1' : ''}`);
  const events = async (url: string) => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
  };

  beforeAll(async () => {
    rooms = (await list(sessions.anna)).body.rooms;
    noord = rooms.find((room) => room.name === 'Vergaderruimte Noord')!;
    zuid = rooms.find((room) => room.name === 'Overlegkamer Zuid')!;
    guest = await invitePerson(kring.url, sessions.admin, 'guest', [{ spaceId: 'noord', role: 'reader' }], 'Gast Gijs');
  });

  it('shows employees the demo rooms with their location, capacity and facilities', async () => {
    const answer = await list(sessions.anna);
    expect(answer.status).toBe(200);
    expect(answer.body.rooms.map((room) => room.name)).toEqual(['Grote zaal', 'Overlegkamer Zuid', 'Vergaderruimte Noord']);
    expect(noord).toMatchObject({ location: 'Kantoor Noord, 1e verdieping', capacity: 8 });
    expect(noord.facilities).toContain('whiteboard');
    expect(answer.body.canManage).toBe(false);
    expect((await list(sessions.admin)).body.canManage).toBe(true);
  });

  it('of two people booking the last slot at the same moment, exactly one gets it; the other hears 409 with free alternatives', async () => {
    for (let round = 0; round < 4; round++) {
      const date = thursday(1);
      const slot = { startsAt: at(date, 10 + round), endsAt: at(date, 11 + round), title: 'Overleg' };
      const [anna, bram] = await Promise.all([book(sessions.anna, noord.id, slot), book(sessions.bram, noord.id, slot)]);
      expect([anna.status, bram.status].sort()).toEqual([201, 409]);
      const lost = anna.status === 409 ? anna : bram;
      expect(lost.body.error?.code).toBe('room_taken');
      expect(lost.body.clashes).toEqual([{ startsAt: slot.startsAt, endsAt: slot.endsAt }]);
      // Other rooms at the same time first, then this room at the nearest free time of the same length.
      const alternatives = lost.body.alternatives!;
      expect(alternatives.filter((alt) => alt.roomId !== noord.id).every((alt) => alt.startsAt === slot.startsAt)).toBe(true);
      expect(alternatives.some((alt) => alt.roomId === zuid.id)).toBe(true);
      const sameRoom = alternatives.filter((alt) => alt.roomId === noord.id);
      expect(sameRoom.length).toBeGreaterThan(0);
      for (const alt of sameRoom) expect(Date.parse(alt.endsAt) - Date.parse(alt.startsAt)).toBe(3600_000);
    }
    const day = (await list(sessions.eva, thursday(1))).body.bookings.filter((b) => b.roomId === noord.id);
    expect(day.map((b) => clock(b.startsAt))).toEqual(['10:00', '11:00', '12:00', '13:00']);
  });

  it('an alternative offered after a clash can be booked', async () => {
    const date = thursday(2);
    await book(sessions.bram, noord.id, { startsAt: at(date, 9), endsAt: at(date, 12) });
    const taken = await book(sessions.anna, noord.id, { startsAt: at(date, 10), endsAt: at(date, 11) });
    expect(taken.status).toBe(409);
    const later = taken.body.alternatives!.find((alt) => alt.roomId === noord.id)!;
    expect(clock(later.startsAt)).toBe('12:00');
    expect((await book(sessions.anna, noord.id, { startsAt: later.startsAt, endsAt: later.endsAt })).status).toBe(201);
  });

  it('a booking kept on a device while offline is decided when it arrives, and a resent one is not booked twice', async () => {
    const date = thursday(3);
    // Anna's phone keeps two requests while offline, each with the id it made once.
    const keptTaken = { requestId: requestId(), startsAt: at(date, 14), endsAt: at(date, 15), title: 'Werkoverleg' };
    const keptFree = { requestId: requestId(), startsAt: at(date, 16), endsAt: at(date, 17), title: 'Intervisie' };
    // Meanwhile Bram, online, takes the first slot.
    expect((await book(sessions.bram, noord.id, { startsAt: at(date, 14), endsAt: at(date, 15) })).status).toBe(201);
    // The network is back: the outbox sends them.
    const refused = await api<Taken>(kring.url, sessions.anna, 'POST', `/api/rooms/${noord.id}/bookings`, keptTaken);
    expect(refused.status).toBe(409);
    expect(refused.body.alternatives.length).toBeGreaterThan(0);
    const confirmed = await api<{ bookings: Booking[] }>(kring.url, sessions.anna, 'POST', `/api/rooms/${noord.id}/bookings`, keptFree);
    expect(confirmed.status).toBe(201);
    // The answer was lost; the device sends the same request again.
    const again = await api<{ bookings: Booking[] }>(kring.url, sessions.anna, 'POST', `/api/rooms/${noord.id}/bookings`, keptFree);
    expect(again.status).toBe(200);
    expect(again.body.bookings.map((b) => b.id)).toEqual(confirmed.body.bookings.map((b) => b.id));
    const day = (await list(sessions.anna, date)).body.bookings.filter((b) => b.roomId === noord.id);
    expect(day.map((b) => [clock(b.startsAt), b.bookedBy])).toEqual([
      ['14:00', 'Bram Jansen'],
      ['16:00', 'Anna de Vries'],
    ]);
    // The same request id for another room is refused, not taken as a retry.
    expect((await api(kring.url, sessions.anna, 'POST', `/api/rooms/${zuid.id}/bookings`, keptFree)).status).toBe(409);
  });

  it('books a weekly series at the same Amsterdam time, also across the change to summer time, all or nothing', async () => {
    // From the Thursday before the end of March to well after it.
    const year = Number(thursday(0).slice(0, 4)) + 1;
    let first = `${year}-03-18`;
    while (new Date(`${first}T12:00:00Z`).getUTCDay() !== 4) first = addDays(first, 1);
    const series = await book(sessions.eva, zuid.id, { startsAt: at(first, 10), endsAt: at(first, 11), title: 'Redactie', repeat: { weeks: 4 } });
    if (Date.parse(at(first, 10)) > Date.now() + 366 * 86_400_000) {
      // Too far ahead this late in the year: the horizon refuses it, which is also the rule.
      expect(series.status).toBe(400);
      return;
    }
    expect(series.status).toBe(201);
    expect(series.body.bookings.map((b) => clock(b.startsAt))).toEqual(['10:00', '10:00', '10:00', '10:00']);
    expect(new Set(series.body.bookings.map((b) => b.seriesId)).size).toBe(1);
    // A second series that clashes in one week books nothing and names the clashing time.
    const clashing = await book(sessions.bram, zuid.id, { startsAt: at(addDays(first, -7), 10), endsAt: at(addDays(first, -7), 11), repeat: { until: addDays(first, 7) } });
    expect(clashing.status).toBe(409);
    expect(clashing.body.clashes!.map((c) => c.startsAt)).toEqual([at(first, 10), at(addDays(first, 7), 10)]);
    expect((await list(sessions.bram, addDays(first, -7))).body.bookings.filter((b) => b.roomId === zuid.id)).toEqual([]);
    // Cancelling the series from its second time leaves the first.
    const cancelled = await cancel(sessions.eva, series.body.bookings[1].id, true);
    expect(cancelled.body.bookings).toHaveLength(3);
    expect((await list(sessions.eva, first)).body.bookings.filter((b) => b.roomId === zuid.id)).toHaveLength(1);
  });

  it('refuses times in the past, off the quarter hour, backwards, too long, too far ahead and series too long', async () => {
    const date = thursday(4);
    const yesterday = addDays(amsterdamDate(Date.now()), -1);
    const cases: [Record<string, unknown>, number][] = [
      [{ startsAt: at(yesterday, 10), endsAt: at(yesterday, 11) }, 409],
      [{ startsAt: at(date, 10, 5), endsAt: at(date, 11) }, 400],
      [{ startsAt: at(date, 11), endsAt: at(date, 10) }, 400],
      [{ startsAt: at(date, 10), endsAt: at(date, 10) }, 400],
      [{ startsAt: at(date, 6), endsAt: at(date, 19) }, 400],
      [{ startsAt: at(addDays(date, 400), 10), endsAt: at(addDays(date, 400), 11) }, 400],
      [{ startsAt: at(date, 10), endsAt: at(date, 11), repeat: { weeks: 53 } }, 400],
      [{ startsAt: at(date, 10), endsAt: at(date, 11), repeat: { weeks: 1 } }, 400],
      [{ startsAt: at(date, 10), endsAt: at(date, 11), repeat: { until: addDays(date, 7 * 60) } }, 400],
      [{ startsAt: at(date, 10), endsAt: at(date, 11), title: 'x'.repeat(121) }, 400],
      [{ startsAt: '2026-12-10T10:00', endsAt: at(date, 11) }, 400],
      [{ startsAt: at(date, 10), endsAt: at(date, 11), requestId: 'kort' }, 400],
    ];
    for (const [body, status] of cases) expect([JSON.stringify(body), (await book(sessions.anna, noord.id, body)).status]).toEqual([JSON.stringify(body), status]);
    const started = await book(sessions.anna, noord.id, { startsAt: at(yesterday, 10), endsAt: at(yesterday, 11) });
    expect(started.body.error?.code).toBe('started');
    expect((await api(kring.url, sessions.anna, 'POST', `/api/rooms/${noord.id}/bookings`, 'x'.repeat(20_000))).status).toBe(400);
    expect((await book(sessions.anna, 'geen-kamer', { startsAt: at(date, 10), endsAt: at(date, 11) })).status).toBe(404);
    expect((await list(sessions.anna, date)).body.bookings).toEqual([]);
    expect((await api(kring.url, sessions.anna, 'GET', '/api/rooms?days=8')).status).toBe(400);
    expect((await api(kring.url, sessions.anna, 'GET', '/api/rooms?from=morgen')).status).toBe(400);
  });

  it('lets people cancel their own bookings and administrators any; the time is free again', async () => {
    const date = thursday(5);
    const annas = (await book(sessions.anna, noord.id, { startsAt: at(date, 13), endsAt: at(date, 14) })).body.bookings[0];
    expect(annas).toMatchObject({ mine: true, canCancel: true });
    const seenByBram = (await list(sessions.bram, date)).body.bookings.find((b) => b.id === annas.id)!;
    expect(seenByBram).toMatchObject({ mine: false, canCancel: false, bookedBy: 'Anna de Vries' });
    expect((await cancel(sessions.bram, annas.id)).status).toBe(403);
    expect((await cancel(sessions.admin, annas.id)).status).toBe(200);
    expect((await cancel(sessions.anna, annas.id)).status).toBe(404);
    const again = await book(sessions.bram, noord.id, { startsAt: at(date, 13), endsAt: at(date, 14) });
    expect(again.status).toBe(201);
    expect((await cancel(sessions.bram, again.body.bookings[0].id)).status).toBe(200);
  });

  it("gives a person's calendar program their bookings at Amsterdam times behind a secret address; a cancelled booking leaves it, a renewed address replaces it", async () => {
    const date = thursday(6);
    const made = await book(sessions.anna, noord.id, { startsAt: at(date, 9, 30), endsAt: at(date, 10, 45), title: 'Teamoverleg wijkzorg' });
    const gone = await book(sessions.anna, zuid.id, { startsAt: at(date, 14), endsAt: at(date, 15), title: 'Wordt afgezegd' });
    await book(sessions.bram, noord.id, { startsAt: at(date, 11), endsAt: at(date, 12), title: 'Overleg ouders' });
    const feed = await api<{ url: string }>(kring.url, sessions.anna, 'POST', '/api/rooms/feed');
    expect(feed.status).toBe(200);
    expect(feed.body.url).toMatch(/\/api\/rooms\/calendar\/[A-Za-z0-9_-]{43}$/);
    const url = feed.body.url.replace(/^https?:\/\/[^/]+/, kring.url);

    const mine = (await events(url)).filter((event) => event.startDate.toJSDate().toISOString().startsWith(date) || amsterdamDate(event.startDate.toJSDate().getTime()) === date);
    expect(mine.map((event) => event.summary).sort()).toEqual(['Teamoverleg wijkzorg (Vergaderruimte Noord)', 'Wordt afgezegd (Overlegkamer Zuid)']);
    const meeting = mine.find((event) => event.summary.startsWith('Teamoverleg'))!;
    expect(clock(meeting.startDate.toJSDate())).toBe('09:30');
    expect(clock(meeting.endDate.toJSDate())).toBe('10:45');
    expect(meeting.startDate.toJSDate().toISOString()).toBe(made.body.bookings[0].startsAt);
    expect(meeting.location).toBe('Vergaderruimte Noord, Kantoor Noord, 1e verdieping');
    expect(meeting.uid).toBe(`${made.body.bookings[0].id}@kring`);

    await cancel(sessions.anna, gone.body.bookings[0].id);
    expect((await events(url)).map((event) => event.summary)).not.toContain('Wordt afgezegd (Overlegkamer Zuid)');

    const renewed = await api<{ url: string }>(kring.url, sessions.anna, 'POST', '/api/rooms/feed');
    expect((await fetch(url)).status).toBe(404);
    expect((await events(renewed.body.url.replace(/^https?:\/\/[^/]+/, kring.url))).map((event) => event.summary)).toContain('Teamoverleg wijkzorg (Vergaderruimte Noord)');
    for (const token of ['x', 'a'.repeat(43), `${'a'.repeat(42)}%2F`]) expect((await fetch(`${kring.url}/api/rooms/calendar/${token}`)).status).toBe(404);
  });

  it("gives a room's feed to administrators only, and it names nobody", async () => {
    const date = thursday(7);
    await book(sessions.bram, noord.id, { startsAt: at(date, 15), endsAt: at(date, 16), title: 'Sollicitatiegesprek' });
    expect((await api(kring.url, sessions.anna, 'POST', `/api/rooms/${noord.id}/feed`)).status).toBe(403);
    const feed = await api<{ url: string }>(kring.url, sessions.admin, 'POST', `/api/rooms/${noord.id}/feed`);
    expect(feed.status).toBe(200);
    const url = feed.body.url.replace(/^https?:\/\/[^/]+/, kring.url);
    const text = await (await fetch(url)).text();
    expect(text).not.toContain('Bram');
    expect(text).not.toContain('Anna');
    const found = (await events(url)).find((event) => event.summary === 'Sollicitatiegesprek')!;
    expect(clock(found.startDate.toJSDate())).toBe('15:00');
    expect((await events(url)).some((event) => event.summary === 'Bezet')).toBe(true);
  });

  it('keeps clients, guests and people without a session out, and rooms to administrators', async () => {
    const date = thursday(8);
    const slot = { startsAt: at(date, 10), endsAt: at(date, 11) };
    for (const cookie of [sessions.daan, guest.cookie]) {
      expect((await list(cookie)).status).toBe(403);
      expect((await book(cookie, noord.id, slot)).status).toBe(403);
      expect((await api(kring.url, cookie, 'POST', '/api/rooms/feed')).status).toBe(403);
    }
    expect((await api(kring.url, '', 'GET', '/api/rooms')).status).toBe(401);
    expect((await book('', noord.id, slot)).status).toBe(401);
    const made = (await book(sessions.anna, noord.id, slot)).body.bookings[0];
    expect((await cancel(sessions.daan, made.id)).status).toBe(403);

    const room = { name: 'Stiltekamer', location: 'Kantoor Zuid', capacity: 2, facilities: ['bureau'] };
    expect((await api(kring.url, sessions.anna, 'POST', '/api/rooms', room)).status).toBe(403);
    expect((await api(kring.url, sessions.eva, 'PATCH', `/api/rooms/${noord.id}`, { capacity: 1 })).status).toBe(403);
    expect((await api(kring.url, sessions.bram, 'DELETE', `/api/rooms/${noord.id}`)).status).toBe(403);
    expect((await api(kring.url, sessions.admin, 'POST', '/api/rooms', { ...room, capacity: 0 })).status).toBe(400);
    expect((await api(kring.url, sessions.admin, 'POST', '/api/rooms', { ...room, facilities: Array(13).fill('x') })).status).toBe(400);
    const created = await api<{ room: Room }>(kring.url, sessions.admin, 'POST', '/api/rooms', room);
    expect(created.status).toBe(201);
    const changed = await api<{ room: Room }>(kring.url, sessions.admin, 'PATCH', `/api/rooms/${created.body.room.id}`, { capacity: 3 });
    expect(changed.body.room).toMatchObject({ name: 'Stiltekamer', capacity: 3 });
    expect((await api(kring.url, sessions.admin, 'DELETE', `/api/rooms/${created.body.room.id}`)).status).toBe(204);
    expect((await api(kring.url, sessions.admin, 'PATCH', `/api/rooms/${created.body.room.id}`, { capacity: 3 })).status).toBe(404);
  });

  it('refuses a booking sent from a page of another origin', async () => {
    const date = thursday(9);
    const foreign: Record<string, string>[] = [{ origin: 'http://elders.example' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of foreign) {
      const response = await fetch(`${kring.url}/api/rooms/${noord.id}/bookings`, {
        method: 'POST',
        headers: { cookie: sessions.anna, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ requestId: requestId(), startsAt: at(date, 10), endsAt: at(date, 11) }),
      });
      expect(response.status).toBe(403);
    }
    expect((await list(sessions.anna, date)).body.bookings).toEqual([]);
  });
});
