import { randomBytes, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { amsterdamTime } from '@kring/contract';
import { SecretBox } from '../account/secret-box.ts';
import type { Accounts } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import type { Mail, Mailer } from '../mail/mailer.ts';
import { Notifications } from '../notifications/notifications.ts';
import { refusal, testOrganisation } from '../testing.ts';
import { DigestError, digestContent, Digests, lastDue } from './digest.ts';

describe('when a digest is due', () => {
  it('daily: at the hour on the Amsterdam clock, else the day before, in winter and summer time', () => {
    expect(lastDue('daily', amsterdamTime('2026-12-07', 9, 30), 7)).toBe(amsterdamTime('2026-12-07', 7));
    expect(lastDue('daily', amsterdamTime('2026-12-07', 6, 59), 7)).toBe(amsterdamTime('2026-12-06', 7));
    expect(lastDue('daily', amsterdamTime('2026-07-01', 7, 0), 7)).toBe(amsterdamTime('2026-07-01', 7));
    // 07:00 in Amsterdam is 06:00 UTC in winter and 05:00 UTC in summer.
    expect(new Date(lastDue('daily', Date.UTC(2026, 11, 7, 12), 7)).toISOString()).toBe('2026-12-07T06:00:00.000Z');
    expect(new Date(lastDue('daily', Date.UTC(2026, 6, 1, 12), 7)).toISOString()).toBe('2026-07-01T05:00:00.000Z');
  });

  it("weekly: Monday's hour, however late in the week", () => {
    // 7 December 2026 is a Monday.
    expect(lastDue('weekly', amsterdamTime('2026-12-07', 8), 7)).toBe(amsterdamTime('2026-12-07', 7));
    expect(lastDue('weekly', amsterdamTime('2026-12-07', 6), 7)).toBe(amsterdamTime('2026-11-30', 7));
    expect(lastDue('weekly', amsterdamTime('2026-12-13', 23), 7)).toBe(amsterdamTime('2026-12-07', 7));
  });
});

describe('what a digest names', () => {
  const actors = new Map([
    ['bram', 'Bram Jansen'],
    ['daan', 'Daan Bakker'],
  ]);
  const spaces = new Map([
    ['noord', { name: 'Buurtteam Noord', kind: 'team' }],
    ['plein', { name: 'Mevrouw de Wit', kind: 'client' }],
    ['nieuws', { name: 'Nieuws', kind: 'news' }],
  ]);
  const row = (kind: string, space_id: string | null, actor_id: string | null, excerpt: string, count = 1) => ({ kind, space_id, actor_id, excerpt, count });

  it('quotes nothing of a client space or a conversation, nor says who wrote there: only how many', () => {
    const content = digestContent(
      [
        row('mention', 'plein', 'daan', 'mevrouw heeft pijn op de borst'),
        row('reply', 'plein', 'daan', 'nog steeds pijn'),
        row('chat-message', 'conversation-1', 'bram', 'BSN 123456782', 3),
        row('chat-mention', 'noord', 'bram', '@Anna kun jij mevrouw bellen'),
      ],
      actors,
      spaces,
    );
    expect(content).toEqual({ lines: [], chatMessages: 4, clientSpace: 2, total: 6 });
  });

  it('names who did what in which team space, without the quote; a news title is the one quote', () => {
    const content = digestContent(
      [
        row('mention', 'noord', 'bram', 'Anna, kun jij morgen de vroege dienst doen?'),
        row('card-handed-over', 'noord', 'bram', 'Mevrouw de Wit: wondzorg om 9 uur'),
        row('news', 'nieuws', null, 'Nieuwe werkwijze tilliften'),
        row('desk-reply', null, 'daan', 'Uw posters zijn klaar'),
      ],
      actors,
      spaces,
    );
    expect(content.lines).toEqual([
      'Bram Jansen noemde u (Buurtteam Noord)',
      'Bram Jansen droeg een taak aan u over (Buurtteam Noord)',
      'Nieuw nieuwsbericht (Nieuws): "Nieuwe werkwijze tilliften"',
      'Daan Bakker heeft uw vraag beantwoord',
    ]);
    expect(JSON.stringify(content)).not.toMatch(/vroege dienst|wondzorg|posters/);
  });
});

describe('Digests', () => {
  let db: KringDb;
  let accounts: Accounts;
  let notifications: Notifications;
  let box: SecretBox;
  let sent: Mail[];
  let failNext: boolean;
  const mailer: Mailer = {
    async send(mail) {
      if (failNext) {
        failNext = false;
        throw new Error('SMTP is down');
      }
      sent.push(mail);
    },
  };
  let anna: string;
  let bram: string;
  // Monday 7 December 2026, 09:00 in Amsterdam: the day's digests (07:00) are due.
  const monday = amsterdamTime('2026-12-07', 9);

  beforeEach(async () => {
    ({ db, accounts } = await testOrganisation());
    notifications = new Notifications(db, accounts);
    box = new SecretBox(randomBytes(32));
    sent = [];
    failNext = false;
    await accounts.createSpace({ id: 'noord', organisationId: 'org', name: 'Buurtteam Noord', kind: 'team' });
    await accounts.createSpace({ id: 'plein', organisationId: 'org', name: 'Mevrouw de Wit', kind: 'client' });
    anna = (await accounts.createUser({ organisationId: 'org', email: 'anna@zorg.test', name: 'Anna de Vries', password: 'een lang wachtwoord 1', role: 'employee' })).id;
    bram = (await accounts.createUser({ organisationId: 'org', email: 'bram@zorg.test', name: 'Bram Jansen', password: 'een lang wachtwoord 2', role: 'employee' })).id;
    for (const id of [anna, bram]) {
      await accounts.setMembership('noord', id, 'member');
      await accounts.setMembership('plein', id, 'member');
    }
  });

  const digests = () => new Digests(db, accounts, notifications, mailer, box, { origin: 'https://kring.zorg.test', hour: 7 });
  const notify = (recipient: string, space: string, kind: string, excerpt: string, at: number) =>
    db
      .insertInto('notifications')
      .values({ id: randomUUID(), recipient_id: recipient, kind, event_key: randomUUID(), document: `${space}/feed/2026-12`, space_id: space, subject: 'p1', actor_id: bram, excerpt, created_at: at, read_at: null })
      .execute();

  it('sends nothing to whom did not choose it, and is not there without a mailer or the server address', async () => {
    await notify(anna, 'noord', 'mention', 'hoi', monday - 3600_000);
    expect(await digests().run(monday)).toBe(0);
    expect(sent).toEqual([]);
    expect((await digests().settings(anna)).frequency).toBe('off');
    expect(new Digests(db, accounts, notifications, null, box, { origin: 'https://kring.zorg.test' }).available).toBe(false);
    expect(new Digests(db, accounts, notifications, mailer, box, { origin: null }).available).toBe(false);
  });

  it('sends a daily digest once a day, of what came since the last one, and only when something came', async () => {
    const service = digests();
    await service.changeSettings(anna, 'daily', monday - 10 * 3600_000);
    await notify(anna, 'noord', 'mention', 'kun jij morgen de vroege dienst doen?', monday - 3600_000);
    await notify(anna, 'plein', 'mention', 'mevrouw heeft pijn', monday - 1800_000);
    expect(await service.run(monday)).toBe(1);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail.to).toBe('anna@zorg.test');
    expect(mail.subject).toBe('Kring: 2 nieuwe meldingen voor u');
    expect(mail.text).toContain('Bram Jansen noemde u (Buurtteam Noord)');
    expect(mail.text).toContain('1 melding in een ruimte met cliënten');
    expect(mail.text).not.toMatch(/vroege dienst|pijn|Mevrouw de Wit/);
    expect(mail.text).toContain('https://kring.zorg.test/notifications');
    // The page's link in the text; RFC 8058's one-click address (the token in the query, for a provider's POST) in the headers.
    expect(mail.text).toContain(`Meld u hier af: https://kring.zorg.test/digest/unsubscribe#token=${service.unsubscribeToken(anna)}\n`);
    expect(mail.headers).toEqual({
      'List-Unsubscribe': `<https://kring.zorg.test/api/digest/unsubscribe/one-click?token=${service.unsubscribeToken(anna)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });

    // Later the same day: not again, whatever came meanwhile.
    await notify(anna, 'noord', 'reply', 'ja hoor', monday + 3600_000);
    expect(await service.run(monday + 2 * 3600_000)).toBe(0);
    // The next morning: only what came since.
    const tuesday = amsterdamTime('2026-12-08', 7, 5);
    expect(await service.run(tuesday)).toBe(1);
    expect(sent[1].subject).toBe('Kring: 1 nieuwe melding voor u');
    expect(sent[1].text).toContain('Bram Jansen reageerde op uw bericht (Buurtteam Noord)');
    expect(sent[1].text).not.toContain('noemde u');
    // Wednesday: nothing new, nothing sent.
    expect(await service.run(amsterdamTime('2026-12-09', 8))).toBe(0);
    expect(sent).toHaveLength(2);
  });

  it('names only what is unread and what the person may still read', async () => {
    await digests().changeSettings(anna, 'daily');
    await notify(anna, 'noord', 'mention', 'gelezen', monday - 3600_000);
    await db.updateTable('notifications').set({ read_at: monday - 100 }).execute();
    await notify(anna, 'plein', 'mention', 'uit de ruimte gehaald', monday - 1800_000);
    await db.deleteFrom('memberships').where('space_id', '=', 'plein').where('user_id', '=', anna).execute();
    expect(await digests().run(monday)).toBe(0);
    expect(sent).toEqual([]);
  });

  it('weekly: once, on Monday morning, of the week before', async () => {
    const service = digests();
    await service.changeSettings(bram, 'weekly');
    await db.insertInto('notifications').values({ id: randomUUID(), recipient_id: bram, kind: 'mention', event_key: 'e1', document: 'noord/feed/2026-12', space_id: 'noord', subject: 'p1', actor_id: anna, excerpt: 'x', created_at: monday - 3 * 86_400_000, read_at: null }).execute();
    expect(await service.run(monday)).toBe(1);
    expect(sent[0].text).toContain('Anna de Vries noemde u (Buurtteam Noord)');
    expect(sent[0].text).toContain('elke maandagochtend');
    await db.insertInto('notifications').values({ id: randomUUID(), recipient_id: bram, kind: 'mention', event_key: 'e2', document: 'noord/feed/2026-12', space_id: 'noord', subject: 'p2', actor_id: anna, excerpt: 'x', created_at: monday + 86_400_000, read_at: null }).execute();
    expect(await service.run(amsterdamTime('2026-12-10', 8))).toBe(0);
    expect(await service.run(amsterdamTime('2026-12-14', 7, 1))).toBe(1);
  });

  it('names only the topics the person wants by e-mail, and nothing of a space they muted', async () => {
    const service = digests();
    await service.changeSettings(anna, 'daily', monday - 10 * 3600_000);
    const annaAccess = await accounts.accessUser((await accounts.userById(anna))!);
    await notifications.choices.change(annaAccess, { topics: { replies: { inbox: true, push: true, email: false } } });
    await notify(anna, 'noord', 'reply', 'ja hoor', monday - 3600_000);
    await notify(anna, 'plein', 'card-assigned', 'wondzorg', monday - 3000_000);
    await notify(anna, 'plein', 'reply', 'mevrouw slaapt', monday - 2400_000);
    await notify(anna, 'noord', 'mention', 'kun jij morgen?', monday - 1800_000);
    await notifications.choices.change(annaAccess, { mutedSpaces: ['plein'] });
    expect(await service.run(monday)).toBe(1);
    // Replies are off by e-mail, and the muted client space's reply stays away; its card still comes (it was
    // given to her by name).
    expect(sent[0].subject).toBe('Kring: 2 nieuwe meldingen voor u');
    expect(sent[0].text).toContain('Bram Jansen noemde u (Buurtteam Noord)');
    expect(sent[0].text).toContain('1 melding in een ruimte met cliënten');
    expect(sent[0].text).not.toContain('reageerde');
  });

  it('several processes at once: each digest is sent by exactly one', async () => {
    await digests().changeSettings(anna, 'daily');
    await digests().changeSettings(bram, 'daily');
    await notify(anna, 'noord', 'mention', 'a', monday - 60_000);
    await notify(bram, 'noord', 'mention', 'b', monday - 60_000);
    const counts = await Promise.all([digests().run(monday), digests().run(monday), digests().run(monday)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(sent.map((mail) => mail.to).sort()).toEqual(['anna@zorg.test', 'bram@zorg.test']);
  });

  it('gives a failed send back, so the next look tries again', async () => {
    const service = digests();
    await service.changeSettings(anna, 'daily');
    await notify(anna, 'noord', 'mention', 'a', monday - 60_000);
    failNext = true;
    expect(await service.run(monday)).toBe(0);
    expect(await service.run(monday + 600_000)).toBe(1);
    expect(sent).toHaveLength(1);
  });

  it('sends nothing to a deactivated person, nor to an account without an e-mail address', async () => {
    await accounts.createUser({ organisationId: 'org', email: 'cliënt-zonder-mail', name: 'Mevrouw de Wit', password: 'een lang wachtwoord 3', role: 'client' });
    const client = (await accounts.activeUserByLoginName('cliënt-zonder-mail'))!;
    await accounts.setMembership('plein', client.id, 'member');
    for (const id of [anna, client.id]) {
      await digests().changeSettings(id, 'daily');
      await notify(id, 'plein', 'mention', 'a', monday - 60_000);
    }
    expect((await digests().settings(client.id)).email).toBeNull();
    await accounts.setActive(anna, false);
    expect(await digests().run(monday)).toBe(0);
    expect(sent).toEqual([]);
  });

  it("leaves by the mail's token, and only by a token this server signed for that person", async () => {
    const service = digests();
    await service.changeSettings(anna, 'daily');
    await service.changeSettings(bram, 'weekly');
    const token = service.unsubscribeToken(anna);
    const [, mac] = token.split('.');
    // Anna's signature under Bram's id; another server's token; a changed character; no token at all.
    const forged = [
      `${Buffer.from(bram).toString('base64url')}.${mac}`,
      new Digests(db, accounts, notifications, mailer, new SecretBox(randomBytes(32)), { origin: 'https://x.test' }).unsubscribeToken(bram),
      `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`,
      '',
      'a.b.c',
    ];
    for (const attempt of forged) expect(await refusal(service.unsubscribe(attempt), DigestError)).toBe('bad_token');
    expect((await service.settings(bram)).frequency).toBe('weekly');
    await service.unsubscribe(token);
    expect((await service.settings(anna)).frequency).toBe('off');
    // Again: nothing left to change, no error.
    await service.unsubscribe(token);
    expect((await service.settings(bram)).frequency).toBe('weekly');
  });
});
