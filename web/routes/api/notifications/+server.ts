import { createHash } from 'node:crypto';
import { NOTIFICATION_PAGE_SIZE, NotificationQuery, type NotificationPage } from '@kring/contract';
import { endpoint, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET ?before&limit → {notifications, unread, next}: the person's notifications, newest first, each with the link
 * to its place; those about documents they may no longer read are left out (so a page may hold fewer than
 * `limit`). ETag and If-None-Match as the smoelenboek; never cached by the browser (the device keeps its copy).
 */
export const GET: RequestHandler = endpoint(async ({ locals, request, url }) => {
  const { kring, person } = await requirePerson(locals);
  const query = readQuery(url, NotificationQuery);
  const user = await kring.accounts.accessUser(person);
  const page = await kring.notifications.list(user, { before: query.before, limit: query.limit ?? NOTIFICATION_PAGE_SIZE });
  const body = JSON.stringify(page satisfies NotificationPage);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { 'cache-control': 'no-store', etag };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, 'content-type': 'application/json' } });
});
