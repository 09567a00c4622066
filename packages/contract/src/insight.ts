/**
 * Community insight (GET /api/insight): whether the platform lives, for editors and administrators. Aggregates
 * only: no answer carries a person's id or name, and a figure about a group of fewer than `INSIGHT_MIN_GROUP`
 * people is `null` ("te weinig mensen"), in the JSON and in the CSV alike.
 */
import * as v from 'valibot';

/** Below this many people a figure could point at someone: it is left out. */
export const INSIGHT_MIN_GROUP = 5;
/** How many weeks back the figures go (this week included). */
export const INSIGHT_WEEKS = 8;

/** GET /api/insight query: `format=csv` for a spreadsheet of the same figures. */
export const InsightQuery = v.object({
  format: v.optional(v.picklist(['json', 'csv'], 'must be json or csv'), 'json'),
});

/** POST /api/insight/reads: the person opened this page (a news article or an approved protocol). */
export const InsightReadBody = v.strictObject({
  document: v.pipe(v.string(), v.maxLength(200, 'must be a page name'), v.regex(/^[A-Za-z0-9_-]{1,64}\/page\/[A-Za-z0-9_-]{1,64}$/, 'must be a page name')),
});
export type InsightReadBodyInput = v.InferInput<typeof InsightReadBody>;

/** POST /api/insight/reads answer: whether the read counts (only news articles and approved protocols do). */
export interface InsightReadAnswer {
  counted: boolean;
}

/** A figure, or null: the group is smaller than `INSIGHT_MIN_GROUP` people. */
export type InsightFigure = number | null;

/** Posts and comments in one space's feed per week (the same order as `weeks`). */
export interface InsightSpace {
  spaceId: string;
  name: string;
  kind: 'team' | 'client' | 'news' | 'organisation';
  posts: InsightFigure[];
  comments: InsightFigure[];
}

/** Which share of one team has opened a page. */
export interface InsightTeamReach {
  spaceId: string;
  name: string;
  /** 0 to 1; null when the team has fewer than `INSIGHT_MIN_GROUP` people. */
  share: InsightFigure;
}

/** A news article or an approved protocol (must-read), and how far it reached per team. */
export interface InsightReach {
  document: string;
  title: string;
  kind: 'news' | 'protocol';
  /** ISO 8601: when it was published or approved. */
  since: string;
  teams: InsightTeamReach[];
}

/** GET /api/insight (JSON). */
export interface InsightAnswer {
  /** The Mondays (UTC, `YYYY-MM-DD`) of the weeks, oldest first; this week last. */
  weeks: string[];
  /** People who used Kring that week (signed in or synced), per week. */
  activePeople: InsightFigure[];
  spaces: InsightSpace[];
  reach: InsightReach[];
  /**
   * Share of the desks' questions answered within a day, per week: present only where the server has desks (the
   * screen shows the series when it is there).
   */
  questionsAnsweredWithinADay?: InsightFigure[];
  minGroup: number;
}
