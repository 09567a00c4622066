import { endpoint, zipDownload } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → a zip of the space: `README.md`, `ruimte.json`, `paginas/*.md`, `borden/*.md`, `berichten/*.md`
 * (docs/privacy.md, "Export"). For the space's owners; 403 for other people who see the space, 404 for those who do
 * not. Logged as `export` in the access log.
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, person } = await requirePerson(locals);
    return zipDownload(await kring.exports.space(person, params.spaceId, locals.sessionId ?? null));
  },
  { not_found: 404, forbidden: 403 },
);
