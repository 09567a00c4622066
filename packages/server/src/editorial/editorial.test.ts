import { beforeEach, describe, expect, it } from 'vitest';
import type { Accounts } from '../accounts/accounts.ts';
import { Editorial, EditorialError, hiddenPagesBySpace, isLive } from './editorial.ts';
import type { KringDb } from '../db/schema.ts';
import { testOrganisation } from '../testing.ts';

let db: KringDb;
let accounts: Accounts;
let editorial: Editorial;

beforeEach(async () => {
  ({ db, accounts } = await testOrganisation());
  await accounts.createSpace({ id: 'nieuws', organisationId: 'org', name: 'Nieuws', kind: 'news' });
  editorial = new Editorial(db);
});

const submit = (id = 'daan_1', authorId = 'daan') => editorial.create({ id, spaceId: 'nieuws', authorId, title: 'Mijn stuk', now: 100 });
const publish = (id: string, publishAt: number | null = null, unpublishAt: number | null = null, now = 200) =>
  editorial.recordPublication(id, 'eva', { pageId: `page-${id}`, title: 'Mijn stuk', publishAt, unpublishAt, comment: 'Mooi', now });

describe('Editorial', () => {
  it('registers a submission as submitted, once: the same request again gives the same one', async () => {
    const first = await submit();
    expect(first.created).toBe(true);
    expect(first.submission).toMatchObject({ id: 'daan_1', spaceId: 'nieuws', docName: 'nieuws/submission/daan_1', authorId: 'daan', status: 'submitted' });
    const again = await submit();
    expect(again).toEqual({ submission: first.submission, created: false });
    await expect(submit('daan_1', 'someone-else')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lists by author, or by space for editors, newest first', async () => {
    await submit('daan_1', 'daan');
    await editorial.create({ id: 'anna_1', spaceId: 'nieuws', authorId: 'anna', title: 'B', now: 300 });
    expect((await editorial.list({ authorId: 'daan' })).map((s) => s.id)).toEqual(['daan_1']);
    expect((await editorial.list({ spaceIds: ['nieuws'] })).map((s) => s.id)).toEqual(['anna_1', 'daan_1']);
    expect(await editorial.list({ spaceIds: [] })).toEqual([]);
  });

  it('walks the workflow: request changes, resubmit, publish; each step with its comment', async () => {
    await submit();
    await editorial.decide('daan_1', 'request-changes', 'eva', { title: 'Mijn stuk', comment: 'Graag een foto erbij', now: 110 });
    expect((await editorial.get('daan_1'))!.status).toBe('changes_requested');
    await editorial.resubmit('daan_1', 'daan', { title: 'Mijn stuk met foto', comment: 'Gedaan', now: 120 });
    const published = await publish('daan_1');
    expect(published).toMatchObject({ status: 'published', pageId: 'page-daan_1', decidedBy: 'eva', title: 'Mijn stuk' });
    expect((await editorial.comments('daan_1')).map((c) => [c.authorId, c.action, c.text])).toEqual([
      ['daan', 'submit', ''],
      ['eva', 'request-changes', 'Graag een foto erbij'],
      ['daan', 'submit', 'Gedaan'],
      ['eva', 'publish', 'Mooi'],
    ]);
  });

  it('refuses decisions from the wrong state with a typed error', async () => {
    await submit();
    await editorial.decide('daan_1', 'reject', 'eva', { title: 'x', comment: 'Past niet', now: 110 });
    for (const attempt of [
      () => editorial.decide('daan_1', 'request-changes', 'eva', { title: 'x', comment: '' }),
      () => publish('daan_1'),
      () => editorial.recordUnpublication('daan_1', 'eva', { comment: '' }),
      () => editorial.resubmit('daan_1', 'daan', { title: 'x', comment: '' }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EditorialError);
      expect((error as EditorialError).code).toBe('invalid_state');
    }
    await expect(editorial.check('nope', 'publish')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('schedules a publication with a later date, and the clock finds what is due', async () => {
    await submit('a_1');
    await submit('b_1');
    expect((await publish('a_1', 1000, 5000)).status).toBe('scheduled');
    await publish('b_1', null, 800);
    expect((await editorial.due(500)).toPublish).toEqual([]);
    const at1000 = await editorial.due(1000);
    expect(at1000.toPublish.map((s) => s.id)).toEqual(['a_1']);
    expect(at1000.toUnpublish.map((s) => s.id)).toEqual(['b_1']);
    await editorial.markLive('a_1', 1000);
    await editorial.recordUnpublication('b_1', null, { comment: '', now: 1000 });
    expect((await editorial.get('a_1'))!.status).toBe('published');
    expect((await editorial.get('b_1'))!.status).toBe('unpublished');
    expect(await editorial.due(1000)).toEqual({ toPublish: [], toUnpublish: [] });
    // The clock's unpublication leaves no comment in anyone's name.
    expect((await editorial.comments('b_1')).map((c) => c.action)).toEqual(['submit', 'publish']);
  });

  it('hides pages outside their window; the dates decide even before the clock ran', async () => {
    await submit('a_1');
    await publish('a_1', 1000, 2000);
    expect(isLive((await editorial.get('a_1'))!, 999)).toBe(false);
    expect(isLive((await editorial.get('a_1'))!, 1000)).toBe(true);
    expect(isLive((await editorial.get('a_1'))!, 2000)).toBe(false);
    expect((await hiddenPagesBySpace(db, ['nieuws'], 1500)).get('nieuws')).toBeUndefined();
    expect((await hiddenPagesBySpace(db, ['nieuws'], 2500)).get('nieuws')).toEqual(['page-a_1']);
    await editorial.recordUnpublication('a_1', 'eva', { comment: 'Verouderd', now: 1500 });
    expect((await hiddenPagesBySpace(db, ['nieuws'], 1500)).get('nieuws')).toEqual(['page-a_1']);
  });

  it('brings an unpublished article back by publishing it again', async () => {
    await submit('a_1');
    await publish('a_1');
    await editorial.recordUnpublication('a_1', 'eva', { comment: '', now: 300 });
    expect((await publish('a_1', null, null, 400)).status).toBe('published');
    expect(await hiddenPagesBySpace(db, ['nieuws'], 500)).toEqual(new Map());
  });
});
