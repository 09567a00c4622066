/** The e-mail digest (docs/api.md, "E-mail digest"): how often a person wants one, and leaving it by a mail's link. */
import * as v from 'valibot';

/** Off (the default: e-mail only for who asks for it), each morning, or each Monday morning. */
export const DIGEST_FREQUENCIES = ['off', 'daily', 'weekly'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

/** PUT /api/digest/settings. */
export const DigestSettingsBody = v.object({ frequency: v.picklist(DIGEST_FREQUENCIES, 'must be off, daily or weekly') });
export type DigestSettingsInput = v.InferOutput<typeof DigestSettingsBody>;

/** GET/PUT /api/digest/settings: the choice, and whether this server can send one (SMTP and ORIGIN configured). */
export interface DigestSettings {
  frequency: DigestFrequency;
  available: boolean;
  /** Where it goes: the account's e-mail address (null: the account has none, so nothing is sent). */
  email: string | null;
}

/** POST /api/digest/unsubscribe: the token from the mail's link; no session needed. */
export const DigestUnsubscribeBody = v.object({ token: v.pipe(v.string(), v.maxLength(300, 'at most 300 characters')) });

/**
 * RFC 8058 one-click unsubscribe (POST /api/digest/unsubscribe/one-click?token=…): the mail's `List-Unsubscribe`
 * URL carries the token in its query, since a mail provider posts to it from its own servers and sends nothing
 * else of ours; the body is the fixed form field below.
 */
export const DigestOneClickQuery = v.object({ token: v.pipe(v.string(), v.maxLength(300, 'at most 300 characters')) });
export const ONE_CLICK_FIELD = 'List-Unsubscribe';
export const ONE_CLICK_VALUE = 'One-Click';
