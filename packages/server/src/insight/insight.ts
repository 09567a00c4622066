/**
 * Community insight (docs/architecture.md, "Community insight"): whether the platform lives, for the editors and
 * administrators (`mayViewInsight`). Aggregates only, never per person, and no figure about a group of fewer than
 * `INSIGHT_MIN_GROUP` people.
 *
 * What it counts from, and nothing more (docs/privacy.md, "Community insight"):
 * - active people: one row per person and week in which they signed in or used a session (`Sessions.onSeen`);
 * - posts and comments: the spaces' stored feed documents, read with the feed shape (their authorship is the
 *   server's word, their dates the device's);
 * - read reach: one row per person and page, when a person opens a news article or an approved protocol.
 * The rows go after `KEEP_WEEKS` and with an erased person.
 */
import * as Y from 'yjs';
import { access, mayViewInsight, type AccessUser, type SpaceKind } from '@kring/access';
import { INSIGHT_MIN_GROUP, INSIGHT_WEEKS, type InsightAnswer, type InsightFigure, type InsightReach, type InsightSpace } from '@kring/contract';
import { getPageEntry, listComments, listPosts } from '@kring/shapes';
import { parseDocName } from '@kring/shapes/names';
import type { DocumentStore } from '@kring/storage';
import type { User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { isoWeek } from '../desk/desk.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** About half a year: enough to compare with last season, short enough to hold little about anyone. */
export const KEEP_WEEKS = 26;
/** The newest news articles and protocols whose reach is shown. */
const REACH_ITEMS = 10;

export class InsightRefused extends Error {
  readonly code = 'forbidden';
  constructor() {
    super('Only editors and administrators see community insight.');
  }
}

/** The Monday (UTC) of the week `at` falls in, as `YYYY-MM-DD`. */
export function weekOf(at: number): string {
  const day = new Date(at);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - sinceMonday)).toISOString().slice(0, 10);
}

