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
  /** Where it was signed in: the organisation's name of its network (`SESSION_PLACES`), or null when not one of them. */
  place: string | null;
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

/** A code from the authenticator app (six digits) or a recovery code (`xxxxx-xxxxx`), as typed. */
const secondFactorCode = v.pipe(v.string('must be a code'), v.maxLength(32, 'must be a code'), v.regex(/^[0-9A-Za-z\s-]+$/, 'must be a code'));

/** POST /api/auth/login/code: the login token the password step gave, and the code. */
export const LoginCode = v.object({
  token: v.pipe(v.string('must be a login token'), v.maxLength(64, 'must be a login token'), v.regex(/^[0-9a-z]+$/, 'must be a login token')),
  code: secondFactorCode,
});
export type LoginCodeBody = v.InferInput<typeof LoginCode>;

/** POST /api/auth/login when the person uses an authenticator app: no session yet, a code is asked for. */
export interface SecondFactorAnswer {
  secondFactor: { token: string; expiresAt: IsoTime };
}

/** POST /api/account/two-factor/confirm and …/disable. */
export const TwoFactorCode = v.object({ code: secondFactorCode });
export type TwoFactorCodeBody = v.InferInput<typeof TwoFactorCode>;

/** GET /api/account/two-factor */
export interface TwoFactorStatus {
  enabled: boolean;
  /** The person's role requires it (administrator, privacy officer): it cannot be turned off. */
  required: boolean;
  /** This session still has to set it up before anything else works. */
  outstanding: boolean;
  recoveryCodesLeft: number;
}

/** POST /api/account/two-factor/setup: the secret to scan or type; shown while setting up only. */
export interface TwoFactorSetupAnswer {
  setup: { secret: string; uri: string; qrSvg: string };
}

/** POST /api/account/two-factor/confirm: the ten recovery codes, shown once. */
export interface RecoveryCodesAnswer {
  recoveryCodes: string[];
}
