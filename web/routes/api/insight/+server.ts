import { json } from '@sveltejs/kit';
import { InsightQuery, type InsightAnswer, type InsightFigure } from '@kring/contract';
import { toCsv } from '$lib/server/csv';
import { NO_STORE, endpoint, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** What the CSV says where a group is too small to show, as the screen does. */
const TOO_FEW = 'te weinig mensen';

/**
 * GET [?format=csv] → community insight of the person's organisation (`InsightAnswer`): active people per week,
 * posts and comments per space per week, read reach of news and protocols per team. Aggregates only; a figure about
 * fewer than five people is null (in the CSV: "te weinig mensen"). Editors and administrators only (403).
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, url }) => {
    const { kring, person } = await requirePerson(locals);
    const { format } = readQuery(url, InsightQuery);
    const answer = await kring.insight.overview(person);
    if (format === 'json') return json(answer satisfies InsightAnswer, { headers: NO_STORE });
    return new Response(toCsv(csvRows(answer)), {
      headers: { ...NO_STORE, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="inzicht-${answer.weeks.at(-1)}.csv"` },
    });
  },
  { forbidden: 403 },
);

/** One row per figure: what it is, where, which week or page, and the figure. */
function csvRows(answer: InsightAnswer): string[][] {
  const figure = (value: InsightFigure, share = false) => (value === null ? TOO_FEW : share ? value.toFixed(2) : String(value));
  const rows = [['figure', 'space', 'week_or_page', 'value']];
  answer.weeks.forEach((week, i) => rows.push(['active_people', '', week, figure(answer.activePeople[i] ?? null)]));
  for (const space of answer.spaces) {
    answer.weeks.forEach((week, i) => rows.push(['posts', space.name, week, figure(space.posts[i] ?? null)]));
    answer.weeks.forEach((week, i) => rows.push(['comments', space.name, week, figure(space.comments[i] ?? null)]));
  }
  for (const item of answer.reach) for (const team of item.teams) rows.push(['read_share', team.name, item.title, figure(team.share, true)]);
  answer.questionsAnsweredWithinADay?.forEach((share, i) => rows.push(['answered_within_a_day', '', answer.weeks[i] ?? '', figure(share, true)]));
  return rows;
}
