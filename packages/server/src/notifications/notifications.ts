/**
 * The notifications table: what derivation (derive.ts) found, stored once per event and person, and read back as
 * an inbox. Who may read what is checked twice: when a notification is created (the recipient may read the
 * document) and every time it is listed or counted (someone removed from a space meanwhile sees nothing of it).
 */
import { randomUUID } from 'node:crypto';
import { readsAnyVersion, type AccessUser } from '@kring/access';
import { isNotificationKind, notificationLink, type Notification, type NotificationKind, type NotificationPage } from '@kring/contract';
import { parseDocName } from '@kring/shapes/names';
import type { Accounts } from '../accounts/accounts.ts';
import type { Insertable, Selectable } from 'kysely';
import { sql, type KringDb, type NotificationTable } from '../db/schema.ts';
import { NotificationChoices } from './choices.ts';
import { LiveInbox } from './live.ts';
import type { Derivation, Derived } from './derive.ts';

/** A stored notification as read back (its `count` filled in). */
export type NotificationRow = Selectable<NotificationTable>;

/**
 * The names of the people who caused `rows` and of their spaces (with each space's kind), read when they are
 * shown (the inbox, a push, a digest), so an erased person or a renamed space shows as it is now.
 */
export async function namesOf(
  db: KringDb,
  rows: readonly Pick<NotificationRow, 'actor_id' | 'space_id'>[],
): Promise<{ actors: Map<string, string>; spaces: Map<string, { name: string; kind: string }> }> {
  const actorIds = [...new Set(rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])))];
  const spaceIds = [...new Set(rows.flatMap((row) => (row.space_id ? [row.space_id] : [])))];
  const actors = new Map<string, string>();
  if (actorIds.length > 0) for (const { id, name } of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', actorIds).execute()) actors.set(id, name);
  const spaces = new Map<string, { name: string; kind: string }>();
  if (spaceIds.length > 0) for (const { id, name, kind } of await db.selectFrom('spaces').select(['id', 'name', 'kind']).where('id', 'in', spaceIds).execute()) spaces.set(id, { name, kind });
  return { actors, spaces };
}

/** How long a notification is kept: an inbox is for what is new, not an archive (docs/privacy.md). */
export const NOTIFICATION_RETENTION_DAYS = 90;
const INSERT_SLICE = 200;
/** How many recipients are checked between two turns of the event loop. */
const YIELD_EVERY = 10;
/** Tries of the checkpoint after a deletion, and the wait between them (ms): at most half a second in all. */
const CHECKPOINT_TRIES = 50;
const CHECKPOINT_WAIT_MS = 10;

export class Notifications {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  /**
   * Records and erasures one after the other, in the order the updates were stored: a deletion's removal must not
   * overtake the creation of what it removes (which first looks up its recipients), or the row would outlive
   * its post.
   */
  #queue: Promise<void> = Promise.resolve();
  /** A checkpoint that readers held up, tried again later (see #wipeLog). */
  #wipeAgain: ReturnType<typeof setTimeout> | null = null;
  /** Told of the rows just stored (and only those: a second process's copy of an event adds none), e.g. push. */
  readonly #created: ((rows: NotificationRow[]) => void)[] = [];
  /** What each person chose to hear about: a topic switched off in the inbox, or a muted space, makes no row. */
  readonly choices: NotificationChoices;
  /** The open apps of this process, told when their person's inbox changed. */
  readonly live = new LiveInbox();

  constructor(db: KringDb, accounts: Accounts) {
    this.#db = db;
    this.#accounts = accounts;
    this.choices = new NotificationChoices(db);
  }

  /** Calls `listener` with the notifications each store added; it must return at once and not throw. */
  onCreated(listener: (rows: NotificationRow[]) => void): void {
    this.#created.push(listener);
  }

  #told(rows: NotificationRow[]): void {
    if (rows.length === 0) return;
    this.live.changed(rows.map((row) => row.recipient_id));
    for (const listener of this.#created) listener(rows);
  }

  /**
   * Stores what an update to `docName` by `author` derived, once it is durably stored: notifications for the recipients who
   * are active and may read the document (a second process deriving the same update adds nothing: the event key
   * is unique per person), and the removal of those about items the update deleted.
   */
  record(docName: string, author: string | null, derivation: Derivation, now = Date.now()): Promise<void> {
    return this.#inTurn(() => this.#record(docName, author, derivation, now));
  }

