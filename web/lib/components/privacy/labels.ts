/** How the access log's words read to people: what happened, and how it reached Kring. */
import type { AccessEvent, AccessLogActor, AccessPoint } from '@kring/contract';
import { parseDocName } from '@kring/shapes/names';
import { roleLabel } from '$lib/components/admin/labels.ts';
import { m } from '$lib/paraglide/messages.js';

export const eventLabel: Record<AccessEvent, () => string> = {
  read: m.access_event_read,
  create: m.access_event_create,
  change: m.access_event_change,
  delete: m.access_event_delete,
  export: m.access_event_export,
  search: m.access_event_search,
  emergency: m.access_event_emergency,
};

export const accessPointLabel: Record<AccessPoint, () => string> = {
  socket: m.access_point_socket,
  batch: m.access_point_batch,
  changes: m.access_point_changes,
  api: m.access_point_api,
  device: m.access_point_device,
  server: m.access_point_server,
};

/** "Anna de Vries (medewerker)", "een ander lid van Cliëntenplein", "Kring zelf". */
export function actorLabel(actor: AccessLogActor): string {
  switch (actor.kind) {
    case 'person':
    case 'staff':
      return actor.role ? `${actor.name} (${roleLabel[actor.role]()})` : actor.name;
    case 'client':
      return m.access_actor_client({ space: actor.space });
    case 'system':
      return m.access_actor_system();
  }
}

/**
 * Which information, in words a client reads ("een pagina in Cliëntenplein"), not a document name: `spaces` are
 * the spaces the reader knows by name. The privacy officer sees the exact name instead.
 */
export function documentLabel(document: string, spaces: readonly { id: string; name: string }[]): string {
  const spaceName = (id: string) => spaces.find((space) => space.id === id)?.name ?? m.access_doc_a_space();
  const members = /^([A-Za-z0-9_-]+)\/members$/.exec(document);
  if (members) return m.access_doc_members({ space: spaceName(members[1]!) });
  const name = parseDocName(document);
  if (!name) return m.access_doc_other({ space: m.access_doc_a_space() });
  const space = spaceName(name.spaceId);
  if (name.kind === 'feed') return m.access_doc_feed({ space });
  if (name.kind === 'page') return m.access_doc_page({ space });
  if (name.kind === 'board') return m.access_doc_board({ space });
  if (name.kind === 'chat') return m.access_doc_chat({ space });
  return m.access_doc_other({ space });
}
