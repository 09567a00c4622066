import { beforeEach, describe, expect, it } from 'vitest';
import { amsterdamTime } from '@kring/contract';
import type { User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { testOrganisation } from '../testing.ts';
import { RoomError, RoomTaken, Rooms, occurrences, type Room } from './rooms.ts';

let db: KringDb;
let rooms: Rooms;
let anna: User;
let bram: User;
let noord: Room;
let zuid: Room;

const NOW = Date.parse('2026-12-07T08:00:00Z');
const at = (date: string, hour: number, minute = 0) => amsterdamTime(date, hour, minute);

beforeEach(async () => {
  const opened = await testOrganisation();
  db = opened.db;
  anna = await opened.accounts.createUser({ organisationId: 'org', email: 'anna@kring.test', name: 'Anna', password: 'pw-123456', role: 'employee' });
  bram = await opened.accounts.createUser({ organisationId: 'org', email: 'bram@kring.test', name: 'Bram', password: 'pw-123456', role: 'employee' });
  rooms = new Rooms(db);
  noord = await rooms.create('org', { name: 'Noord', location: 'Kantoor Noord', capacity: 8, facilities: ['scherm'] }, NOW);
  zuid = await rooms.create('org', { name: 'Zuid', location: 'Kantoor Zuid', capacity: 4, facilities: [] }, NOW);
});

describe('occurrences', () => {
  it('keeps a weekly series at its Amsterdam clock time across the change to summer time', () => {
    const times = occurrences({ requestId: 'r-00000001', title: '', startsAt: at('2027-03-18', 10), endsAt: at('2027-03-18', 11), repeat: { weeks: 3 } }, NOW);
    expect(times.map((t) => new Date(t.startsAt).toISOString())).toEqual(['2027-03-18T09:00:00.000Z', '2027-03-25T09:00:00.000Z', '2027-04-01T08:00:00.000Z']);
  });

  it('counts a series until a date, that date included', () => {
    expect(occurrences({ requestId: 'r-00000001', title: '', startsAt: at('2026-12-10', 10), endsAt: at('2026-12-10', 11), repeat: { until: '2026-12-24' } }, NOW)).toHaveLength(3);
  });
});

describe('Rooms', () => {
  it('books a free time, refuses an overlapping one with alternatives, and allows one that only touches it', async () => {
    await rooms.book('org', anna.id, noord.id, { requestId: 'anna-0001', title: 'Overleg', startsAt: at('2026-12-10', 10), endsAt: at('2026-12-10', 11) }, NOW);
    const clash = rooms.book('org', bram.id, noord.id, { requestId: 'bram-0001', title: '', startsAt: at('2026-12-10', 10, 30), endsAt: at('2026-12-10', 11, 30) }, NOW);
    await expect(clash).rejects.toBeInstanceOf(RoomTaken);
    const taken = (await clash.catch((error: unknown) => error)) as RoomTaken;
    expect(taken.alternatives[0]).toMatchObject({ roomId: zuid.id, startsAt: at('2026-12-10', 10, 30) });
    expect(taken.alternatives.filter((alt) => alt.roomId === noord.id).map((alt) => alt.startsAt)).toEqual([at('2026-12-10', 11), at('2026-12-10', 11, 15)]);
    const after = await rooms.book('org', bram.id, noord.id, { requestId: 'bram-0002', title: '', startsAt: at('2026-12-10', 11), endsAt: at('2026-12-10', 12) }, NOW);
    expect(after.created).toBe(true);
  });

  it("refuses another organisation's room as if it did not exist", async () => {
    await expect(rooms.book('other', anna.id, noord.id, { requestId: 'anna-0002', title: '', startsAt: at('2026-12-10', 10), endsAt: at('2026-12-10', 11) }, NOW)).rejects.toMatchObject({ code: 'not_found' });
    await expect(rooms.update('other', noord.id, { capacity: 1 })).rejects.toBeInstanceOf(RoomError);
  });

  it("forgets a person's bookings and calendar address at their erasure", async () => {
    await rooms.book('org', anna.id, noord.id, { requestId: 'anna-0003', title: 'Gesprek met mevrouw Jansen', startsAt: at('2026-12-10', 10), endsAt: at('2026-12-10', 11) }, NOW);
    const token = await rooms.renewFeed(`person:${anna.id}`, NOW);
    await rooms.forget(anna.id);
    expect(await rooms.bookingsBetween('org', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(await rooms.calendar(token, NOW)).toBeNull();
  });
});