/** The last `count` weeks up to the one `now` falls in, oldest first. */
export function weeksUpTo(now: number, count = INSIGHT_WEEKS): string[] {
  const last = Date.parse(`${weekOf(now)}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * WEEK_MS).toISOString().slice(0, 10));
}

/** A count of people, or null when it is about a group too small to show (or names fewer than five people). */
function peopleFigure(count: number, group: number): InsightFigure {
  if (group < INSIGHT_MIN_GROUP) return null;
  return count > 0 && count < INSIGHT_MIN_GROUP ? null : count;
}

/** The desks' weekly counts (packages/server/src/desk, `Desks.weeklyAnswerFigures`), keyed by ISO week. */
export interface AnswerFigures {
  weeklyAnswerFigures(organisationId: string, from: number, to: number): Promise<{ week: string; asked: number; answeredWithinDay: number }[]>;
}

export class Insight {
  readonly #db: KringDb;
  #answers: AnswerFigures | null = null;
  readonly #store: DocumentStore;
  /** `<week>|<user>` already written by this process: a session used all day adds one row, not hundreds of queries. */
  readonly #noted = new Set<string>();

  constructor(db: KringDb, store: DocumentStore) {
    this.#db = db;
    this.#store = store;
  }

  /** Where the share of questions answered within a day comes from (the desks, made after this service). */
  answersFrom(source: AnswerFigures): void {
    this.#answers = source;
  }

  /**
   * Per week, the share of the desks' questions that had their first answer within a day; null for a week with
   * fewer than five questions (so few could point at who asked).
   */
  async #answeredWithinADay(org: string, weeks: readonly string[], now: number): Promise<InsightFigure[] | undefined> {
    if (!this.#answers) return undefined;
    const counts = new Map((await this.#answers.weeklyAnswerFigures(org, Date.parse(`${weeks[0]}T00:00:00Z`), now + 1)).map((row) => [row.week, row]));
    return weeks.map((monday) => {
      const row = counts.get(isoWeek(Date.parse(`${monday}T00:00:00Z`)));
      return row && row.asked >= INSIGHT_MIN_GROUP ? row.answeredWithinDay / row.asked : null;
    });
  }

  /** Notes that a person used Kring at `at` (signed in or used a session). */
  async noteActive(userId: string, at = Date.now()): Promise<void> {
    const week = weekOf(at);
    const key = `${week}|${userId}`;
    if (this.#noted.has(key)) return;
    this.#noted.add(key);
    if (this.#noted.size > 100_000) this.#noted.clear();
    await this.#db.insertInto('insight_active_weeks').values({ week, user_id: userId }).onConflict((c) => c.doNothing()).execute();
  }

  /**
   * Notes that a person opened a page. Counted only for a page they may read that is a published news article or
   * an approved protocol: other pages are nobody's concern here.
   */
  async noteRead(user: AccessUser, document: string, at = Date.now()): Promise<boolean> {
    const name = parseDocName(document);
    if (name?.kind !== 'page') return false;
    // Read as approved counts as read: those who only read a protocol read its approved version.
    const grant = Object.hasOwn(user.spaces, name.spaceId) ? user.spaces[name.spaceId] : undefined;
    const open = grant?.controlledPages ? { ...user, spaces: { ...user.spaces, [name.spaceId]: { ...grant, controlledPages: undefined } } } : user;
    if (access(open, document, at) === 'none') return false;
    if (!(await this.#isMustRead(document, name.spaceId, name.docId))) return false;
    await this.#db
      .insertInto('insight_page_reads')
      .values({ document, space_id: name.spaceId, user_id: user.id, read_at: at })
      .onConflict((c) => c.doNothing())
      .execute();
    return true;
  }

  async #isMustRead(document: string, spaceId: string, pageId: string): Promise<boolean> {
    const approved = await this.#db.selectFrom('page_controls').select('document').where('document', '=', document).where('status', '=', 'approved').executeTakeFirst();
    if (approved) return true;
    const news = await this.#db.selectFrom('submissions').select('id').where('space_id', '=', spaceId).where('page_id', '=', pageId).where('status', '=', 'published').executeTakeFirst();
    return news !== undefined;
  }

  /** The figures of the viewer's organisation for the last `INSIGHT_WEEKS` weeks. 403 (`InsightRefused`) for anyone but editors and administrators. */
  async overview(viewer: User, now = Date.now()): Promise<InsightAnswer> {
    if (!mayViewInsight(viewer)) throw new InsightRefused();
    const weeks = weeksUpTo(now);
    const org = viewer.organisationId;
    const people = await this.#db.selectFrom('users').select('id').where('organisation_id', '=', org).where('active', '=', 1).execute();
    const orgSize = people.length;

    const active = await this.#db
      .selectFrom('insight_active_weeks')
      .innerJoin('users', 'users.id', 'insight_active_weeks.user_id')
      .select(['insight_active_weeks.week as week', (eb) => eb.fn.countAll<number>().as('people')])
      .where('users.organisation_id', '=', org)
      .where('insight_active_weeks.week', '>=', weeks[0]!)
      .groupBy('insight_active_weeks.week')
      .execute();
    const activeByWeek = new Map(active.map((row) => [row.week, Number(row.people)]));

    const spaces = await this.#db.selectFrom('spaces').select(['id', 'name', 'kind']).where('organisation_id', '=', org).orderBy('name').execute();
    const memberRows = await this.#db
      .selectFrom('memberships')
      .innerJoin('spaces', 'spaces.id', 'memberships.space_id')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.space_id as spaceId', 'memberships.user_id as userId', 'users.role as role'])
      .where('spaces.organisation_id', '=', org)
      .where('users.active', '=', 1)
      .execute();
    const members = new Map<string, Set<string>>();
    // Reach is about a team's own people: guests (external partners) read neither news nor the handbook.
    const staff = new Map<string, Set<string>>();
    for (const row of memberRows) {
      members.set(row.spaceId, (members.get(row.spaceId) ?? new Set()).add(row.userId));
      if (row.role !== 'guest') staff.set(row.spaceId, (staff.get(row.spaceId) ?? new Set()).add(row.userId));
    }
    // News and the organisation's space are read by everyone in it, members or not.
    const groupOf = (space: { id: string; kind: SpaceKind }) => (space.kind === 'news' || space.kind === 'organisation' ? orgSize : (members.get(space.id)?.size ?? 0));

    const feedSpaces: InsightSpace[] = [];
    for (const space of spaces) feedSpaces.push(await this.#feedFigures(space, groupOf(space), weeks));

    const teams = spaces.filter((space) => space.kind === 'team');
    const reach = await this.#reach(org, teams, staff, now);

    const answered = await this.#answeredWithinADay(org, weeks, now);
    return {
      weeks,
      activePeople: weeks.map((week) => peopleFigure(activeByWeek.get(week) ?? 0, orgSize)),
      spaces: feedSpaces,
      reach,
      ...(answered && { questionsAnsweredWithinADay: answered }),
      minGroup: INSIGHT_MIN_GROUP,
    };
  }

  /** Posts and comments per week in a space's monthly feed documents (those the weeks touch). */
  async #feedFigures(space: { id: string; name: string; kind: SpaceKind }, group: number, weeks: readonly string[]): Promise<InsightSpace> {
    const posts = new Map<string, number>();
    const comments = new Map<string, number>();
    const first = Date.parse(`${weeks[0]}T00:00:00Z`);
    const months = new Set<string>();
    for (let at = first; at < first + weeks.length * WEEK_MS; at += DAY_MS) months.add(new Date(at).toISOString().slice(0, 7));
    const count = (map: Map<string, number>, createdAt: string) => {
      const at = Date.parse(createdAt);
      if (Number.isFinite(at) && at >= first) map.set(weekOf(at), (map.get(weekOf(at)) ?? 0) + 1);
    };
    if (group >= INSIGHT_MIN_GROUP) {
      for (const month of months) {
        const stored = await this.#store.load(`${space.id}/feed/${month}`);
        if (!stored) continue;
        const doc = new Y.Doc();
        Y.applyUpdate(doc, stored);
        for (const post of listPosts(doc)) {
          count(posts, post.createdAt);
          for (const comment of listComments(doc, post.id)) count(comments, comment.createdAt);
        }
        doc.destroy();
      }
    }
    // A space of fewer than five people: even its number of posts says who wrote.
    const figures = (map: Map<string, number>) => weeks.map((week) => (group < INSIGHT_MIN_GROUP ? null : (map.get(week) ?? 0)));
    return { spaceId: space.id, name: space.name, kind: space.kind, posts: figures(posts), comments: figures(comments) };
  }

  /** The share of each team that opened the newest news articles and approved protocols. */
  async #reach(org: string, teams: readonly { id: string; name: string; kind: SpaceKind }[], members: Map<string, Set<string>>, now: number): Promise<InsightReach[]> {
    const since = now - KEEP_WEEKS * WEEK_MS;
    const protocols = await this.#db
      .selectFrom('page_controls')
      .innerJoin('spaces', 'spaces.id', 'page_controls.space_id')
      .select(['page_controls.document as document', 'page_controls.space_id as spaceId', 'page_controls.approved_at as at', 'spaces.kind as kind'])
      .where('spaces.organisation_id', '=', org)
      .where('page_controls.status', '=', 'approved')
      .where('page_controls.approved_at', '>=', since)
      .execute();
    const news = await this.#db
      .selectFrom('submissions')
      .innerJoin('spaces', 'spaces.id', 'submissions.space_id')
      .select(['submissions.space_id as spaceId', 'submissions.page_id as pageId', 'submissions.title as title', 'submissions.updated_at as at', 'spaces.kind as kind'])
      .where('spaces.organisation_id', '=', org)
      .where('submissions.status', '=', 'published')
      .where('submissions.updated_at', '>=', since)
      .execute();
    const items = [
      ...protocols.map((row) => ({ document: row.document, spaceId: row.spaceId, kind: 'protocol' as const, at: Number(row.at), title: null as string | null, spaceKind: row.kind })),
      ...news.map((row) => ({ document: `${row.spaceId}/page/${row.pageId}`, spaceId: row.spaceId, kind: 'news' as const, at: Number(row.at), title: row.title, spaceKind: row.kind })),
    ]
      .sort((a, b) => b.at - a.at)
      .slice(0, REACH_ITEMS);

    const reach: InsightReach[] = [];
    for (const item of items) {
      const readers = new Set(
        (await this.#db.selectFrom('insight_page_reads').select('user_id').where('document', '=', item.document).execute()).map((row) => row.user_id),
      );
      // A team's own protocol is that team's; the rest is for every team.
      const audience = item.spaceKind === 'team' ? teams.filter((team) => team.id === item.spaceId) : teams;
      reach.push({
        document: item.document,
        title: item.title ?? (await this.#pageTitle(item.document)),
        kind: item.kind,
        since: new Date(item.at).toISOString(),
        teams: audience.map((team) => {
          const people = [...(members.get(team.id) ?? [])];
          const read = people.filter((id) => readers.has(id)).length;
          return { spaceId: team.id, name: team.name, share: people.length < INSIGHT_MIN_GROUP ? null : read / people.length };
        }),
      });
    }
    return reach;
  }

  /** A page's title from its space's index, or its name when the index has none. */
  async #pageTitle(document: string): Promise<string> {
    const name = parseDocName(document);
    if (!name) return document;
    const stored = await this.#store.load(`${name.spaceId}/index/main`);
    if (!stored) return name.docId;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored);
    const title = getPageEntry(doc, name.docId)?.title;
    doc.destroy();
    return title || name.docId;
  }

  /** Removes an erased person's rows. */
  async forget(userId: string): Promise<void> {
    await this.#db.deleteFrom('insight_active_weeks').where('user_id', '=', userId).execute();
    await this.#db.deleteFrom('insight_page_reads').where('user_id', '=', userId).execute();
    for (const key of this.#noted) if (key.endsWith(`|${userId}`)) this.#noted.delete(key);
  }

  /** Removes rows older than `KEEP_WEEKS`. */
  async prune(now = Date.now()): Promise<void> {
    const cutoff = now - KEEP_WEEKS * WEEK_MS;
    await this.#db.deleteFrom('insight_active_weeks').where('week', '<', weekOf(cutoff)).execute();
    await this.#db.deleteFrom('insight_page_reads').where('read_at', '<', cutoff).execute();
  }
}
