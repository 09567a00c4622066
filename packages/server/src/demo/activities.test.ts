import { describe, expect, it } from 'vitest';
import { Activities } from '../activities/activities.ts';
import { testDatabase } from '../testing.ts';
import { seedDemo } from './accounts.ts';
import { seedDemoActivities } from './activities.ts';

describe('seedDemoActivities', () => {
  it('plans activities in Cliëntenplein in the days after seeding, with Daan signed up for the first', async () => {
    const db = await testDatabase();
    await seedDemo(db);
    const now = Date.parse('2026-11-23T08:00:00Z');
    await seedDemoActivities(db, now);
    const list = await new Activities(db).list('clientenplein', now);
    expect(list.map((a) => a.title)).toEqual(['Koffieochtend in het buurthuis', 'Wandelen in het park', 'Samen koken: erwtensoep', 'Spreekuur: hulp bij uw tablet']);
    expect(list.every((a) => a.startsAt > now && a.endsAt! > a.startsAt)).toBe(true);
    const daan = (await db.selectFrom('users').select('id').where('email', '=', 'daan@kring.test').executeTakeFirst())!;
    expect(await new Activities(db).signupOf(list[0]!.id, daan.id)).toMatchObject({ status: 'confirmed' });
  });

  it('does nothing a second time, or without the demo organisation', async () => {
    const db = await testDatabase();
    await seedDemoActivities(db);
    expect(await db.selectFrom('activities').selectAll().execute()).toEqual([]);
    await seedDemo(db);
    await seedDemoActivities(db);
    await seedDemoActivities(db);
    expect(await db.selectFrom('activities').selectAll().execute()).toHaveLength(4);
  });
});
