/** Web Push (docs/api.md, "Push"): the server's public key, a device's subscription, and what a push carries. */
import * as v from 'valibot';
import type { NotificationKind } from './notifications.ts';

/** GET /api/push/key: the server's VAPID public key (base64url), for `pushManager.subscribe`. */
export interface PushKey {
  publicKey: string;
}

/** The largest subscription body a device may send, in bytes (a real one is about 400). */
export const PUSH_SUBSCRIPTION_MAX_BYTES = 2048;
/** Devices one person may have subscribed at once; a new one beyond it replaces their oldest. */
export const PUSH_SUBSCRIPTIONS_PER_PERSON = 10;

const base64url = (min: number, max: number) => v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url'), v.minLength(min), v.maxLength(max));

/**
 * POST /api/push/subscriptions: `PushSubscription.toJSON()` as a browser gives it. The endpoint's origin must be
 * one of the server's push services (PUSH_ENDPOINT_ORIGINS); the keys are a P-256 public key (65 bytes) and a
 * 16-byte secret.
 */
export const PushSubscriptionBody = v.object({
  endpoint: v.pipe(v.string(), v.maxLength(1000, 'at most 1000 characters'), v.url('must be a URL')),
  expirationTime: v.optional(v.nullable(v.number())),
  keys: v.object({ p256dh: base64url(86, 88), auth: base64url(22, 24) }),
});
export type PushSubscriptionInput = v.InferInput<typeof PushSubscriptionBody>;

/** DELETE /api/push/subscriptions: this device's endpoint. */
export const PushUnsubscribeBody = v.object({ endpoint: v.pipe(v.string(), v.maxLength(1000, 'at most 1000 characters')) });

/**
 * What one push carries, encrypted for the device: what the inbox's line says without its quote (a lock screen
 * is read by anyone nearby), and where it leads.
 */
export interface PushPayload {
  kind: NotificationKind;
  /** The notification's id: the device shows one notification per event. */
  tag: string;
  title: string;
  body: string;
  /** The route to open, as the inbox links it. */
  link: string;
}

/** A clock time, Europe/Amsterdam, as `HH:MM`. */
const clock = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM'));

/**
 * GET/PUT /api/push/settings: when pushes stay away. Care workers work shifts: by default no push between 22:00 and
 * 07:00 (Amsterdam time) unless they switch quiet hours off or choose other hours. The inbox gets everything.
 */
export const PushSettingsBody = v.object({
  quietHours: v.object({ on: v.boolean(), from: clock, until: clock }),
});
export type PushSettings = v.InferOutput<typeof PushSettingsBody>;

export const DEFAULT_PUSH_SETTINGS: PushSettings = { quietHours: { on: true, from: '22:00', until: '07:00' } };

/**
 * Whether `at` falls in the quiet hours, on the Amsterdam clock (so summer time moves nothing). A window that
 * passes midnight (22:00–07:00) is quiet from its start until its end the next morning; equal times mean none.
 */
export function inQuietHours(settings: PushSettings, at: Date): boolean {
  const { on, from, until } = settings.quietHours;
  if (!on || from === until) return false;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const hour = parts.find((part) => part.type === 'hour')?.value ?? '00';
  const minute = parts.find((part) => part.type === 'minute')?.value ?? '00';
  const now = `${hour}:${minute}`;
  return from < until ? now >= from && now < until : now >= from || now < until;
}
