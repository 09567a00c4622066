/**
 * The morning round: notifications that come from the clock, not from an update. A task that is due today tells
 * the people on it (from the reminder hour on the Amsterdam clock, on the day it is due), a protocol whose review
 * date has come tells its owner and approver, and an activity in the next 24 hours tells those signed up for it. Each is told once: the event key names the card and its due day, or
 * the activity and its start, so running the round again (or in a second process) adds nothing, and a task moved to
 * another day or an activity moved to another time is told again. Who may still read the board, or still see the
 * activity's space, is checked when the rows are made (and the board again when the inbox is read).
 */
import * as Y from 'yjs';
import { canSeeSpace } from '@kring/access';
import { amsterdamClock, amsterdamDate, DAY_MS } from '@kring/contract';
import { getPageTitle, listColumns } from '@kring/shapes';
import { parseDocName } from '@kring/shapes/names';
import type { DocumentStore } from '@kring/storage';
import type { Accounts } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import type { Derived } from './derive.ts';
import type { Notifications } from './notifications.ts';

/** From this hour (Amsterdam) a task due today is told: the start of a day shift, not midnight. */
export const DEFAULT_REMINDER_HOUR = 7;
/** How often the round looks; the event keys make a look that finds nothing new cost only reads. */
export const DEFAULT_REMINDER_CHECK_MS = 5 * 60_000;

export class Reminders {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  readonly #store: DocumentStore;
  readonly #notifications: Notifications;
  readonly #hour: number;
  /** The day being told, and how far this process read the boards' changes that day: a round reads only boards changed since. */
  #day: string | null = null;
  #cursor = 0;
  #running: Promise<void> | null = null;

  constructor(db: KringDb, accounts: Accounts, store: DocumentStore, notifications: Notifications, { hour = DEFAULT_REMINDER_HOUR }: { hour?: number } = {}) {
    this.#db = db;
    this.#accounts = accounts;
    this.#store = store;
    this.#notifications = notifications;
    this.#hour = hour;
  }

  /** One round; a round still running is waited for instead of starting a second beside it. */
  run(now = Date.now()): Promise<void> {
    this.#running ??= (async () => {
      try {
        await this.#activities(now);
        if (amsterdamClock(now).hour >= this.#hour) {
          await this.#dueTasks(amsterdamDate(now), now);
          await this.#dueReviews(amsterdamDate(now), now);
        }
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  /** Resolves when no round is running (before the database closes). */
  async settled(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  /** Everyone signed up (with a place) for an activity that starts within a day, and that was not cancelled. */
  async #activities(now: number): Promise<void> {
    const rows = await this.#db
      .selectFrom('activity_signups')
      .innerJoin('activities', 'activities.id', 'activity_signups.activity_id')
      .select(['activities.id', 'activities.space_id', 'activities.title', 'activities.starts_at', 'activity_signups.user_id'])
      .where('activity_signups.status', '=', 'confirmed')
      .where('activities.cancelled_at', 'is', null)
      .where('activities.starts_at', '>', now)
      .where('activities.starts_at', '<=', now + DAY_MS)
      .execute();
    const bySpace = Map.groupBy(rows, (row) => row.space_id);
    for (const [spaceId, signups] of bySpace) {
      const told: Derived[] = [];
      for (const row of signups) {
        const person = await this.#accounts.userById(row.user_id);
        if (!person?.active || !canSeeSpace(await this.#accounts.accessUser(person, now), spaceId)) continue;
        told.push({ kind: 'activity-reminder', recipientId: row.user_id, subject: row.id, eventKey: `activity-reminder:${row.id}:${row.starts_at}`, excerpt: row.title.slice(0, 200) });
      }
      await this.#notifications.remind(spaceId, told, now);
    }
  }

  /**
   * The people on each task due today that is not in a finished column: on a new day every board is read, later in
   * the day only the boards changed since (a card given today's date at ten is told then).
   */
  async #dueTasks(day: string, now: number): Promise<void> {
    if (this.#day !== day) {
      this.#day = day;
      this.#cursor = 0;
    }
    const { boards, cursor } = await this.#boardsSince(this.#cursor);
    for (const docName of boards) {
      const state = await this.#store.load(docName);
      if (!state) continue;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      const told: Derived[] = [];
      for (const column of listColumns(doc)) {
        if (column.done) continue;
        for (const card of column.cards) {
          if (card.due !== day) continue;
          for (const assignee of card.assignees) {
            told.push({ kind: 'task-due', recipientId: assignee.id, subject: card.id, eventKey: `task-due:${docName}:${card.id}:${day}`, excerpt: card.title.slice(0, 200) });
          }
        }
      }
      doc.destroy();
      // The board is the document: whoever may no longer read it is left out when the rows are made.
      if (told.length > 0) await this.#notifications.notify(docName, null, told, now);
    }
    this.#cursor = cursor;
  }

  /**
   * A protocol whose review date has come tells its owner and its approver, once per review date (a new date set after
   * the review tells again when it comes). The title is the page's as it is now: they keep it.
   */
  async #dueReviews(day: string, now: number): Promise<void> {
    const rows = await this.#db.selectFrom('page_controls').select(['document', 'owner_id', 'approver_id', 'review_on']).where('review_on', '<=', day).execute();
    for (const row of rows) {
      const keepers = [...new Set([row.owner_id, row.approver_id].filter((id): id is string => id !== null))];
      if (keepers.length === 0) continue;
      const state = await this.#store.load(row.document);
      const doc = new Y.Doc();
      if (state) Y.applyUpdate(doc, state);
      const title = getPageTitle(doc);
      doc.destroy();
      const docId = parseDocName(row.document)?.docId;
      if (!docId) continue;
      const eventKey = `protocol-review:${row.document}:${row.review_on}`;
      await this.#notifications.notify(
        row.document,
        null,
        keepers.map((recipientId) => ({ kind: 'protocol-review-due' as const, recipientId, subject: docId, eventKey, excerpt: title.slice(0, 200) })),
        now,
      );
    }
  }

  /** The boards stored or changed after `from`, and where the changes end. */
  async #boardsSince(from: number): Promise<{ boards: string[]; cursor: number }> {
    const found = new Set<string>();
    let cursor = from;
    for (;;) {
      const page = await this.#store.changesSince(cursor, 1000);
      for (const { docName } of page.changes) if (parseDocName(docName)?.kind === 'board') found.add(docName);
      cursor = page.cursor;
      if (page.changes.length < 1000) return { boards: [...found], cursor };
    }
  }
}
