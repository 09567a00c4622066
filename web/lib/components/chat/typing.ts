/**
 * "Is typing" through the chat document's awareness. A device sets `typing: true` in its own state while the person
 * types; who that is comes from the `user` field the server stamps from the session (presence.ts), never from the
 * device, so nobody can make it look as if someone else is typing.
 */
import type { Awareness } from 'y-protocols/awareness';
import { readUser } from '../wiki/presence.ts';

/** The names of the other people typing now, once each, by name. */
export function typingNames(awareness: Awareness, selfId: string): string[] {
  const names = new Map<string, string>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID || (state as { typing?: unknown }).typing !== true) continue;
    const user = readUser(state);
    if (user && user.id !== selfId) names.set(user.id, user.name);
  }
  return [...names.values()].sort((a, b) => a.localeCompare(b, 'nl'));
}
