/**
 * What each person chose to hear about: per topic of notifications on which channels (inbox, push, e-mail), and
 * the spaces they muted. Only changes from the default are stored (everything on, nothing muted), so asking who
 * does not want a notification reads a few rows, not one per person, even when a news article tells everyone.
 */
import {
  DEFAULT_TOPIC_CHOICE,
  isNotificationKind,
  NOTIFICATION_TOPICS,
  THROUGH_A_MUTE,
  topicOf,
  topicsFor,
  type NotificationChannel,
  type NotificationKind,
  type NotificationSettings,
  type NotificationSettingsInput,
  type NotificationTopic,
} from '@kring/contract';
import type { AccessUser } from '@kring/access';
import type { KringDb } from '../db/schema.ts';

export class NotificationChoiceError extends Error {
  readonly code: 'unknown_space' | 'bad_request';
  constructor(code: 'unknown_space' | 'bad_request', message: string) {
    super(message);
    this.code = code;
  }
}

export class NotificationChoices {
  readonly #db: KringDb;

  constructor(db: KringDb) {
    this.#db = db;
  }

  /** The person's choices, of the topics that can reach them (`topicsFor`); the muted spaces only those they are still in. */
  async settings(user: AccessUser): Promise<NotificationSettings> {
    const offered: readonly string[] = topicsFor(user.role);
    const topics: NotificationSettings['topics'] = Object.fromEntries(offered.map((topic) => [topic, { ...DEFAULT_TOPIC_CHOICE }]));
    for (const row of await this.#db.selectFrom('notification_choices').selectAll().where('user_id', '=', user.id).execute()) {
      if (!offered.includes(row.topic)) continue;
      topics[row.topic as NotificationTopic] = { inbox: row.inbox === 1, push: row.push === 1, email: row.email === 1 };
    }
    const muted = await this.#db.selectFrom('space_mutes').select('space_id').where('user_id', '=', user.id).orderBy('space_id').execute();
    return { topics, mutedSpaces: muted.map((row) => row.space_id).filter((id) => Object.hasOwn(user.spaces, id)) };
  }

  /**
   * Changes the topics given (only topics that can reach the person: another is `bad_request`) and, when given,
   * replaces the list of muted spaces: only spaces the person is in (a conversation is muted in the chat, not here).
   */
  async change(user: AccessUser, input: NotificationSettingsInput, now = Date.now()): Promise<NotificationSettings> {
    const offered = topicsFor(user.role);
    const foreign = NOTIFICATION_TOPICS.find((topic) => input.topics?.[topic] !== undefined && !offered.includes(topic));
    if (foreign !== undefined) throw new NotificationChoiceError('bad_request', `The topic ${JSON.stringify(foreign)} never reaches you.`);
    const muted = input.mutedSpaces && [...new Set(input.mutedSpaces)];
    const outside = muted?.find((id) => !Object.hasOwn(user.spaces, id) || id.startsWith('conv_'));
    if (outside !== undefined) throw new NotificationChoiceError('unknown_space', `You are not in a space ${JSON.stringify(outside)}.`);
    await this.#db.transaction().execute(async (trx) => {
      for (const topic of NOTIFICATION_TOPICS) {
        const choice = input.topics?.[topic];
        if (!choice) continue;
        const row = { inbox: choice.inbox ? 1 : 0, push: choice.push ? 1 : 0, email: choice.email ? 1 : 0, updated_at: now };
        if (choice.inbox && choice.push && choice.email) {
          // Back to the default: no row, so the person counts among those who get everything.
          await trx.deleteFrom('notification_choices').where('user_id', '=', user.id).where('topic', '=', topic).execute();
        } else {
          await trx
            .insertInto('notification_choices')
            .values({ user_id: user.id, topic, ...row })
            .onConflict((oc) => oc.columns(['user_id', 'topic']).doUpdateSet(row))
            .execute();
        }
      }
      if (muted) {
        await trx.deleteFrom('space_mutes').where('user_id', '=', user.id).execute();
        if (muted.length > 0) await trx.insertInto('space_mutes').values(muted.map((space_id) => ({ user_id: user.id, space_id, muted_at: now }))).execute();
      }
    });
    return this.settings(user);
  }

  /**
   * Of `recipients`, those who do not want a notification of `kind` from `spaceId` on `channel`: they switched its
   * topic off there (the inbox off: off everywhere), or muted the space and it is not addressed to them by name.
   */
  async unwanted(recipients: readonly string[], kind: NotificationKind, spaceId: string | null, channel: NotificationChannel): Promise<Set<string>> {
    const out = new Set<string>();
    if (recipients.length === 0) return out;
    const topic = topicOf(kind);
    const off = await this.#db
      .selectFrom('notification_choices')
      .select('user_id')
      .where('topic', '=', topic)
      .where((eb) => (channel === 'inbox' ? eb('inbox', '=', 0) : eb.or([eb('inbox', '=', 0), eb(channel, '=', 0)])))
      .execute();
    for (const row of off) out.add(row.user_id);
    if (spaceId !== null && !THROUGH_A_MUTE.has(topic)) {
      for (const row of await this.#db.selectFrom('space_mutes').select('user_id').where('space_id', '=', spaceId).execute()) out.add(row.user_id);
    }
    const asked = new Set(recipients);
    return new Set([...out].filter((id) => asked.has(id)));
  }

  /** Of stored notifications, those their recipients want on `channel` (asked now: a choice may be newer than the row). */
  async wanted<Row extends { recipient_id: string; kind: string; space_id: string | null }>(rows: readonly Row[], channel: NotificationChannel): Promise<Row[]> {
    const unwanted = new Map<string, Set<string>>();
    for (const row of rows) {
      const key = `${row.kind} ${row.space_id ?? ''}`;
      if (unwanted.has(key) || !isNotificationKind(row.kind)) continue;
      const recipients = [...new Set(rows.filter((r) => r.kind === row.kind && r.space_id === row.space_id).map((r) => r.recipient_id))];
      unwanted.set(key, await this.unwanted(recipients, row.kind, row.space_id, channel));
    }
    return rows.filter((row) => isNotificationKind(row.kind) && !unwanted.get(`${row.kind} ${row.space_id ?? ''}`)?.has(row.recipient_id));
  }

  /** The spaces the person muted, with when, as stored (the export: also spaces they have left since). */
  async mutes(userId: string): Promise<{ spaceId: string; mutedAt: number }[]> {
    const rows = await this.#db.selectFrom('space_mutes').select(['space_id', 'muted_at']).where('user_id', '=', userId).orderBy('space_id').execute();
    return rows.map((row) => ({ spaceId: row.space_id, mutedAt: row.muted_at }));
  }

  /** A person's erasure or deactivation: their choices go with them. */
  async forget(userId: string): Promise<void> {
    await this.#db.deleteFrom('notification_choices').where('user_id', '=', userId).execute();
    await this.#db.deleteFrom('space_mutes').where('user_id', '=', userId).execute();
  }
}
