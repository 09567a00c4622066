import { json } from '@sveltejs/kit';
import { problem } from '$lib/server/http';
import { iso, requireAdmin } from '../admin.ts';
import type { RequestHandler } from './$types';

/**
 * GET ?limit=<1..500, default 100>&before=<id> → {entries: [{id, at, userId, action, subject, detail}]}, newest
 * first: logins, administration, editorial decisions. Page back with `before` = the last id. Admins only.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  const allowed = await requireAdmin(locals);
  if (allowed instanceof Response) return allowed;
  const limit = Number(url.searchParams.get('limit') ?? 100);
  const beforeParam = url.searchParams.get('before');
  const before = beforeParam === null ? undefined : Number(beforeParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) return problem(400, 'bad_request', 'limit must be a whole number from 1 to 500.');
  if (before !== undefined && !Number.isSafeInteger(before)) return problem(400, 'bad_request', 'before must be an entry id.');
  const entries = await allowed.kring.accounts.auditLog({ limit, before });
  return json({ entries: entries.map((entry) => ({ ...entry, at: iso(entry.at) })) }, { headers: { 'cache-control': 'no-store' } });
};
