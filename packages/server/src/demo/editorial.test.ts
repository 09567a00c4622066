import { describe, expect, it } from 'vitest';
import { isSubmissionBy } from '@kring/access';
import { Editorial } from '../editorial/editorial.ts';
import { seedDemo } from './accounts.ts';
import { getPageTitle, pagePlainText } from '@kring/shapes';
import { MemoryDocumentStore } from '@kring/storage';
import { readDocument, serverWritingTo, testDatabase } from '../testing.ts';
import { seedDemoEditorial } from './editorial.ts';

describe('seedDemoEditorial', () => {
  it('leaves articles by Daan and Anna waiting for the editors of Nieuws, each in its author’s submission document', async () => {
    const db = await testDatabase();
    await seedDemo(db);
    const store = new MemoryDocumentStore();
    await seedDemoEditorial(serverWritingTo(store), db, Date.parse('2026-11-23T08:00:00Z'));
    const waiting = await new Editorial(db).list({ spaceIds: ['nieuws'] });
    expect(waiting.map((s) => [s.title, s.status])).toEqual(
      expect.arrayContaining([
        ['Onze moestuin achter het buurthuis', 'submitted'],
        ['Week van de valpreventie: doe de valtest', 'submitted'],
      ]),
    );
    const daan = (await db.selectFrom('users').select('id').where('email', '=', 'daan@kring.test').executeTakeFirst())!;
    const his = waiting.find((s) => s.authorId === daan.id)!;
    expect(isSubmissionBy(daan.id, his.id)).toBe(true);
    const doc = await readDocument(store, his.docName);
    expect(getPageTitle(doc)).toBe(his.title);
    expect(pagePlainText(doc)).toContain('moestuin');
  });

  it('does nothing a second time, or without the demo organisation', async () => {
    const db = await testDatabase();
    const store = new MemoryDocumentStore();
    await seedDemoEditorial(serverWritingTo(store), db);
    expect(await db.selectFrom('submissions').selectAll().execute()).toEqual([]);
    await seedDemo(db);
    await seedDemoEditorial(serverWritingTo(store), db);
    await seedDemoEditorial(serverWritingTo(store), db);
    expect(await db.selectFrom('submissions').selectAll().execute()).toHaveLength(2);
  });
});