  async #record(docName: string, author: string | null, { created, removed, chat }: Derivation, now: number): Promise<void> {
    const spaceId = parseDocName(docName)?.spaceId ?? null;
    if (removed.length > 0) {
      const { numDeletedRows } = await this.#db
        .deleteFrom('notifications')
        .where('document', '=', docName)
        .where((eb) =>
          eb.or(removed.flatMap((subject) => [eb('subject', '=', subject), eb.and([eb('subject', '>', `${subject}/`), eb('subject', '<', `${subject}0`)])])),
        )
        .executeTakeFirst();
      if (numDeletedRows > 0n) await this.#wipeLog();
    }
    const readers = new Map<string, boolean>();
    const reads = async (recipientId: string) => {
      let answer = readers.get(recipientId);
      if (answer === undefined) {
        const user = await this.#accounts.userById(recipientId);
        answer = user !== null && user.active && readsAnyVersion(await this.#accounts.accessUser(user, now), docName, now);
        readers.set(recipientId, answer);
      }
      return answer;
    };
    if (chat && author !== null && spaceId !== null) await this.#recordChat(docName, spaceId, author, chat, reads, now);
    if (created.length === 0) return;
    const rows: Insertable<NotificationTable>[] = [];
    const unwanted = new Map<NotificationKind, Set<string>>();
    for (const kind of new Set(created.map((derived) => derived.kind))) {
      const recipients = created.filter((derived) => derived.kind === kind).map((derived) => derived.recipientId);
      unwanted.set(kind, await this.choices.unwanted(recipients, kind, spaceId, 'inbox'));
    }
    for (const [index, derived] of created.entries()) {
      // The database answers synchronously: without a turn of the event loop now and then, telling 5,000 people
      // would hold up every socket for seconds (test/bench/results/fanout.md).
      if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      if (unwanted.get(derived.kind)?.has(derived.recipientId) || !(await reads(derived.recipientId))) continue;
      rows.push({
        id: randomUUID(),
        recipient_id: derived.recipientId,
        kind: derived.kind,
        event_key: derived.eventKey,
        document: docName,
        space_id: spaceId,
        subject: derived.subject,
        actor_id: author,
        excerpt: derived.excerpt,
        created_at: now,
        read_at: null,
      });
    }
    await this.#insert(rows);
  }

