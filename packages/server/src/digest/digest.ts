/**
 * The e-mail digest (docs/architecture.md, "E-mail digest"; docs/privacy.md, "E-mail digest"): for people who
 * chose it, each morning (or each Monday morning) one e-mail saying what is new for them in Kring since the last
 * one: their unread notifications, re-checked against what they may read now. A mail leaves the organisation's
 * hands (a mail provider, a phone's lock screen), so it never carries what a client-related document or a
 * conversation says, nor who wrote there: only that there is something. The link to leave it works without
 * logging in; it is signed with a key derived from SECRETS_KEY, so nobody can make one for someone else.
 */
import { timingSafeEqual } from 'node:crypto';
import { addDays, amsterdamDate, amsterdamTime, DAY_MS, type DigestFrequency, type DigestSettings } from '@kring/contract';
import type { SecretBox } from '../account/secret-box.ts';
import type { Accounts } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import type { Mail, Mailer } from '../mail/mailer.ts';
import { namesOf, type NotificationRow, type Notifications } from '../notifications/notifications.ts';
import { pushText } from '../push/texts.ts';

/** The Amsterdam hour at which a day's (or a Monday's) digest is due, unless DIGEST_HOUR says otherwise. */
export const DEFAULT_DIGEST_HOUR = 7;
/** How often a process looks for digests that are due. */
export const DEFAULT_DIGEST_CHECK_MS = 10 * 60_000;
/** The most notifications one digest reads (its counts stay right for what it names; the inbox has the rest). */
const ITEMS_MAX = 500;
const MAC_PURPOSE = 'digest-unsubscribe';

export class DigestError extends Error {
  readonly code: 'bad_token';
  constructor(code: 'bad_token', message: string) {
    super(message);
    this.code = code;
  }
}

export interface DigestOptions {
  /** The app's public origin, for the links in the mail; without it (or without a mailer) there is no digest. */
  origin: string | null;
  hour?: number;
}

/** What one digest names, from notification rows: lines the person may read in a mail, and counts for the rest. */
export interface DigestContent {
  /** One sentence per notification outside client spaces and conversations: who did what, and where. */
  lines: string[];
  /** Messages in conversations (a chat can be about a client): only how many. */
  chatMessages: number;
  /** Notifications about a client space: only how many. */
  clientSpace: number;
  /** Everything together, for the subject. */
  total: number;
}

export class Digests {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  readonly #notifications: Notifications;
  readonly #mailer: Mailer | null;
  readonly #box: SecretBox;
  readonly #origin: string | null;
  readonly #hour: number;
  #running: Promise<number> | null = null;

  constructor(db: KringDb, accounts: Accounts, notifications: Notifications, mailer: Mailer | null, box: SecretBox, { origin, hour = DEFAULT_DIGEST_HOUR }: DigestOptions) {
    this.#db = db;
    this.#accounts = accounts;
    this.#notifications = notifications;
    this.#mailer = mailer;
    this.#box = box;
    this.#origin = origin ? origin.replace(/\/$/, '') : null;
    this.#hour = hour;
  }

  /** Whether this server can send a digest at all: it has a mailer and knows its own address for the links. */
  get available(): boolean {
    return this.#mailer !== null && this.#origin !== null;
  }

  async settings(userId: string): Promise<DigestSettings> {
    const row = await this.#db.selectFrom('digest_settings').select('frequency').where('user_id', '=', userId).executeTakeFirst();
    const user = await this.#accounts.userById(userId);
    return { frequency: (row?.frequency as DigestFrequency | undefined) ?? 'off', available: this.available, email: user && isMailAddress(user.email) ? user.email : null };
  }

  /** The person's stored choice and when the last digest went, for their export. */
  async stored(userId: string): Promise<{ frequency: DigestFrequency; lastSentAt: number | null }> {
    const row = await this.#db.selectFrom('digest_settings').select(['frequency', 'last_sent_at']).where('user_id', '=', userId).executeTakeFirst();
    return { frequency: (row?.frequency as DigestFrequency | undefined) ?? 'off', lastSentAt: row?.last_sent_at ?? null };
  }

