/**
 * What "Vandaag" (the home screen) shows at the start of a shift, picked from what the device already holds: the
 * person's open cards due today (or late) and the cards handed to them, their unread mentions, the latest news,
 * what changed in their spaces since they were last here, and today's activities. Pure, so the rules are tested
 * without a browser; the page reads the device and passes what it found.
 *
 * "Today" is a calendar day in one time zone (the organisation's: Europe/Amsterdam), not the last 24 hours: a card
 * due at 00:30 tomorrow is tomorrow's, also at 23:59 tonight.
 */
import type { Activity, Notification } from '@kring/contract';
import type { PlacedCard, Post } from '@kring/shapes';

/** Kring's organisations work in the Netherlands; the device's own zone would move a shift's day when travelling. */
export const HOME_TIME_ZONE = 'Europe/Amsterdam';

/** At most this many of each block: the day has to fit on one phone screen; the full lists are one tap away. */
export const HOME_LIMIT = 5;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (`YYYY-MM-DD`) a moment falls on in `timeZone`. */
export function dayIn(moment: Date, timeZone: string = HOME_TIME_ZONE): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(moment);
}

/** The day a stored due date falls on: a date without a time is that day everywhere; null when unreadable. */
export function dueDayIn(due: string, timeZone: string = HOME_TIME_ZONE): string | null {
  if (DATE_ONLY.test(due)) return due;
  const time = Date.parse(due);
  return Number.isNaN(time) ? null : dayIn(new Date(time), timeZone);
}

/** A card on one of the person's boards, with where it is. */
export interface BoardCard {
  spaceId: string;
  spaceName: string;
  boardId: string;
  boardTitle: string;
  card: PlacedCard;
}

/** Why a card is on today's list. */
export type TaskReason = 'late' | 'today' | 'handed';

export interface TodayTask extends BoardCard {
  reason: TaskReason;
  /** The latest hand-over to the person, when a colleague handed it to them. */
  handedBy: { name: string; note: string } | null;
}

export interface Scope {
  userId: string;
  /** The spaces the person is in now: the device may still hold boards and notes of a space they left. */
  spaceIds: ReadonlySet<string>;
  now: Date;
  timeZone?: string;
}

/**
 * Open cards of the person due today or earlier, and open cards a colleague handed to them (any date): late first,
 * then today's, then the handed ones, newest hand-over first. A card they handed on is no longer theirs.
 */
export function pickTasks(cards: readonly BoardCard[], scope: Scope): TodayTask[] {
  const today = dayIn(scope.now, scope.timeZone);
  const picked: TodayTask[] = [];
  for (const entry of cards) {
    const { card } = entry;
    if (card.done || !scope.spaceIds.has(entry.spaceId)) continue;
    if (!card.assignees.some((person) => person.id === scope.userId)) continue;
    const last = card.handovers.at(-1);
    const handedBy = last && last.to.id === scope.userId && last.from.id !== scope.userId ? { name: last.from.name, note: last.note } : null;
    const day = card.due === null ? null : dueDayIn(card.due, scope.timeZone);
    const reason: TaskReason | null = day !== null && day < today ? 'late' : day === today ? 'today' : handedBy ? 'handed' : null;
    if (reason) picked.push({ ...entry, reason, handedBy });
  }
  const rank: Record<TaskReason, number> = { late: 0, today: 1, handed: 2 };
  const handedAt = (task: TodayTask) => task.card.handovers.at(-1)?.at ?? '';
  return picked.sort(
    (a, b) => rank[a.reason] - rank[b.reason] || (a.card.due ?? '').localeCompare(b.card.due ?? '') || handedAt(b).localeCompare(handedAt(a)) || a.card.title.localeCompare(b.card.title),
  );
}

/** Kinds that say "someone named you". */
const MENTIONS = new Set<Notification['kind']>(['mention', 'chat-mention']);

/**
 * Unread mentions from the inbox's copy on the device, newest first; none from a space the person left (the
 * server re-checks too, but the device's copy may be older than leaving).
 */
export function pickMentions(notifications: readonly Notification[], scope: Pick<Scope, 'spaceIds'>): Notification[] {
  return notifications
    .filter((notification) => !notification.read && MENTIONS.has(notification.kind))
    .filter((notification) => notification.spaceId === null || scope.spaceIds.has(notification.spaceId))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** A news article as the news space's index lists it. */
export interface Article {
  spaceId: string;
  pageId: string;
  title: string;
}

export interface News {
  /** The newest post of the news feed, with its first picture when it has one. */
  post: (Post & { spaceId: string; feedId: string }) | null;
  /** The newest articles first. */
  articles: Article[];
}

/**
 * The latest news: the newest news post of the last two weeks, and the newest articles (an index lists
 * published articles in the order they came, so the last ones are the newest).
 */
export function pickNews(posts: ReadonlyArray<Post & { spaceId: string; feedId: string }>, articles: readonly Article[], now: Date, limit = 3): News {
  const since = now.getTime() - 14 * 86_400_000;
  const post = [...posts].filter((p) => Date.parse(p.createdAt) >= since).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
  return { post, articles: [...articles].reverse().slice(0, limit) };
}

/** What the device remembered of each document when the person last opened the home screen. */
export type SeenMarks = Readonly<Record<string, number>>;

export interface SpaceNews {
  spaceId: string;
  /** Documents that changed since the last visit, or came new. */
  changed: number;
}

/**
 * Per space the person is in, how many of its documents changed on the device since they were last here
 * (y-dexie's change marks only grow). Only documents the device already had then: on a new device the background
 * sync brings hundreds of documents that are new to the device, not to the person (a colleague's new page still
 * counts, through the space's index that lists it). Nothing on the first visit.
 */
export function pickChangedSpaces(marks: ReadonlyMap<string, number>, seen: SeenMarks | null, spaceIds: ReadonlySet<string>): Map<string, number> {
  const changed = new Map<string, number>();
  if (seen === null) return changed;
  for (const [name, mark] of marks) {
    const spaceId = name.split('/')[0] ?? '';
    if (!spaceIds.has(spaceId)) continue;
    const before = Object.hasOwn(seen, name) ? seen[name] : undefined;
    if (before === undefined || mark <= before) continue;
    changed.set(spaceId, (changed.get(spaceId) ?? 0) + 1);
  }
  return changed;
}

export interface ActivitiesOfDay {
  /** Today's activities that are not called off, earliest first. */
  today: Activity[];
  /** For a client: the next ones after today, when there are any. */
  coming: Activity[];
}

/** Today's activities; for a client also the next few (their week is their activities). */
export function pickActivities(activities: readonly Activity[], scope: Omit<Scope, 'userId'>, { coming = 0 } = {}): ActivitiesOfDay {
  const today = dayIn(scope.now, scope.timeZone);
  const open = activities
    .filter((activity) => !activity.cancelledAt && scope.spaceIds.has(activity.spaceId) && !Number.isNaN(Date.parse(activity.startsAt)))
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const dayOf = (activity: Activity) => dayIn(new Date(activity.startsAt), scope.timeZone);
  return {
    today: open.filter((activity) => dayOf(activity) === today),
    coming: open.filter((activity) => dayOf(activity) > today).slice(0, coming),
  };
}
