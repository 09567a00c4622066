import { endpoint, zipDownload } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → a zip (`application/zip`, as an attachment) of the person's own data: `mijn-gegevens.json` and
 * `mijn-gegevens.md` (docs/privacy.md, "Export"). Only their own; logged as `export` in the access log. 401 without
 * a session.
 */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return zipDownload(await kring.exports.personal(person, locals.sessionId ?? null));
});
