import { json } from '@sveltejs/kit';
import { AccessLogQuery, type AccessLogAnswer } from '@kring/contract';
import { toCsv } from '$lib/server/csv';
import { NO_STORE, endpoint, readQuery } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET ?document=<name> | ?person=<id> [&format=csv] → `{entries}` newest first (at most 1000): who read, made,
 * changed or listed client-related information (NEN 7513), about or by the person. Privacy officer only (403).
 * The CSV has one row per entry and client, for a spreadsheet.
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, url }) => {
    const { kring, person } = await requirePerson(locals);
    const { format, ...query } = readQuery(url, AccessLogQuery);
    const entries = await kring.accessOverview.forOfficer(person, query);
    if (format === 'json') return json({ entries } satisfies AccessLogAnswer, { headers: NO_STORE });
    const rows = [['at', 'event', 'actor_id', 'actor_name', 'actor_role', 'document', 'access_point', 'device', 'on_behalf_of', 'client_id', 'client_name']];
    for (const entry of entries) {
      const actor = entry.actor.kind === 'person' ? [entry.actor.id, entry.actor.name, entry.actor.role ?? ''] : ['', 'Kring', 'system'];
      for (const client of entry.clients.length > 0 ? entry.clients : [{ id: '', name: '' }]) {
        rows.push([entry.at, entry.event, ...actor, entry.document, entry.accessPoint, entry.device ?? '', entry.onBehalfOf?.id ?? '', client.id, client.name]);
      }
    }
    const name = (query.document ?? query.person ?? 'log').replaceAll(/[^A-Za-z0-9_-]/g, '_');
    return new Response(toCsv(rows), {
      headers: { ...NO_STORE, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="inzage-${name}.csv"` },
    });
  },
  { forbidden: 403 },
);
