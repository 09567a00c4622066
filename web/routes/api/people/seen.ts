import type { KringServices, SeenProfile } from '@kring/server';

/**
 * A client space's people are its clients: who saw a client's profile is logged as a read of the space's list of
 * people, once a day per space (the access log keeps client spaces only).
 */
export function noteClientSpaces(kring: KringServices, locals: App.Locals, actorId: string, seen: SeenProfile[]): void {
  const spaces = new Set(seen.flatMap((entry) => entry.clientSpaces));
  for (const spaceId of spaces) {
    kring.accessLog.note({ event: 'read', actorId, object: `${spaceId}/members`, spaceId, accessPoint: 'api', sessionId: locals.sessionId });
  }
}
