/** Demo meeting rooms, written once when the demo is seeded, with one booking of Anna's tomorrow morning. */
import type { KringDb } from '../db/schema.ts';
import { DEMO_ORGANISATION } from './accounts.ts';
import { addDays, amsterdamDate, amsterdamTime } from '@kring/contract';
import { Rooms, type RoomInput } from '../rooms/rooms.ts';

export const DEMO_ROOMS: RoomInput[] = [
  { name: 'Vergaderruimte Noord', location: 'Kantoor Noord, 1e verdieping', capacity: 8, facilities: ['scherm', 'whiteboard', 'koffie'] },
  { name: 'Overlegkamer Zuid', location: 'Kantoor Zuid, begane grond', capacity: 4, facilities: ['scherm'] },
  { name: 'Grote zaal', location: 'Hoofdkantoor', capacity: 30, facilities: ['beamer', 'microfoon', 'rolstoeltoegankelijk'] },
];

export async function seedDemoRooms(db: KringDb, now: number = Date.now()): Promise<void> {
  const existing = await db.selectFrom('rooms').select('id').limit(1).executeTakeFirst();
  const organisation = await db.selectFrom('organisations').select('id').where('id', '=', DEMO_ORGANISATION.id).executeTakeFirst();
  if (existing || !organisation) return;
  const rooms = new Rooms(db);
  const made = [];
  for (const room of DEMO_ROOMS) made.push(await rooms.create(organisation.id, room, now));
  const anna = await db.selectFrom('users').select('id').where('email', '=', 'anna@kring.test').executeTakeFirst();
  if (!anna) return;
  const tomorrow = addDays(amsterdamDate(now), 1);
  await rooms.book(organisation.id, anna.id, made[0].id, { requestId: 'demo-seed-teamoverleg', title: 'Teamoverleg', startsAt: amsterdamTime(tomorrow, 9), endsAt: amsterdamTime(tomorrow, 10) }, now);
}
