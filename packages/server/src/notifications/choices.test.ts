import { beforeEach, describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS, NOTIFICATION_TOPICS, topicOf, topicsFor, type NotificationKind } from '@kring/contract';
import type { Accounts } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { refusal, testOrganisation } from '../testing.ts';
import { NotificationChoiceError } from './choices.ts';
import { Notifications } from './notifications.ts';

describe('what a person chose to hear about', () => {
  let db: KringDb;
  let accounts: Accounts;
  let notifications: Notifications;
  let anna: string;
  let bram: string;
  let daan: string;

  beforeEach(async () => {
    ({ db, accounts } = await testOrganisation());
    notifications = new Notifications(db, accounts);
    await accounts.createSpace({ id: 'noord', organisationId: 'org', name: 'Buurtteam Noord', kind: 'team' });
    await accounts.createSpace({ id: 'nieuws', organisationId: 'org', name: 'Nieuws', kind: 'news' });
    await accounts.createSpace({ id: 'zuid', organisationId: 'org', name: 'Buurtteam Zuid', kind: 'team' });
    const person = async (name: string) =>
      (await accounts.createUser({ organisationId: 'org', email: `${name}@zorg.test`, name, password: `een lang wachtwoord ${name}`, role: 'employee' })).id;
    [anna, bram, daan] = [await person('anna'), await person('bram'), await person('daan')];
    for (const id of [anna, bram, daan]) {
      await accounts.setMembership('noord', id, 'member');
      await accounts.setMembership('nieuws', id, 'reader');
    }
  });

  const user = async (id: string) => accounts.accessUser((await accounts.userById(id))!);
  const made = async (recipient: string) => (await db.selectFrom('notifications').select('kind').where('recipient_id', '=', recipient).execute()).map((row) => row.kind).sort();
  const mention = (recipientId: string, subject: string) => ({ kind: 'mention' as const, recipientId, subject, eventKey: `mention:noord/feed/2026-12:${subject}`, excerpt: 'hoi' });
  const news = (recipientId: string) => ({ kind: 'news' as const, recipientId, subject: 'n1', eventKey: `news:nieuws/page/n1`, excerpt: 'Nieuwe roosters' });
  const reply = (recipientId: string, subject: string) => ({ kind: 'reply' as const, recipientId, subject, eventKey: `reply:noord/feed/2026-12:${subject}`, excerpt: 'ja' });

  it('every kind belongs to one topic, and every topic has a kind', () => {
    const kinds = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];
    expect(new Set(kinds.map(topicOf))).toEqual(new Set(NOTIFICATION_TOPICS));
  });

  it('gets everything everywhere until the person chooses, and keeps what they chose', async () => {
    const before = await notifications.choices.settings(await user(anna));
    expect(Object.values(before.topics).every((choice) => choice.inbox && choice.push && choice.email)).toBe(true);
    expect(before.mutedSpaces).toEqual([]);

    const after = await notifications.choices.change(await user(anna), { topics: { news: { inbox: true, push: false, email: false } }, mutedSpaces: ['noord'] });
    expect(after.topics.news).toEqual({ inbox: true, push: false, email: false });
    expect(after.topics.mentions).toEqual({ inbox: true, push: true, email: true });
    expect(after.mutedSpaces).toEqual(['noord']);
    // Another person's choices are their own.
    expect((await notifications.choices.settings(await user(bram))).mutedSpaces).toEqual([]);
    // Changing only a topic leaves the muted spaces; all on again stores nothing.
    await notifications.choices.change(await user(anna), { topics: { news: { inbox: true, push: true, email: true } } });
    expect((await notifications.choices.settings(await user(anna))).mutedSpaces).toEqual(['noord']);
    expect(await db.selectFrom('notification_choices').selectAll().execute()).toEqual([]);
  });

  it('makes no notification of a topic the person switched off in the inbox; the others still get it', async () => {
    await notifications.choices.change(await user(anna), { topics: { replies: { inbox: false, push: true, email: true } } });
    await notifications.record('noord/feed/2026-12', daan, { created: [reply(anna, 'p1/c1'), reply(bram, 'p2/c2'), mention(anna, 'p1/c1')], removed: [] });
    expect(await made(anna)).toEqual(['mention']);
    expect(await made(bram)).toEqual(['reply']);
  });

  it('a muted space tells only what was addressed to the person by name', async () => {
    await notifications.choices.change(await user(anna), { mutedSpaces: ['noord', 'nieuws'] });
    await notifications.record('noord/feed/2026-12', daan, { created: [reply(anna, 'p1/c1'), mention(anna, 'p1/c2')], removed: [] });
    await notifications.record('nieuws/page/n1', daan, { created: [news(anna), news(bram)], removed: [] });
    expect(await made(anna)).toEqual(['mention']);
    expect(await made(bram)).toEqual(['news']);
  });

  it('push and e-mail choices leave the inbox alone and pick from stored rows per channel', async () => {
    await notifications.choices.change(await user(anna), { topics: { news: { inbox: true, push: false, email: true }, mentions: { inbox: true, push: true, email: false } } });
    await notifications.record('nieuws/page/n1', daan, { created: [news(anna), news(bram)], removed: [] });
    await notifications.record('noord/feed/2026-12', daan, { created: [mention(anna, 'p1')], removed: [] });
    const rows = await db.selectFrom('notifications').selectAll().execute();
    expect(rows).toHaveLength(3);
    const pushed = await notifications.choices.wanted(rows, 'push');
    expect(pushed.map((row) => `${row.recipient_id === anna ? 'anna' : 'bram'} ${row.kind}`).sort()).toEqual(['anna mention', 'bram news']);
    const mailed = await notifications.choices.wanted(rows, 'email');
    expect(mailed.map((row) => `${row.recipient_id === anna ? 'anna' : 'bram'} ${row.kind}`).sort()).toEqual(['anna news', 'bram news']);
    // The inbox off is off everywhere, whatever push and e-mail say.
    await notifications.choices.change(await user(anna), { topics: { mentions: { inbox: false, push: true, email: true } } });
    expect((await notifications.choices.wanted(rows, 'push')).some((row) => row.recipient_id === anna && row.kind === 'mention')).toBe(false);
  });

  it('offers and takes only the topics that can reach the person: a guest has no news submissions of their own', async () => {
    const guest = (await accounts.createUser({ organisationId: 'org', email: 'gast@zorg.test', name: 'Gast', password: 'een lang wachtwoord gast', role: 'guest' })).id;
    const client = (await accounts.createUser({ organisationId: 'org', email: 'client@zorg.test', name: 'Cliënt', password: 'een lang wachtwoord client', role: 'client' })).id;
    expect(Object.keys((await notifications.choices.settings(await user(guest))).topics)).toEqual(topicsFor('guest'));
    expect(Object.keys((await notifications.choices.settings(await user(guest))).topics)).not.toContain('my-news');
    expect(Object.keys((await notifications.choices.settings(await user(client))).topics)).toEqual([...NOTIFICATION_TOPICS]);
    expect(await refusal(notifications.choices.change(await user(guest), { topics: { 'my-news': { inbox: false, push: false, email: false } } }), NotificationChoiceError)).toBe('bad_request');
    // Refused whole: the topic beside it in the same request is not stored either.
    const both = { 'my-news': { inbox: false, push: false, email: false }, news: { inbox: true, push: false, email: true } };
    expect(await refusal(notifications.choices.change(await user(guest), { topics: both }), NotificationChoiceError)).toBe('bad_request');
    expect(await db.selectFrom('notification_choices').selectAll().execute()).toEqual([]);
    expect((await notifications.choices.change(await user(guest), { topics: { news: both.news } })).topics.news).toEqual(both.news);
  });

  it('mutes only spaces the person is in, never a conversation', async () => {
    expect(await refusal(notifications.choices.change(await user(anna), { mutedSpaces: ['zuid'] }), NotificationChoiceError)).toBe('unknown_space');
    expect(await refusal(notifications.choices.change(await user(anna), { mutedSpaces: ['conv_abc'] }), NotificationChoiceError)).toBe('unknown_space');
    expect((await notifications.choices.settings(await user(anna))).mutedSpaces).toEqual([]);
    // Taken out of a space: its mute is no longer shown (nor does it matter: nothing of the space comes).
    await notifications.choices.change(await user(anna), { mutedSpaces: ['noord'] });
    await accounts.removeMembership('noord', anna);
    expect((await notifications.choices.settings(await user(anna))).mutedSpaces).toEqual([]);
  });

  it("goes with the person's erasure", async () => {
    await notifications.choices.change(await user(anna), { topics: { chat: { inbox: false, push: false, email: false } }, mutedSpaces: ['noord'] });
    await notifications.forget(anna);
    expect(await db.selectFrom('notification_choices').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('space_mutes').selectAll().execute()).toEqual([]);
  });
});
