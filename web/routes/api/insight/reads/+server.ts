import { json } from '@sveltejs/kit';
import { InsightReadBody, type InsightReadAnswer } from '@kring/contract';
import { endpoint, readBody } from '$lib/server/http';
import { principalOf, requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * POST {document} → `{counted}`: the person opened this page. Counted (once per person and page) only for a news
 * article or an approved protocol the person may read; any other page answers `counted: false` and keeps nothing.
 */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring } = await requirePerson(locals);
  const { document } = await readBody(request, InsightReadBody);
  const principal = await principalOf(kring, locals);
  const counted = principal ? await kring.insight.noteRead(principal.accessUser, document) : false;
  return json({ counted } satisfies InsightReadAnswer);
});
