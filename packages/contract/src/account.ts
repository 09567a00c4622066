/** The person's own account (`/api/account`) and choosing a new password with a one-time code (docs/api.md). */
import * as v from 'valibot';
import type { IsoTime } from './http.ts';

/** A session id as the server shows it: the hex SHA-256 of its token. */
const SESSION_ID = /^[0-9a-f]{64}$/;
export const SessionIdParam = v.pipe(v.string(), v.regex(SESSION_ID, 'must be a session id'));

// The length rules are the server's (password-rules.ts); here only what any password must be to be read at all.
const newPassword = v.pipe(v.string('must be a text'), v.maxLength(1024, 'must be at most 1024 characters'));

/** POST /api/account/password. */
export const PasswordChange = v.object({
  currentPassword: v.pipe(v.string('must be a text'), v.maxLength(1024)),
  newPassword,
});
export type PasswordChangeBody = v.InferInput<typeof PasswordChange>;

/** A reset code as typed: 32 characters of Crockford's base32, dashes and spaces allowed. */
const resetCode = v.pipe(v.string('must be a reset code'), v.maxLength(64, 'must be a reset code'), v.regex(/^[0-9A-Za-z\s-]+$/, 'must be a reset code'));

/** POST /api/auth/password-reset. */
export const PasswordReset = v.object({ code: resetCode, newPassword });
export type PasswordResetBody = v.InferInput<typeof PasswordReset>;

/** POST /api/auth/password-reset/request. */
export const PasswordResetRequest = v.object({ email: v.pipe(v.string('must be a login name'), v.maxLength(254)) });
export type PasswordResetRequestBody = v.InferInput<typeof PasswordResetRequest>;

export type DeviceKind = 'mobile' | 'tablet' | 'desktop';

/** One place the person is signed in. */
export interface AccountSession {
  id: string;
  /** The session this request came with ("this device"). */
  current: boolean;
  /** Browser and its major version in words (bowser), e.g. "Chrome 156"; null when the browser did not say. */
  browser: string | null;
  /** Operating system, e.g. "Android 14", "Windows 10"; null when unknown. */
  os: string | null;
  kind: DeviceKind | null;
  signedInAt: IsoTime;
  /** When the session was last used, to within five minutes. */
  lastSeenAt: IsoTime;
}

/** GET /api/account/sessions */
export interface AccountSessionList {
  sessions: AccountSession[];
}

/** POST /api/account/sessions/end-others, POST /api/account/password: how many other sessions ended. */
export interface SessionsEndedAnswer {
  ended: number;
}

/** POST /api/admin/people/<userId>/password-reset: the code, shown once. */
export interface PasswordResetAnswer {
  reset: {
    /** The app makes the link `<origin>/reset#code=<code>` from it (the fragment never reaches a server or its log). */
    code: string;
    expiresAt: IsoTime;
    person: { id: string; name: string; email: string };
  };
}
