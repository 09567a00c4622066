/**
 * Demo activities in Cliëntenplein, with Daan signed up for the first, written once when the demo is seeded.
 * Dates are relative to the seeding day, so the demo always has something coming up.
 */
import { Activities, type ActivityInput } from '../activities/activities.ts';
import type { KringDb } from '../db/schema.ts';

const SPACE = 'clientenplein';

interface DemoActivity extends Omit<ActivityInput, 'startsAt' | 'endsAt'> {
  /** Days after the seeding day, and the local start and end time. */
  day: number;
  start: [number, number];
  end: [number, number];
}

const DEMO: DemoActivity[] = [
  {
    title: 'Koffieochtend in het buurthuis',
    description: 'Kom gezellig koffie drinken en een praatje maken. Iedereen is welkom. Er is ook thee en iets lekkers.',
    place: 'Buurthuis De Kring, zaal 1',
    capacity: 20,
    day: 1,
    start: [10, 0],
    end: [11, 30],
  },
  {
    title: 'Wandelen in het park',
    description: 'We lopen samen een rustig rondje van ongeveer een uur. Trek goede schoenen aan. Bij regen gaat het niet door.',
    place: 'Ingang van het park, bij de vijver',
    capacity: 8,
    day: 3,
    start: [14, 0],
    end: [15, 0],
  },
  {
    title: 'Samen koken: erwtensoep',
    description: 'We koken samen erwtensoep en eten die daarna op. U hoeft niets mee te nemen.',
    place: 'Keuken van Buurthuis De Kring',
    capacity: 6,
    day: 6,
    start: [16, 30],
    end: [19, 0],
  },
  {
    title: 'Spreekuur: hulp bij uw tablet',
    description: 'Heeft u vragen over uw tablet of telefoon? Een vrijwilliger helpt u. Neem uw tablet of telefoon mee.',
    place: 'Bibliotheek, leeszaal',
    capacity: 4,
    day: 9,
    start: [13, 30],
    end: [15, 0],
  },
];

function at(now: number, day: number, [hour, minute]: [number, number]): number {
  const date = new Date(now);
  date.setDate(date.getDate() + day);
  date.setHours(hour, minute, 0, 0);
  return date.getTime();
}

/**
 * Seeds the demo activities; does nothing when Cliëntenplein does not exist or already has activities.
 * @param now the seeding moment (the activities are planned on the days after it)
 */
export async function seedDemoActivities(db: KringDb, now: number = Date.now()): Promise<void> {
  const space = await db.selectFrom('spaces').select('id').where('id', '=', SPACE).executeTakeFirst();
  const existing = await db.selectFrom('activities').select('id').where('space_id', '=', SPACE).limit(1).executeTakeFirst();
  if (!space || existing) return;
  const anna = await db.selectFrom('users').select('id').where('email', '=', 'anna@kring.test').executeTakeFirst();
  const daan = await db.selectFrom('users').select('id').where('email', '=', 'daan@kring.test').executeTakeFirst();
  const activities = new Activities(db);
  for (const [i, demo] of DEMO.entries()) {
    const { day, start, end, ...input } = demo;
    const activity = await activities.create(SPACE, { ...input, startsAt: at(now, day, start), endsAt: at(now, day, end) }, anna?.id ?? null, now);
    if (i === 0 && daan) await activities.signUp(activity.id, daan.id, 'demo-seed-koffie', now);
  }
}
