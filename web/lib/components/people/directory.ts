/**
 * The smoelenboek on this device: `GET /api/people` kept in IndexedDB (`people:<user>` in the device cache, wiped
 * with everything else of the person), so it opens offline. The server decides who is in it; the copy follows
 * changes each time the page opens online (an unchanged list answers 304 to the kept ETag).
 */
import { ENDPOINTS, urlOf, type PeopleDirectory, type Profile } from '@kring/contract';
import { DeviceCache } from '$lib/client';

export interface KeptDirectory {
  people: Profile[];
  etag: string | null;
  /** When the server last answered (ms since epoch). */
  savedAt: number;
}

export interface Directory {
  people: Profile[] | null;
  /** False when the server could not be reached: the list is the device's copy (or there is none). */
  fresh: boolean;
}

let cache: DeviceCache | null = null;
const key = (userId: string) => `people:${userId}`;

function isKept(value: unknown): value is KeptDirectory {
  const kept = value as KeptDirectory | undefined;
  return !!kept && Array.isArray(kept.people) && typeof kept.savedAt === 'number';
}

/** The copy on the device, if any. */
export async function keptDirectory(userId: string): Promise<KeptDirectory | null> {
  cache ??= new DeviceCache();
  const kept = await cache.get<unknown>(key(userId));
  return isKept(kept) ? kept : null;
}

/**
 * What a page of the smoelenboek shows: the kept copy at once (`done` false), then the server's answer or, offline,
 * the kept copy again (`done` true). Returns the cancel, for an effect to return when the person changes.
 */
export function followDirectory(userId: string, show: (directory: Directory, done: boolean) => void): () => void {
  let cancelled = false;
  void (async () => {
    const kept = await keptDirectory(userId);
    if (cancelled) return;
    if (kept) show({ people: kept.people, fresh: false }, false);
    const answer = await refreshDirectory(userId, kept);
    if (!cancelled) show(answer, true);
  })();
  return () => {
    cancelled = true;
  };
}

/** Asks the server for changes since the kept copy and keeps the answer; the kept copy when offline. */
export async function refreshDirectory(userId: string, kept: KeptDirectory | null): Promise<Directory> {
  cache ??= new DeviceCache();
  let response: Response;
  try {
    response = await fetch(urlOf(ENDPOINTS.people), { credentials: 'same-origin', headers: kept?.etag ? { 'if-none-match': kept.etag } : undefined });
  } catch {
    return { people: kept?.people ?? null, fresh: false };
  }
  if (response.status === 304 && kept) {
    await cache.set(key(userId), { ...kept, savedAt: Date.now() } satisfies KeptDirectory);
    return { people: kept.people, fresh: true };
  }
  if (!response.ok) return { people: kept?.people ?? null, fresh: false };
  const body = (await response.json()) as PeopleDirectory;
  await cache.set(key(userId), { people: body.people, etag: response.headers.get('etag'), savedAt: Date.now() } satisfies KeptDirectory);
  return { people: body.people, fresh: true };
}
