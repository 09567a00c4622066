import { json } from '@sveltejs/kit';
import { VersionsQuery, type PageVersionText } from '@kring/contract';
import { NO_STORE, endpoint, readQuery, versionId } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** GET ?name → `{name, id, title, blocks: string[]}`: the version's text per block, for a comparison on the device. */
export const GET: RequestHandler = endpoint(
  async ({ locals, url, params }) => {
    const { kring, person } = await requirePerson(locals);
    const { name } = readQuery(url, VersionsQuery);
    const text = await kring.pageVersions.text(person, name, versionId(params.id));
    kring.accessLog.noteDocument(await kring.accounts.accessUser(person), locals.sessionId, name, 'read', 'api');
    return json(text satisfies PageVersionText, { headers: NO_STORE });
  },
  { bad_request: 400, forbidden: 403, not_found: 404 },
);
