/** How the access log's words read to people: what happened, and how it reached Kring. */
import type { AccessEvent, AccessLogActor, AccessPoint } from '@kring/contract';
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
