/**
 * What the service worker does with a push (web/service-worker.ts), kept apart so it can be unit-tested: the
 * notification it shows, and where a click leads. Runs in the service worker: no DOM, no app state.
 */
import type { PushPayload } from '@kring/contract';

export interface Shown {
  title: string;
  options: NotificationOptions & { data: { link: string } };
}

/** The route a push may open: a path of this app only; anything else (another site, `//host`) opens the inbox. */
export function safeLink(link: unknown): string {
  return typeof link === 'string' && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : '/notifications';
}

/** The notification for a push's payload; a payload that is not Kring's shows a plain "something new". */
export function shownFor(data: unknown, fallback: { title: string; body: string }): Shown {
  const payload = (typeof data === 'object' && data !== null ? data : {}) as Partial<Record<keyof PushPayload, unknown>>;
  const text = (value: unknown, or: string) => (typeof value === 'string' && value.trim() !== '' ? value.slice(0, 200) : or);
  return {
    title: text(payload.title, fallback.title),
    options: {
      body: text(payload.body, fallback.body),
      // One notification per event: the same push delivered twice replaces itself.
      tag: typeof payload.tag === 'string' ? payload.tag.slice(0, 64) : undefined,
      icon: '/icon-192.png',
      // Android draws the badge from the picture's transparency only.
      badge: '/icon-192.png',
      lang: 'nl',
      data: { link: safeLink(payload.link) },
    },
  };
}

/** The window a click uses: one of the app's open windows (the focused one first), else none (open a new one). */
export function windowFor<W extends { url: string; focused: boolean }>(windows: readonly W[], origin: string): W | null {
  const ours = windows.filter((window) => {
    try {
      return new URL(window.url).origin === origin;
    } catch {
      return false;
    }
  });
  return ours.find((window) => window.focused) ?? ours[0] ?? null;
}
