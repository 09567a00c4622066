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
