import { beforeEach, describe, expect, it } from 'vitest';
import type { Accounts, User } from '../accounts/accounts.ts';
import { Activities, ActivityError, type ActivityInput } from './activities.ts';
import type { KringDb } from '../db/schema.ts';
import { testOrganisation } from '../testing.ts';

let db: KringDb;
let accounts: Accounts;
let activities: Activities;
let people: User[];

const NOW = Date.parse('2026-12-01T09:00:00Z');
const HOUR = 3600_000;

beforeEach(async () => {
  ({ db, accounts } = await testOrganisation());
  await accounts.createSpace({ id: 'plein', organisationId: 'org', name: 'Cliëntenplein', kind: 'client' });
  people = [];
  for (const name of ['daan', 'truus', 'henk', 'fatima']) {
    people.push(await accounts.createUser({ organisationId: 'org', email: `${name}@kring.test`, name, password: 'pw-123456', role: 'client' }));
  }
  activities = new Activities(db);
});

const input = (overrides: Partial<ActivityInput> = {}): ActivityInput => ({
  title: 'Koffieochtend',
  description: 'Koffie en een praatje',
  startsAt: NOW + 2 * HOUR,
  endsAt: NOW + 3 * HOUR,
  place: 'Buurthuis De Kring',
  capacity: 2,
  ...overrides,
});

