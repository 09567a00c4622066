import { createHash } from 'node:crypto';
import type { PeopleDirectory } from '@kring/contract';
import { endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { noteClientSpaces } from './seen.ts';
import type { RequestHandler } from './$types';

/**
 * GET → {people}: the smoelenboek, everyone the person may see (`profileView` in @kring/access), active, by name.
 * Answers carry an ETag; a device sending it back in If-None-Match gets 304 when nothing changed. Never cached
 * by the browser: the device keeps its own copy (IndexedDB), which logout wipes.
 */
export const GET: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring, person } = await requirePerson(locals);
  const seen = await kring.profiles.directory(person);
  noteClientSpaces(kring, locals, person.id, seen);
  const body = JSON.stringify({ people: seen.map((entry) => entry.profile) } satisfies PeopleDirectory);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = { 'cache-control': 'no-store', etag };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, 'content-type': 'application/json' } });
});

