/**
 * Activities in the client space over HTTP: staff plan them, members sign up; beyond the capacity a sign-up
 * lands on the waiting list, a cancellation gives the place to the first waiter, a retried request never signs
 * up twice, and reminders list the next 24 hours. Only members of the client space see any of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useKring, useSessions } from '../support/server.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

interface Mine {
  status: string;
  position: number | null;
}

interface ActivityView {
  id: string;
  title: string;
  startsAt: string;
  capacity: number;
  confirmed: number;
  waiting: number;
  placesLeft: number;
  cancelledAt: string | null;
  me: Mine | null;
  canSignUp: boolean;
  canManage: boolean;
}

const HOUR = 3600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

describe('activities with sign-up', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'daan', 'bram', 'admin']);
  let clients: Invited[];
  let reader: Invited;
  let requests = 0;

  const plan = async (title: string, capacity: number, startsAt = inHours(48)) => {
    const response = await api<{ activity: ActivityView }>(kring.url, sessions.anna, 'POST', '/api/activities', {
      spaceId: 'clientenplein',
      title,
      description: 'Voor iedereen van het plein',
      startsAt,
      place: 'Buurthuis De Kring',
      capacity,
    });
    expect(response.status).toBe(201);
    return response.body.activity;
  };
  const signUp = (cookie: string, id: string, requestId = `verzoek-${++requests}`) =>
    api<{ signup: Mine; activity: ActivityView }>(kring.url, cookie, 'POST', `/api/activities/${id}/signup`, { requestId });
  const cancel = (cookie: string, id: string) => api<{ signup: Mine | null; activity: ActivityView }>(kring.url, cookie, 'POST', `/api/activities/${id}/cancel`);
  const get = (cookie: string, id: string) => api<{ activity: ActivityView; participants?: { name: string; status: string; position: number | null }[] }>(kring.url, cookie, 'GET', `/api/activities/${id}`);

  beforeAll(async () => {
    clients = [];
    for (const name of ['Truus', 'Henk', 'Fatima']) clients.push(await invitePerson(kring.url, sessions.admin, 'client', [{ spaceId: 'clientenplein', role: 'member' }], name));
    reader = await invitePerson(kring.url, sessions.admin, 'client', [{ spaceId: 'clientenplein', role: 'reader' }], 'Alleen Lezen');
  });

  it('a client signs up for a full activity and lands on the waiting list; a cancellation gives the first waiter the place', async () => {
    const walk = await plan('Wandelen in het park', 2);
    expect(walk).toMatchObject({ capacity: 2, confirmed: 0, waiting: 0, placesLeft: 2, canManage: true });
    expect((await signUp(clients[0].cookie, walk.id)).body.signup).toMatchObject({ status: 'confirmed', position: null });
    expect((await signUp(clients[1].cookie, walk.id)).body.signup).toMatchObject({ status: 'confirmed' });

    const full = await signUp(sessions.daan, walk.id);
    expect(full.status).toBe(201);
    expect(full.body.signup).toMatchObject({ status: 'waiting', position: 1 });
    expect(full.body.activity).toMatchObject({ confirmed: 2, waiting: 1, placesLeft: 0, me: { status: 'waiting', position: 1 } });
    expect((await signUp(clients[2].cookie, walk.id)).body.signup).toMatchObject({ status: 'waiting', position: 2 });

    const cancelled = await cancel(clients[0].cookie, walk.id);
    expect(cancelled.body.signup).toMatchObject({ status: 'cancelled' });
    expect((await get(sessions.daan, walk.id)).body.activity.me).toMatchObject({ status: 'confirmed', position: null });
    expect((await get(clients[2].cookie, walk.id)).body.activity.me).toMatchObject({ status: 'waiting', position: 1 });
    expect((await get(sessions.anna, walk.id)).body.activity).toMatchObject({ confirmed: 2, waiting: 1 });
    // Cancelling again changes nothing.
    expect((await cancel(clients[0].cookie, walk.id)).body.signup).toBeNull();
  });

  it('a retried or repeated sign-up never signs up twice', async () => {
    const cooking = await plan('Samen koken', 1);
    const first = await signUp(sessions.daan, cooking.id, 'daan-koken-1');
    const retried = await signUp(sessions.daan, cooking.id, 'daan-koken-1');
    const again = await signUp(sessions.daan, cooking.id, 'daan-koken-2');
    expect([first.status, retried.status, again.status]).toEqual([201, 200, 200]);
    expect(retried.body.signup).toEqual(first.body.signup);
    // The same request arriving twice at once (a flaky connection) still counts once.
    const racing = await Promise.all([signUp(clients[0].cookie, cooking.id, 'truus-koken'), signUp(clients[0].cookie, cooking.id, 'truus-koken')]);
    expect(racing.map((r) => r.body.signup)).toEqual([racing[0].body.signup, racing[0].body.signup]);
    expect((await get(sessions.anna, cooking.id)).body.activity).toMatchObject({ confirmed: 1, waiting: 1 });
    expect((await signUp(sessions.daan, cooking.id, 'x')).status).toBe(400);
  });

  it('shows staff who has a place and who waits, and clients only their own sign-up', async () => {
    const bingo = await plan('Bingo', 1);
    await signUp(sessions.daan, bingo.id);
    await signUp(clients[1].cookie, bingo.id);
    const staff = await get(sessions.anna, bingo.id);
    expect(staff.body.participants).toEqual([
      { userId: expect.any(String), name: 'Daan Bakker', status: 'confirmed', position: null },
      { userId: expect.any(String), name: 'Henk', status: 'waiting', position: 1 },
    ]);
    const client = await get(clients[1].cookie, bingo.id);
    expect(client.body.participants).toBeUndefined();
    expect(JSON.stringify(client.body)).not.toContain('Daan');
  });

  it('lists the reminders for the next 24 hours, and says no push message is sent', async () => {
    const soon = await plan('Koffieochtend', 10, inHours(3));
    const nextWeek = await plan('Uitje naar de dierentuin', 10, inHours(24 * 7));
    await signUp(clients[2].cookie, soon.id);
    await signUp(clients[2].cookie, nextWeek.id);
    const reminders = await api<{ hours: number; reminders: ActivityView[] }>(kring.url, clients[2].cookie, 'GET', '/api/activities/reminders');
    expect(reminders.status).toBe(200);
    expect(reminders.body.hours).toBe(24);
    expect(reminders.body.reminders.map((a) => [a.title, a.me?.status])).toEqual([['Koffieochtend', 'confirmed']]);
    await cancel(clients[2].cookie, soon.id);
    expect((await api<{ reminders: unknown[] }>(kring.url, clients[2].cookie, 'GET', '/api/activities/reminders')).body.reminders).toEqual([]);
  });

  it('lists upcoming activities of the space with my own status', async () => {
    const list = await api<{ activities: ActivityView[] }>(kring.url, sessions.daan, 'GET', '/api/activities?spaceId=clientenplein');
    expect(list.status).toBe(200);
    const titles = list.body.activities.map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Wandelen in het park', 'Samen koken', 'Bingo']));
    const starts = list.body.activities.map((a) => Date.parse(a.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(list.body.activities.find((a) => a.title === 'Bingo')?.me).toMatchObject({ status: 'confirmed' });
    expect(list.body.activities.every((a) => a.canSignUp && !a.canManage)).toBe(true);
  });

  it('lets staff change and call off activities; a larger capacity gives waiters a place', async () => {
    const quiz = await plan('Quiz', 1);
    await signUp(sessions.daan, quiz.id);
    await signUp(clients[0].cookie, quiz.id);
    const bigger = await api<{ activity: ActivityView }>(kring.url, sessions.anna, 'PATCH', `/api/activities/${quiz.id}`, { capacity: 2, place: 'De grote zaal' });
    expect(bigger.body.activity).toMatchObject({ capacity: 2, confirmed: 2, waiting: 0 });
    expect((await get(clients[0].cookie, quiz.id)).body.activity.me?.status).toBe('confirmed');
    expect((await api(kring.url, sessions.daan, 'PATCH', `/api/activities/${quiz.id}`, { capacity: 20 })).status).toBe(403);
    const off = await api<{ activity: ActivityView }>(kring.url, sessions.anna, 'PATCH', `/api/activities/${quiz.id}`, { cancelled: true });
    expect(off.body.activity.cancelledAt).not.toBeNull();
    const late = await signUp(clients[1].cookie, quiz.id);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'cancelled' } });
  });

  it('refuses sign-ups once an activity started', async () => {
    const started = await plan('Al begonnen', 5, inHours(-1));
    const response = await signUp(sessions.daan, started.id);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'started' } });
  });

  it('keeps activities to the members of the client space: clients do not plan, readers do not sign up, outsiders see nothing', async () => {
    const activity = await plan('Alleen voor het plein', 5);
    expect(
      (await api(kring.url, sessions.daan, 'POST', '/api/activities', { spaceId: 'clientenplein', title: 'Van Daan', startsAt: inHours(5), capacity: 3 })).status,
    ).toBe(403);
    expect((await signUp(reader.cookie, activity.id)).status).toBe(403);
    expect((await get(reader.cookie, activity.id)).status).toBe(200);
    // Bram (an employee of another team) and the admin are not members: the activity does not exist for them.
    for (const cookie of [sessions.bram, sessions.admin]) {
      expect((await get(cookie, activity.id)).status).toBe(404);
      expect((await signUp(cookie, activity.id)).status).toBe(404);
      expect((await api(kring.url, cookie, 'GET', '/api/activities?spaceId=clientenplein')).status).toBe(404);
    }
    // Not in team spaces, not in news.
    for (const spaceId of ['noord', 'nieuws']) {
      expect((await api(kring.url, sessions.anna, 'POST', '/api/activities', { spaceId, title: 'X', startsAt: inHours(5), capacity: 3 })).status).toBe(404);
    }
    expect((await api(kring.url, '', 'GET', '/api/activities/reminders')).status).toBe(401);
    expect((await api(kring.url, sessions.anna, 'POST', '/api/activities', { spaceId: 'clientenplein', title: 'X', startsAt: '2026-12-01 10:00', capacity: 3 })).status).toBe(400);
  });
});
