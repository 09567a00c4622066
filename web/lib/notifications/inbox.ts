/**
 * The inbox on this device: `GET /api/notifications` kept in IndexedDB (`notifications:<user>` in the device
 * cache, wiped with everything else of the person), so it opens offline; the unread count for the header's badge
 * and the installed app's icon (Badging API, where the browser has it). Read state lives on the server, so it
 * follows the person to every device.
 */
import { writable } from 'svelte/store';
import { ENDPOINTS, urlOf, type MarkReadBody, type MarkedRead, type Notification, type NotificationPage } from '@kring/contract';
import { DeviceCache } from '$lib/client';

export interface KeptInbox {
  notifications: Notification[];
  unread: number;
  etag: string | null;
  savedAt: number;
}

export interface Inbox {
  notifications: Notification[] | null;
  unread: number;
  /** False when the server could not be reached: the list is the device's copy (or there is none). */
  fresh: boolean;
}

/** Unread notifications, as last heard (the badge). */
export const unreadCount = writable(0);

let cache: DeviceCache | null = null;
const key = (userId: string) => `notifications:${userId}`;

function isKept(value: unknown): value is KeptInbox {
  const kept = value as KeptInbox | undefined;
  return !!kept && Array.isArray(kept.notifications) && typeof kept.unread === 'number';
}

async function kept(userId: string): Promise<KeptInbox | null> {
  cache ??= new DeviceCache();
  const value = await cache.get<unknown>(key(userId));
  return isKept(value) ? value : null;
}

/** The badge in the header and, when the app is installed, on its icon. */
function showUnread(count: number): void {
  unreadCount.set(count);
  if (typeof navigator === 'undefined' || !('setAppBadge' in navigator)) return;
  // A browser may refuse (not installed, no permission): the header's badge still says it.
  const done = count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge();
  done.catch(() => undefined);
}

/**
 * What the inbox shows: the kept copy at once (`done` false), then the server's answer or, offline, the kept copy
 * again (`done` true). Returns the cancel, for an effect to return when the person changes.
 */
export function followInbox(userId: string, show: (inbox: Inbox, done: boolean) => void): () => void {
  let cancelled = false;
  void (async () => {
    const copy = await kept(userId);
    if (cancelled) return;
    if (copy) show({ notifications: copy.notifications, unread: copy.unread, fresh: false }, false);
    const answer = await refreshInbox(userId);
    if (!cancelled) show(answer, true);
  })();
  return () => {
    cancelled = true;
  };
}

/** Asks the server for the newest page and keeps it; the kept copy when offline. Updates the badge either way. */
export async function refreshInbox(userId: string): Promise<Inbox> {
  cache ??= new DeviceCache();
  const copy = await kept(userId);
  const offline = (): Inbox => {
    if (copy) showUnread(copy.unread);
    return { notifications: copy?.notifications ?? null, unread: copy?.unread ?? 0, fresh: false };
  };
  let response: Response;
  try {
    response = await fetch(urlOf(ENDPOINTS.notifications), { credentials: 'same-origin', headers: copy?.etag ? { 'if-none-match': copy.etag } : undefined });
  } catch {
    return offline();
  }
  if (response.status === 304 && copy) {
    showUnread(copy.unread);
    return { notifications: copy.notifications, unread: copy.unread, fresh: true };
  }
  if (!response.ok) return offline();
  const page = (await response.json()) as NotificationPage;
  await cache.set(key(userId), { notifications: page.notifications, unread: page.unread, etag: response.headers.get('etag'), savedAt: Date.now() } satisfies KeptInbox);
  showUnread(page.unread);
  return { notifications: page.notifications, unread: page.unread, fresh: true };
}

/** Marks notifications read on the server (for every device); the fresh inbox, or null when it did not work. */
export async function markRead(userId: string, which: MarkReadBody): Promise<Inbox | null> {
  try {
    const response = await fetch(urlOf(ENDPOINTS.markNotificationsRead), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(which),
    });
    if (!response.ok) return null;
    showUnread(((await response.json()) as MarkedRead).unread);
  } catch {
    return null;
  }
  return refreshInbox(userId);
}
