import { json } from '@sveltejs/kit';
import { AuditQuery, iso, type AuditLog } from '@kring/contract';
import { NO_STORE, endpoint, readQuery } from '$lib/server/http';
import { requireAdmin } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET ?limit=<1..500, default 100>&before=<id> → {entries: [{id, at, userId, action, subject, detail}]}, newest
 * first: logins, administration, editorial decisions. Page back with `before` = the last id. Admins only.
 */
export const GET: RequestHandler = endpoint(async ({ locals, url }) => {
  const { kring } = await requireAdmin(locals);
  const { limit, before } = readQuery(url, AuditQuery);
  const entries = await kring.accounts.auditLog({ limit, before });
  return json({ entries: entries.map((entry) => ({ ...entry, at: iso(entry.at) })) } satisfies AuditLog, { headers: NO_STORE });
});