  /** Stores new rows (an event told before adds nothing) and tells who listens of those added. */
  async #insert(rows: Insertable<NotificationTable>[]): Promise<void> {
    // In slices: a news article tells a whole organisation, and SQLite takes a bounded number of values per statement.
    for (let i = 0; i < rows.length; i += INSERT_SLICE) {
      const added = await this.#db
        .insertInto('notifications')
        .values(rows.slice(i, i + INSERT_SLICE))
        .onConflict((oc) => oc.columns(['recipient_id', 'event_key']).doNothing())
        .returningAll()
        .execute();
      this.#told(added);
    }
  }

  /**
   * New messages in a conversation: each member who did not write them, is not named in them (a mention tells
   * them already), has not muted it and did not have it open is told, in one unread row per conversation that
   * counts the messages since and quotes the newest. Each step is one statement, so a second process deriving the
   * same message finds it counted (the row's subject) or the row made (its event key) and adds nothing; only once
   * the row was read in between would it be told again (docs/architecture.md).
   */
  async #recordChat(
    docName: string,
    conversationId: string,
    author: string,
    { messages, present }: NonNullable<Derivation['chat']>,
    reads: (recipientId: string) => Promise<boolean>,
    now: number,
  ): Promise<void> {
    const members = await this.#db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', conversationId).where('muted', '=', 0).execute();
    const others = members.map((row) => row.user_id).filter((id) => id !== author && !present.includes(id));
    const unwanted = await this.choices.unwanted(others, 'chat-message', conversationId, 'inbox');
    const away = others.filter((id) => !unwanted.has(id));
    for (const message of messages) {
      for (const recipientId of away) {
        if (message.named.includes(recipientId) || !(await reads(recipientId))) continue;
        const { numUpdatedRows } = await this.#db
          .updateTable('notifications')
          .set((eb) => ({ count: eb('count', '+', 1), subject: message.messageId, document: docName, actor_id: author, excerpt: message.excerpt, created_at: now }))
          .where('recipient_id', '=', recipientId)
          .where('kind', '=', 'chat-message')
          .where('space_id', '=', conversationId)
          .where('read_at', 'is', null)
          .where('subject', '!=', message.messageId)
          .executeTakeFirst();
        if (numUpdatedRows > 0n) {
          // One more message in the unread row: its quote and time changed, the open app shows the newest.
          this.live.changed([recipientId]);
          continue;
        }
        // None unread yet (or this message is counted already): a new row, unless one is unread by now. Only a new
        // row is told to the listeners (push): a burst is one push, not one per message.
        const inserted = await sql<NotificationRow>`INSERT INTO notifications (id, recipient_id, kind, event_key, document, space_id, subject, actor_id, excerpt, created_at, read_at, count)
          SELECT ${randomUUID()}, ${recipientId}, 'chat-message', ${`chat-message:${docName}:${message.messageId}`}, ${docName}, ${conversationId}, ${message.messageId}, ${author}, ${message.excerpt}, ${now}, NULL, 1
          WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE recipient_id = ${recipientId} AND kind = 'chat-message' AND space_id = ${conversationId} AND read_at IS NULL)
          ON CONFLICT (recipient_id, event_key) DO NOTHING
          RETURNING *`.execute(this.#db);
        this.#told(inserted.rows);
      }
    }
  }

  /** The person read the conversation (its read marker moved): its message notification is read too. */
  async conversationRead(userId: string, conversationId: string, now = Date.now()): Promise<void> {
    await this.#db
      .updateTable('notifications')
      .set({ read_at: now })
      .where('recipient_id', '=', userId)
      .where('kind', '=', 'chat-message')
      .where('space_id', '=', conversationId)
      .where('read_at', 'is', null)
      .executeTakeFirst()
      .then(({ numUpdatedRows }) => numUpdatedRows > 0n && this.live.changed([userId]));
  }

  /**
   * Tells people of an event that is no document update (an editorial decision): as `record`, without removals.
   * `eventKey` must name the event itself (not the time it is told), so telling it twice adds nothing.
   */
  notify(docName: string, actorId: string | null, created: Derivation['created'], now = Date.now()): Promise<void> {
    return this.record(docName, actorId, { created: actorId === null ? created : created.filter((derived) => derived.recipientId !== actorId), removed: [] }, now);
  }

  /**
   * Tells one person of an event about no document (a desk's reply to their question): `eventKey` names the
   * event, so telling it twice adds nothing; `subject` is what the link opens (the question's id).
   */
  tell(recipientId: string, kind: NotificationKind, eventKey: string, subject: string, actorId: string | null, excerpt: string, now = Date.now()): Promise<void> {
    return this.#inTurn(async () => {
      if ((await this.choices.unwanted([recipientId], kind, null, 'inbox')).size > 0) return;
      const added = await this.#db
        .insertInto('notifications')
        .values({ id: randomUUID(), recipient_id: recipientId, kind, event_key: eventKey, document: null, space_id: null, subject, actor_id: actorId, excerpt: excerpt.slice(0, 200), created_at: now, read_at: null })
        .onConflict((oc) => oc.columns(['recipient_id', 'event_key']).doNothing())
        .returningAll()
        .execute();
      this.#told(added);
    });
  }

  /**
   * Tells people of an event in a space that is no document (an activity coming up): as `tell`, for several people,
   * with the space named so a muted space and the link know it. Who may see the space is the caller's check.
   */
  remind(spaceId: string, created: Derived[], now = Date.now()): Promise<void> {
    if (created.length === 0) return Promise.resolve();
    return this.#inTurn(async () => {
      const rows: Insertable<NotificationTable>[] = [];
      for (const kind of new Set(created.map((derived) => derived.kind))) {
        const ofKind = created.filter((derived) => derived.kind === kind);
        const unwanted = await this.choices.unwanted(
          ofKind.map((derived) => derived.recipientId),
          kind,
          spaceId,
          'inbox',
        );
        for (const derived of ofKind) {
          if (unwanted.has(derived.recipientId)) continue;
          rows.push({ id: randomUUID(), recipient_id: derived.recipientId, kind, event_key: derived.eventKey, document: null, space_id: spaceId, subject: derived.subject, actor_id: null, excerpt: derived.excerpt, created_at: now, read_at: null });
        }
      }
      await this.#insert(rows);
    });
  }

  /** A page of `user`'s notifications, newest first, without those about documents they may no longer read. */
  async list(user: AccessUser, { before, limit }: { before?: string; limit: number }, now = Date.now()): Promise<NotificationPage> {
    let query = this.#db.selectFrom('notifications').selectAll().where('recipient_id', '=', user.id);
    if (before) {
      const cut = before.indexOf('.');
      const at = Number(before.slice(0, cut));
      const id = before.slice(cut + 1);
      query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    const readable = rows.filter((row) => this.#mayRead(user, row.document, now) && isNotificationKind(row.kind));
    const { actors, spaces } = await namesOf(this.#db, readable);
    const notifications = readable.map((row): Notification => {
      const kind = row.kind as Notification['kind'];
      return {
        id: row.id,
        kind,
        createdAt: new Date(Number(row.created_at)).toISOString(),
        read: row.read_at !== null,
        count: Number(row.count),
        actorName: row.actor_id ? (actors.get(row.actor_id) ?? null) : null,
        spaceId: row.space_id,
        spaceName: row.space_id ? (spaces.get(row.space_id)?.name ?? null) : null,
        excerpt: row.excerpt,
        link: notificationLink(kind, { spaceId: row.space_id, document: row.document, subject: row.subject }),
      };
    });
    const last = rows.at(-1);
    return { notifications, unread: await this.unread(user, now), next: rows.length === limit && last ? `${last.created_at}.${last.id}` : null };
  }

  /** How many of `user`'s notifications are unread, counting only those about documents they may still read. */
  async unread(user: AccessUser, now = Date.now()): Promise<number> {
    const rows = await this.#db
      .selectFrom('notifications')
      .select(['document', (eb) => eb.fn.countAll<number>().as('count')])
      .where('recipient_id', '=', user.id)
      .where('read_at', 'is', null)
      .groupBy('document')
      .execute();
    return rows.reduce((sum, row) => sum + (this.#mayRead(user, row.document, now) ? Number(row.count) : 0), 0);
  }

  /**
   * `user`'s unread notifications that came (or, a conversation's, grew) since `since`, oldest first, at most
   * `limit`, without those about documents they may no longer read: what an e-mail digest names.
   */
  async unreadSince(user: AccessUser, since: number, limit: number, now = Date.now()): Promise<NotificationRow[]> {
    const rows = await this.#db
      .selectFrom('notifications')
      .selectAll()
      .where('recipient_id', '=', user.id)
      .where('read_at', 'is', null)
      .where('created_at', '>=', since)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.filter((row) => this.#mayRead(user, row.document, now) && isNotificationKind(row.kind));
  }

  /** Marks `ids` (only the person's own; others are ignored) or all of them read, on every device at once. */
  async markRead(user: AccessUser, which: { ids: readonly string[] } | { all: true }, now = Date.now()): Promise<number> {
    let query = this.#db.updateTable('notifications').set({ read_at: now }).where('recipient_id', '=', user.id).where('read_at', 'is', null);
    if ('ids' in which) query = query.where('id', 'in', [...which.ids]);
    await query.execute();
    // The person's other devices take the badge down too.
    this.live.changed([user.id]);
    return this.unread(user, now);
  }

  /** A person's erasure: the notifications they received and those that name them as the causer go. */
  forget(personId: string): Promise<void> {
    return this.#inTurn(() => this.#forget(personId));
  }

  async #forget(personId: string): Promise<void> {
    await this.#db.deleteFrom('notifications').where((eb) => eb.or([eb('recipient_id', '=', personId), eb('actor_id', '=', personId)])).execute();
    await this.choices.forget(personId);
    await this.#wipeLog();
  }

  /**
   * Deleted means gone: a deleted row's quote is overwritten on its page (`secure_delete`), but the page as it was
   * may still be in the database file while the write-ahead log holds the new one. Copy the log back and empty it,
   * as an erasing append does (packages/storage). A reader can keep it from finishing: it is tried again for up to
   * half a second; if readers never let go, the next deletion or SQLite's own checkpoints finish it.
   */
  async #wipeLog(): Promise<void> {
    // A read on the storage worker's connection keeps the checkpoint from finishing: tried again for a moment
    // (a full CI run found a deleted chat message's quote still in the database file after one try).
    for (let attempt = 0; attempt < CHECKPOINT_TRIES; attempt++) {
      const { rows } = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.#db);
      if (rows[0]?.busy === 0) return;
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_WAIT_MS));
    }
    // Still held: once more in a second, so the old page does not wait for the next deletion.
    if (this.#wipeAgain) return;
    this.#wipeAgain = setTimeout(() => {
      this.#wipeAgain = null;
      void this.#wipeLog().catch(() => undefined);
    }, 1_000);
    this.#wipeAgain.unref?.();
  }


  /** Notifications older than the retention period go (at start and once a day, in any process). */
  async prune(now = Date.now()): Promise<void> {
    await this.#db.deleteFrom('notifications').where('created_at', '<', now - NOTIFICATION_RETENTION_DAYS * 24 * 3600_000).execute();
  }

  #inTurn(step: () => Promise<void>): Promise<void> {
    const turn = this.#queue.then(step);
    // One failed step must not stop the next; its caller hears of the failure.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  #mayRead(user: AccessUser, document: string | null, now: number): boolean {
    return document === null || readsAnyVersion(user, document, now);
  }
}

