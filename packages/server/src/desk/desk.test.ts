import { beforeEach, describe, expect, it } from 'vitest';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { testOrganisation } from '../testing.ts';
import { Desks, isoWeek } from './desk.ts';

let db: KringDb;
let accounts: Accounts;
let desks: Desks;
let asker: User;
let worker: User;

const MONDAY = Date.parse('2026-11-30T09:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

beforeEach(async () => {
  ({ db, accounts } = await testOrganisation());
  asker = await accounts.createUser({ organisationId: 'org', email: 'anna@kring.test', name: 'Anna', password: 'pw-123456', role: 'employee' });
  worker = await accounts.createUser({ organisationId: 'org', email: 'bram@kring.test', name: 'Bram', password: 'pw-123456', role: 'employee' });
  desks = new Desks(db);
});

const ask = (id: string, deskId: string, at: number) => desks.ask(asker, { id, deskId, subject: `Vraag ${id}`, body: 'Hoe zit dat?', category: 'other' }, at);

describe('Desks', () => {
  it('numbers questions per organisation, in the order they were asked', async () => {
    const desk = await desks.create('org', 'Bureau Ondersteuning');
    const other = await desks.create('org', 'IT');
    expect((await ask('vraag-0001', desk.id, MONDAY)).question.number).toBe(1);
    expect((await ask('vraag-0002', other.id, MONDAY + 1)).question.number).toBe(2);
    // The same id again is the same question.
    const again = await ask('vraag-0001', desk.id, MONDAY + 2);
    expect(again).toMatchObject({ created: false, question: { number: 1 } });
  });

  it('counts per week the questions asked and those the desk first answered within a day, naming nobody', async () => {
    const desk = await desks.create('org', 'Bureau Ondersteuning');
    await desks.setStaff(desk, [worker.id]);
    const quick = (await ask('vraag-snel', desk.id, MONDAY)).question;
    await desks.reply(worker, quick, 'staff', 'Zo zit het.', undefined, MONDAY + 3 * HOUR);
    const slow = (await ask('vraag-traag', desk.id, MONDAY + HOUR)).question;
    await desks.reply(worker, slow, 'staff', 'Sorry voor het wachten.', undefined, MONDAY + HOUR + 2 * DAY);
    await ask('vraag-open', desk.id, MONDAY + 7 * DAY);
    // A second reply does not move the first answer.
    await desks.reply(worker, quick, 'staff', 'Nog een aanvulling.', undefined, MONDAY + 5 * DAY);
    const figures = await desks.weeklyAnswerFigures('org', MONDAY - DAY, MONDAY + 14 * DAY);
    expect(figures).toEqual([
      { week: '2026-W49', asked: 2, answeredWithinDay: 1 },
      { week: '2026-W50', asked: 1, answeredWithinDay: 0 },
    ]);
  });

  it('names ISO weeks, the Thursday deciding the year', () => {
    expect(isoWeek(Date.parse('2026-12-07T00:00:00Z'))).toBe('2026-W50');
    expect(isoWeek(Date.parse('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(Date.parse('2025-12-29T12:00:00Z'))).toBe('2026-W01');
  });
});
