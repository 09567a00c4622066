/**
 * The colleagues a card can be assigned or handed over to: the people who can see the space, from
 * `GET /api/spaces/<space>/members`. The last answer is kept on the device, so assigning works offline with
 * the people known from the last visit.
 */
import type { Person } from '@kring/shapes';
import { api } from '$lib/api/client.ts';
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
export async function loadColleagues(spaceId: string, userId: string): Promise<Colleagues> {
  cache ??= new DeviceCache();
  const result = await api.spaces.members(spaceId);
  if (result.ok) {
    await cache.set(key(userId, spaceId), result.body.members);
    return { people: result.body.members, fresh: true };
  }
  // Offline or refused: use what the device knows.
  const cached = await cache.get<unknown>(key(userId, spaceId));
  return { people: isPeople(cached) ? cached : [], fresh: false };
}

/** The colleagues to offer: the known ones plus anyone already on a card, by name, each once. */
export function mergePeople(...lists: Person[][]): Person[] {
  const byId = new Map<string, Person>();
  for (const list of lists) for (const person of list) if (!byId.has(person.id)) byId.set(person.id, person);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}
