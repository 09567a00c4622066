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
/** Screens showing the inbox (the inbox, the home): told each time the server's answer brought something new. */
const followers = new Set<{ userId: string; show: (inbox: Inbox) => void }>();
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
  // Later answers (the open app told that the inbox changed: listenToInbox) reach the screen too.
  const follower = { userId, show: (inbox: Inbox) => show(inbox, true) };
  void (async () => {
    const copy = await kept(userId);
    if (cancelled) return;
    if (copy) show({ notifications: copy.notifications, unread: copy.unread, fresh: false }, false);
    const answer = await refreshInbox(userId);
    if (cancelled) return;
    show(answer, true);
    followers.add(follower);
  })();
  return () => {
    cancelled = true;
    followers.delete(follower);
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
  const inbox = { notifications: page.notifications, unread: page.unread, fresh: true };
  for (const follower of followers) if (follower.userId === userId) follower.show(inbox);
  return inbox;
}

/**
 * While the app is open: the server says at once when the person's inbox changed (server-sent events), and the
 * inbox is asked again. The browser connects again by itself after a drop; `again` opens a stream the server
 * closed (the session ended and came back, the network was gone long). Returns the close.
 */
export function listenToInbox(userId: string): { again: () => void; close: () => void } {
  let events: EventSource | null = null;
  let pending: ReturnType<typeof setTimeout> | null = null;
  // A burst (a conversation's messages) asks once.
  const changed = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      void refreshInbox(userId);
    }, 100);
  };
  const again = () => {
    if (typeof EventSource === 'undefined' || document.visibilityState === 'hidden' || (events && events.readyState !== EventSource.CLOSED)) return;
    events = new EventSource(urlOf(ENDPOINTS.notificationEvents));
    events.addEventListener('changed', changed);
  };
  // Only while the app is in view: a stream holds one of the six connections a browser gives a site, so ten tabs
  // in the background must not take them all (and a phone's radio may sleep). In view again, the layout asks anew.
  const hidden = () => {
    if (document.visibilityState !== 'hidden') return;
    events?.close();
    events = null;
  };
  document.addEventListener('visibilitychange', hidden);
  again();
  return {
    again,
    close: () => {
      if (pending) clearTimeout(pending);
      document.removeEventListener('visibilitychange', hidden);
      events?.close();
    },
  };
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