  /** The person's choice; the next digest counts from the last one sent, as before. */
  async changeSettings(userId: string, frequency: DigestFrequency, now = Date.now()): Promise<DigestSettings> {
    if (frequency === 'off') await this.#db.deleteFrom('digest_settings').where('user_id', '=', userId).execute();
    else {
      await this.#db
        .insertInto('digest_settings')
        .values({ user_id: userId, frequency, last_sent_at: null, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ frequency, updated_at: now }))
        .execute();
    }
    return this.settings(userId);
  }

  /** The token in a digest's link to leave it: the person's id and a MAC of it. */
  unsubscribeToken(userId: string): string {
    return `${Buffer.from(userId).toString('base64url')}.${this.#box.mac(MAC_PURPOSE, userId).toString('base64url')}`;
  }

  /** Leaves the digest by a mail's link, without a session: a token that is not one of ours changes nothing. */
  async unsubscribe(token: string): Promise<void> {
    const [idPart, macPart, extra] = token.split('.');
    if (idPart === undefined || macPart === undefined || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(idPart + macPart)) throw new DigestError('bad_token', 'This link is not valid.');
    const userId = Buffer.from(idPart, 'base64url').toString('utf8');
    const expected = this.#box.mac(MAC_PURPOSE, userId);
    const given = Buffer.from(macPart, 'base64url');
    if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) throw new DigestError('bad_token', 'This link is not valid.');
    await this.#db.deleteFrom('digest_settings').where('user_id', '=', userId).execute();
  }

  /** An erased person's choice goes with them. */
  async forget(userId: string): Promise<void> {
    await this.#db.deleteFrom('digest_settings').where('user_id', '=', userId).execute();
  }

  /**
   * Sends the digests that are due at `now`; resolves to how many were sent. One run at a time here; several
   * processes may run at once, and each digest is taken on by exactly one (its `last_sent_at` moved from what it
   * was read as, in one statement). A failed send is given back, so the next run tries again.
   */
  run(now = Date.now()): Promise<number> {
    this.#running ??= this.#run(now).finally(() => (this.#running = null));
    return this.#running;
  }

  /** Resolves once a run under way has finished (closing the server). */
  async settled(): Promise<void> {
    await this.#running?.catch(() => 0);
  }

  async #run(now: number): Promise<number> {
    if (!this.available) return 0;
    const daily = lastDue('daily', now, this.#hour);
    const weekly = lastDue('weekly', now, this.#hour);
    const due = await this.#db
      .selectFrom('digest_settings')
      .innerJoin('users', 'users.id', 'digest_settings.user_id')
      .select(['digest_settings.user_id', 'digest_settings.frequency', 'digest_settings.last_sent_at'])
      .where('users.active', '=', 1)
      .where((eb) =>
        eb.or([
          eb.and([eb('digest_settings.frequency', '=', 'daily'), eb.or([eb('digest_settings.last_sent_at', 'is', null), eb('digest_settings.last_sent_at', '<', daily)])]),
          eb.and([eb('digest_settings.frequency', '=', 'weekly'), eb.or([eb('digest_settings.last_sent_at', 'is', null), eb('digest_settings.last_sent_at', '<', weekly)])]),
        ]),
      )
      .execute();
    let sent = 0;
    for (const { user_id: userId, frequency, last_sent_at: lastSent } of due) {
      const { numUpdatedRows } = await this.#db
        .updateTable('digest_settings')
        .set({ last_sent_at: now })
        .where('user_id', '=', userId)
        .where((eb) => (lastSent === null ? eb('last_sent_at', 'is', null) : eb('last_sent_at', '=', lastSent)))
        .executeTakeFirst();
      // Another process took this one on.
      if (numUpdatedRows === 0n) continue;
      try {
        if (await this.#send(userId, frequency as DigestFrequency, lastSent ?? now - (frequency === 'weekly' ? 7 : 1) * DAY_MS, now)) sent++;
      } catch (error) {
        console.error('digest: sending failed', error);
        await this.#db.updateTable('digest_settings').set({ last_sent_at: lastSent }).where('user_id', '=', userId).where('last_sent_at', '=', now).execute();
      }
    }
    return sent;
  }

  /** One person's digest of what came since `since`; nothing is sent when nothing came. */
  async #send(userId: string, frequency: DigestFrequency, since: number, now: number): Promise<boolean> {
    const user = await this.#accounts.userById(userId);
    if (!user || !user.active || !isMailAddress(user.email)) return false;
    const unread = await this.#notifications.unreadSince(await this.#accounts.accessUser(user, now), since, ITEMS_MAX, now);
    // Only the topics the person wants by e-mail (and nothing of a space they muted since).
    const rows = await this.#notifications.choices.wanted(unread, 'email');
    if (rows.length === 0) return false;
    const { actors, spaces } = await namesOf(this.#db, rows);
    const content = digestContent(rows, actors, spaces);
    await this.#mailer!.send(digestMail({ to: user.email, name: user.name, frequency, content, origin: this.#origin!, token: this.unsubscribeToken(userId) }));
    return true;
  }
}

/**
 * What a digest names. A client space's notifications and a conversation's messages are only counted; the rest is
 * one line each, who did what where, without the quote (a news article's title is the one quote: it was published).
 */
export function digestContent(
  rows: readonly Pick<NotificationRow, 'kind' | 'space_id' | 'actor_id' | 'excerpt' | 'count'>[],
  actors: ReadonlyMap<string, string>,
  spaces: ReadonlyMap<string, { name: string; kind: string }>,
): DigestContent {
  const content: DigestContent = { lines: [], chatMessages: 0, clientSpace: 0, total: 0 };
  for (const row of rows) {
    const count = Number(row.count);
    content.total += count;
    const space = row.space_id ? spaces.get(row.space_id) : undefined;
    if (space?.kind === 'client') content.clientSpace += count;
    else if (row.kind === 'chat-message' || row.kind === 'chat-mention') content.chatMessages += count;
    else {
      const said = pushText(row.kind as Parameters<typeof pushText>[0], row.actor_id ? (actors.get(row.actor_id) ?? null) : null);
      const quote = row.kind === 'news' && row.excerpt ? `: "${row.excerpt}"` : '';
      content.lines.push(`${said}${space ? ` (${space.name})` : ''}${quote}`);
    }
  }
  return content;
}

/**
 * The mail, in plain Dutch ("u"), with the link to the inbox and the one to leave. The link in the text opens the
 * page with its button (the token in the fragment, kept out of server logs); the `List-Unsubscribe` header is
 * RFC 8058's one-click address, which a mail provider posts `List-Unsubscribe=One-Click` to from its own servers,
 * so its token is in the query: a fragment never reaches a server. The mail is not DKIM-signed by Kring (the
 * organisation's mail server may sign it; RFC 8058 then wants both headers signed).
 */
export function digestMail({ to, name, frequency, content, origin, token }: { to: string; name: string; frequency: DigestFrequency; content: DigestContent; origin: string; token: string }): Mail {
  const leave = `${origin}/digest/unsubscribe#token=${token}`;
  const oneClick = `${origin}/api/digest/unsubscribe/one-click?token=${encodeURIComponent(token)}`;
  const lines = [...content.lines];
  if (content.chatMessages > 0) lines.push(content.chatMessages === 1 ? '1 nieuw bericht in een gesprek' : `${content.chatMessages} nieuwe berichten in gesprekken`);
  if (content.clientSpace > 0) lines.push(content.clientSpace === 1 ? '1 melding in een ruimte met cliënten' : `${content.clientSpace} meldingen in ruimtes met cliënten`);
  const when = frequency === 'weekly' ? 'vorige week' : 'gisteren';
  const text = [
    `Beste ${name},`,
    '',
    `Dit is nieuw voor u in Kring sinds ${when}:`,
    '',
    ...lines.map((line) => `- ${line}`),
    '',
    `Lees het in Kring: ${origin}/notifications`,
    '',
    content.clientSpace > 0 || content.chatMessages > 0 ? 'Wat er in gesprekken en bij cliënten staat, leest u alleen in Kring zelf.\n' : null,
    `U krijgt deze e-mail ${frequency === 'weekly' ? 'elke maandagochtend' : 'elke ochtend'}, omdat u dat koos bij Mijn account.`,
    `Wilt u deze e-mail niet meer? Meld u hier af: ${leave}`,
  ].filter((line) => line !== null);
  return {
    to,
    subject: content.total === 1 ? 'Kring: 1 nieuwe melding voor u' : `Kring: ${content.total} nieuwe meldingen voor u`,
    text: `${text.join('\n')}\n`,
    headers: { 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** The moment the latest digest of `frequency` was due at or before `now`: the digest hour (Amsterdam) of today or yesterday; weekly, of the last Monday. */
export function lastDue(frequency: 'daily' | 'weekly', now: number, hour: number): number {
  let date = amsterdamDate(now);
  if (amsterdamTime(date, hour) > now) date = addDays(date, -1);
  if (frequency === 'weekly') while (new Date(`${date}T12:00:00Z`).getUTCDay() !== 1) date = addDays(date, -1);
  return amsterdamTime(date, hour);
}

function isMailAddress(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}