describe('Activities', () => {
  it('gives places up to the capacity, then a waiting list in order', async () => {
    const activity = await activities.create('plein', input(), null, NOW);
    const results = [];
    for (const [i, person] of people.entries()) results.push((await activities.signUp(activity.id, person.id, `request-${i}`, NOW)).signup);
    expect(results.map((s) => [s.status, s.position])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
      ['waiting', 1],
      ['waiting', 2],
    ]);
    expect(await activities.get(activity.id)).toMatchObject({ confirmed: 2, waiting: 2 });
  });

  it('is idempotent: a retried request, or a second one, does not sign up twice', async () => {
    const activity = await activities.create('plein', input({ capacity: 1 }), null, NOW);
    const first = await activities.signUp(activity.id, people[0]!.id, 'request-a', NOW);
    const retried = await activities.signUp(activity.id, people[0]!.id, 'request-a', NOW);
    const second = await activities.signUp(activity.id, people[0]!.id, 'request-b', NOW);
    expect(first.created).toBe(true);
    expect(retried).toEqual({ signup: first.signup, created: false });
    expect(second).toEqual({ signup: first.signup, created: false });
    expect(await activities.get(activity.id)).toMatchObject({ confirmed: 1, waiting: 0 });
  });

  it('a retried sign-up after cancelling does not sign up again', async () => {
    const activity = await activities.create('plein', input(), null, NOW);
    await activities.signUp(activity.id, people[0]!.id, 'request-a', NOW);
    await activities.cancelSignup(activity.id, people[0]!.id, NOW);
    const retried = await activities.signUp(activity.id, people[0]!.id, 'request-a', NOW);
    expect(retried.signup.status).toBe('cancelled');
    expect(await activities.signupOf(activity.id, people[0]!.id)).toBeNull();
    // A new request does sign up again.
    expect((await activities.signUp(activity.id, people[0]!.id, 'request-c', NOW)).signup.status).toBe('confirmed');
  });

  it('keeps a second live sign-up out at the database level too', async () => {
    const activity = await activities.create('plein', input(), null, NOW);
    const row = { activity_id: activity.id, user_id: people[0]!.id, status: 'confirmed' as const, created_at: NOW, updated_at: NOW };
    await db.insertInto('activity_signups').values({ ...row, request_id: 'raw-1xxxxx' }).execute();
    await expect(db.insertInto('activity_signups').values({ ...row, request_id: 'raw-2xxxxx' }).execute()).rejects.toThrow();
  });

  it('gives a freed place to the first on the waiting list', async () => {
    const activity = await activities.create('plein', input({ capacity: 1 }), null, NOW);
    for (const [i, person] of people.slice(0, 3).entries()) await activities.signUp(activity.id, person.id, `request-${i}`, NOW);
    const { signup, promoted } = await activities.cancelSignup(activity.id, people[0]!.id, NOW);
    expect(signup?.status).toBe('cancelled');
    expect(promoted).toBe(people[1]!.id);
    expect((await activities.signupOf(activity.id, people[1]!.id))!.status).toBe('confirmed');
    expect((await activities.signupOf(activity.id, people[2]!.id))).toMatchObject({ status: 'waiting', position: 1 });
    expect(await activities.cancelSignup(activity.id, people[0]!.id, NOW)).toEqual({ signup: null, promoted: null });
  });

  it('a waiter who cancels moves the others up without giving a place away', async () => {
    const activity = await activities.create('plein', input({ capacity: 1 }), null, NOW);
    for (const [i, person] of people.slice(0, 3).entries()) await activities.signUp(activity.id, person.id, `request-${i}`, NOW);
    expect((await activities.cancelSignup(activity.id, people[1]!.id, NOW)).promoted).toBeNull();
    expect(await activities.signupOf(activity.id, people[2]!.id)).toMatchObject({ status: 'waiting', position: 1 });
  });

  it('a larger capacity gives places to the waiting list; a smaller one takes none away', async () => {
    const activity = await activities.create('plein', input({ capacity: 1 }), null, NOW);
    for (const [i, person] of people.entries()) await activities.signUp(activity.id, person.id, `request-${i}`, NOW);
    expect(await activities.update(activity.id, { capacity: 3 }, NOW)).toMatchObject({ capacity: 3, confirmed: 3, waiting: 1 });
    expect(await activities.update(activity.id, { capacity: 1 }, NOW)).toMatchObject({ capacity: 1, confirmed: 3, waiting: 1 });
  });

  it('refuses sign-ups for a cancelled or started activity, and for an unknown one', async () => {
    const started = await activities.create('plein', input({ startsAt: NOW - HOUR, endsAt: NOW + HOUR }), null, NOW);
    await expect(activities.signUp(started.id, people[0]!.id, 'request-1', NOW)).rejects.toMatchObject({ code: 'started' });
    const called = await activities.create('plein', input(), null, NOW);
    await activities.cancel(called.id, NOW);
    await expect(activities.signUp(called.id, people[0]!.id, 'request-2', NOW)).rejects.toMatchObject({ code: 'cancelled' });
    const error = await activities.signUp('nope', people[0]!.id, 'request-3', NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActivityError);
    expect((error as ActivityError).code).toBe('not_found');
  });

  it('lists the participants in order, for staff', async () => {
    const activity = await activities.create('plein', input({ capacity: 1 }), null, NOW);
    for (const [i, person] of people.slice(0, 3).entries()) await activities.signUp(activity.id, person.id, `request-${i}`, NOW);
    expect(await activities.participants(activity.id)).toEqual([
      { userId: people[0]!.id, name: 'daan', status: 'confirmed', position: null },
      { userId: people[1]!.id, name: 'truus', status: 'waiting', position: 1 },
      { userId: people[2]!.id, name: 'henk', status: 'waiting', position: 2 },
    ]);
  });

  it('lists upcoming activities and what is within a window for reminders', async () => {
    const soon = await activities.create('plein', input({ title: 'Straks' }), null, NOW);
    const later = await activities.create('plein', input({ title: 'Volgende week', startsAt: NOW + 7 * 24 * HOUR, endsAt: null }), null, NOW);
    await activities.create('plein', input({ title: 'Gisteren', startsAt: NOW - 24 * HOUR, endsAt: NOW - 23 * HOUR }), null, NOW - 48 * HOUR);
    const called = await activities.create('plein', input({ title: 'Afgelast', startsAt: NOW + 4 * HOUR, endsAt: null }), null, NOW);
    for (const activity of [soon, later, called]) await activities.signUp(activity.id, people[0]!.id, `r-${activity.id}`, NOW);
    await activities.cancel(called.id, NOW);
    expect((await activities.list('plein', NOW)).map((a) => a.title)).toEqual(['Straks', 'Afgelast', 'Volgende week']);
    const reminders = await activities.upcomingFor(people[0]!.id, NOW, NOW + 24 * HOUR);
    expect(reminders.map((r) => [r.activity.title, r.signup.status])).toEqual([['Straks', 'confirmed']]);
  });
});
