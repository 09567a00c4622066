import { json } from '@sveltejs/kit';
import { NameVersion, VersionsQuery, type PageVersion, type PageVersionList } from '@kring/contract';
import { NO_STORE, endpoint, readBody, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

const STATUSES = { bad_request: 400, forbidden: 403, not_found: 404 } as const;

/**
 * GET ?name=<spaceId>/page/<docId> → `{name, versions: [{id, kind, label, author, at}], mayChange}`, newest first.
 * For anyone who may read the page (versionRights); authors are the server's record, never a document field.
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
  const { kring, person } = await requirePerson(locals);
  const { name } = readQuery(url, VersionsQuery);
  const { versions, mayChange } = await kring.pageVersions.list(person, name);
  // Who saved a client space's page when is about those clients: a read in the access log, as the history.
  kring.accessLog.noteDocument(await kring.accounts.accessUser(person), locals.sessionId, name, 'read', 'api');
  return json({ name, versions, mayChange } satisfies PageVersionList, { headers: NO_STORE });
}, STATUSES);

/** POST {name, label} → 201 the named version. Keeps the page as it is now; for those who write the page. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const { name, label } = await readBody(request, NameVersion);
  const version = await kring.pageVersions.name(person, name, label);
  return json(version satisfies PageVersion, { status: 201 });
}, STATUSES);
