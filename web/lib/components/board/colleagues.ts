/**
 * The colleagues a card can be assigned or handed over to: the people who can see the space, from
 * `GET /api/spaces/<space>/members`. The last answer is kept on the device, so assigning works offline with
 * the people known from the last visit.
 */
import type { Person } from '@kring/shapes';
import { DeviceCache } from '$lib/client';

export interface Colleagues {
  people: Person[];
  /** False when the list comes from the device because the server could not be asked. */
  fresh: boolean;
}

let cache: DeviceCache | null = null;

function key(userId: string, spaceId: string): string {
  return `colleagues:${userId}:${spaceId}`;
}

function isPeople(value: unknown): value is Person[] {
  return Array.isArray(value) && value.every((person) => typeof person?.id === 'string' && typeof person?.name === 'string');
}

/** Asks the server; falls back to the copy on the device. */
export async function loadColleagues(spaceId: string, userId: string, fetchImpl: typeof fetch = fetch): Promise<Colleagues> {
  cache ??= new DeviceCache();
  try {
    const response = await fetchImpl(`/api/spaces/${encodeURIComponent(spaceId)}/members`, { credentials: 'same-origin' });
    if (response.ok) {
      const body = (await response.json()) as { members?: unknown };
      if (isPeople(body.members)) {
        await cache.set(key(userId, spaceId), body.members);
        return { people: body.members, fresh: true };
      }
    }
  } catch {
    // Offline: use what the device knows.
  }
  const cached = await cache.get<unknown>(key(userId, spaceId));
  return { people: isPeople(cached) ? cached : [], fresh: false };
}

/** The colleagues to offer: the known ones plus anyone already on a card, by name, each once. */
export function mergePeople(...lists: Person[][]): Person[] {
  const byId = new Map<string, Person>();
  for (const list of lists) for (const person of list) if (!byId.has(person.id)) byId.set(person.id, person);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}
