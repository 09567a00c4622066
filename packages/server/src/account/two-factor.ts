/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238: six digits, 30-second steps). Required for
 * administrators and privacy officers, who can reach every account; a switch for everyone else.
 *
 * A code is accepted from the step before to the step after now (a phone's clock may be off by half a minute),
 * and each step's code once per person: the last accepted step is kept in SQL and moved forward only by a
 * conditional update (`… WHERE last_step < step`), so two requests, or two server processes on one database,
 * cannot both accept the same code. Ten recovery codes, shown once and stored as SHA-256 (each carries 50
 * random bits, so a fast hash suffices, as for reset codes), each work once. The app's secret is kept encrypted
 * (secret-box.ts).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { decodeBase32IgnorePadding, encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP, verifyHOTP } from '@oslojs/otp';
import { renderSVG } from 'uqr';
import type { OrgRole } from '@kring/access';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { DomainError } from '../errors.ts';
import { hashToken, type Sessions } from '../sessions/sessions.ts';
import type { SecretBox } from './secret-box.ts';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of now. */
export const TOTP_WINDOW = 1;
/** Between password and code: long enough to find the phone, short enough that a left-open screen is no door. */
export const LOGIN_TOKEN_MS = 5 * 60_000;
/** Wrong codes with one login token before it ends and the password must be typed again. */
export const LOGIN_TOKEN_TRIES = 5;
export const RECOVERY_CODE_COUNT = 10;

/** The roles that reach every account: they cannot work without a second factor, nor turn it off. */
export const SECOND_FACTOR_ROLES: ReadonlySet<OrgRole> = new Set<OrgRole>(['admin', 'privacy']);

/** Whether a session of a person in this role must first pass (or set up) a second factor. */
export function secondFactorOutstanding(role: OrgRole, passed: boolean): boolean {
  return SECOND_FACTOR_ROLES.has(role) && !passed;
}

export type TwoFactorErrorCode = 'invalid_code' | 'invalid_login_token' | 'two_factor_enabled' | 'two_factor_not_enabled' | 'forbidden';

export class TwoFactorError extends DomainError<TwoFactorErrorCode> {}

/** The 30-second step a moment falls in. */
export function stepAt(now: number): number {
  return Math.floor(now / 1000 / TOTP_STEP_SECONDS);
}

/** The key a base32 secret stands for, as typed into an app (spaces and case ignored). */
export function secretKey(base32Secret: string): Uint8Array {
  return decodeBase32IgnorePadding(base32Secret.replace(/\s/g, '').toUpperCase());
}

/** The code an authenticator app shows for `key` at step `step`. */
export function codeAt(key: Uint8Array, step: number): string {
  return generateHOTP(key, BigInt(step), TOTP_DIGITS);
}

/** The step within the window around `now` whose code `code` is, or null (every step compared in constant time). */
export function matchingStep(key: Uint8Array, code: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = stepAt(now);
  let found: number | null = null;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code) && found === null) found = step;
  }
  return found;
}

/** Crockford's base32, as reset codes: no I, L, O or U. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RECOVERY_LENGTH = 10;

/** A new recovery code, `xxxxx-xxxxx` (50 bits). */
export function newRecoveryCode(): string {
  const chars = [...crypto.getRandomValues(new Uint8Array(RECOVERY_LENGTH))].map((byte) => ALPHABET[byte & 31]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** A recovery code as typed, canonical: case, dashes and spaces ignored; i/l read as 1, o as 0. */
function normaliseRecoveryCode(code: string): string | null {
  const normal = code.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  return normal.length === RECOVERY_LENGTH && [...normal].every((char) => ALPHABET.includes(char)) ? normal : null;
}

function hashRecoveryCode(normal: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normal)));
}

/** What setting up shows: the QR code to scan and the same secret to type. */
export interface TwoFactorSetup {
  /** The secret in base32, in groups of four, for typing into the app. */
  secret: string;
  /** The otpauth:// address the QR code holds. */
  uri: string;
  /** The QR code as an SVG image. */
  qrSvg: string;
}

export class TwoFactor {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  readonly #sessions: Sessions;
  readonly #box: SecretBox;
  readonly #now: () => number;

  constructor(db: KringDb, accounts: Accounts, sessions: Sessions, box: SecretBox, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#accounts = accounts;
    this.#sessions = sessions;
    this.#box = box;
    this.#now = options.now ?? Date.now;
  }

  /** Whether the person uses an authenticator app, and how many recovery codes are left. */
  async status(userId: string): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
    const row = await this.#db.selectFrom('two_factor').select('enabled_at').where('user_id', '=', userId).executeTakeFirst();
    if (!row || row.enabled_at === null) return { enabled: false, recoveryCodesLeft: 0 };
    const left = await this.#db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { enabled: true, recoveryCodesLeft: Number(left.n) };
  }

  async isEnabled(userId: string): Promise<boolean> {
    return (await this.status(userId)).enabled;
  }

  /** Starts (or starts again) setting up: a new secret, not asked at login until confirmed with a first code. */
  async beginSetup(user: User): Promise<TwoFactorSetup> {
    if (await this.isEnabled(user.id)) throw new TwoFactorError('two_factor_enabled', 'Two-factor sign-in is on already.');
    const key = crypto.getRandomValues(new Uint8Array(20));
    const sealed = this.#box.seal(key);
    await this.#db
      .insertInto('two_factor')
      .values({ user_id: user.id, secret: sealed, enabled_at: null, last_step: 0, created_at: this.#now() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret: sealed, enabled_at: null, last_step: 0, created_at: this.#now() }))
      .execute();
    const uri = createTOTPKeyURI('Kring', user.email, key, TOTP_STEP_SECONDS, TOTP_DIGITS);
    return { secret: encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, '$1 '), uri, qrSvg: renderSVG(uri, { border: 4 }) };
  }

  /**
   * Turns it on with the app's first code; this session counts as having passed it. Returns the ten recovery
   * codes, the only time they are shown.
   */
  async confirmSetup(user: User, sessionId: string, code: string): Promise<string[]> {
    const row = await this.#db.selectFrom('two_factor').selectAll().where('user_id', '=', user.id).executeTakeFirst();
    if (row?.enabled_at != null) throw new TwoFactorError('two_factor_enabled', 'Two-factor sign-in is on already.');
    if (!row) throw new TwoFactorError('two_factor_not_enabled', 'Start setting up first.');
    const step = matchingStep(this.#box.open(row.secret), code.replace(/\s/g, ''), this.#now());
    if (step === null) throw new TwoFactorError('invalid_code', 'That code is not right.');
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const turnedOn = await this.#db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('two_factor')
        .set({ enabled_at: this.#now(), last_step: step })
        .where('user_id', '=', user.id)
        .where('enabled_at', 'is', null)
        .where('secret', '=', row.secret)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
      await trx
        .insertInto('recovery_codes')
        .values(codes.map((code) => ({ code_hash: hashRecoveryCode(normaliseRecoveryCode(code)!), user_id: user.id, used_at: null })))
        .execute();
      return true;
    });
    // Another request (or set-up restarted) got there first.
    if (!turnedOn) throw new TwoFactorError('invalid_code', 'That code is not right.');
    await this.#sessions.markSecondFactor(sessionId);
    await this.#accounts.audit({ userId: user.id, action: 'two_factor.enabled', subject: user.id });
    return codes;
  }

  /** Turns it off, with a code from the app or a recovery code; not for the roles that require it. */
  async disable(user: User, code: string): Promise<void> {
    if (SECOND_FACTOR_ROLES.has(user.role)) throw new TwoFactorError('forbidden', 'Administrators and privacy officers cannot turn two-factor sign-in off.');
    if (!(await this.isEnabled(user.id))) throw new TwoFactorError('two_factor_not_enabled', 'Two-factor sign-in is off.');
    if (!(await this.#accept(user.id, code))) throw new TwoFactorError('invalid_code', 'That code is not right.');
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
      await trx.deleteFrom('two_factor').where('user_id', '=', user.id).execute();
    });
    await this.#accounts.audit({ userId: user.id, action: 'two_factor.disabled', subject: user.id });
  }

  /** The password was right and the person uses an app: a login token that a code turns into a session. */
  async startLogin(userId: string): Promise<{ token: string; expiresAt: number }> {
    const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
    const expiresAt = this.#now() + LOGIN_TOKEN_MS;
    await this.#db.deleteFrom('login_challenges').where('expires_at', '<=', this.#now()).execute();
    await this.#db.insertInto('login_challenges').values({ id: hashToken(token), user_id: userId, expires_at: expiresAt, failures: 0 }).execute();
    return { token, expiresAt };
  }

  /** The person a live login token is for (to count attempts per account), or null. */
  async loginTokenUser(token: string): Promise<User | null> {
    if (token.length > 64) return null;
    const row = await this.#db.selectFrom('login_challenges').select(['user_id', 'expires_at']).where('id', '=', hashToken(token)).executeTakeFirst();
    if (!row || Number(row.expires_at) <= this.#now()) return null;
    const user = await this.#accounts.userById(row.user_id);
    return user?.active ? user : null;
  }

  /**
   * The second step of logging in: the code (or a recovery code) for the login token's person. The token is used
   * up by success, and by too many wrong codes. Returns the person, to start the session for.
   */
  async finishLogin(token: string, code: string): Promise<User> {
    const user = await this.loginTokenUser(token);
    if (!user) throw new TwoFactorError('invalid_login_token', 'The login has expired; enter your password again.');
    const id = hashToken(token);
    if (!(await this.#accept(user.id, code))) {
      const row = await this.#db
        .updateTable('login_challenges')
        .set((eb) => ({ failures: eb('failures', '+', 1) }))
        .where('id', '=', id)
        .returning('failures')
        .executeTakeFirst();
      if (row && row.failures >= LOGIN_TOKEN_TRIES) await this.#db.deleteFrom('login_challenges').where('id', '=', id).execute();
      await this.#accounts.audit({ userId: null, action: 'login.code_failed', subject: user.id });
      throw new TwoFactorError('invalid_code', 'That code is not right.');
    }
    const used = await this.#db.deleteFrom('login_challenges').where('id', '=', id).returning('id').executeTakeFirst();
    if (!used) throw new TwoFactorError('invalid_login_token', 'The login has expired; enter your password again.');
    return user;
  }

  /** Turns it on with a known secret (the demo administrator's, from DEMO_TOTP_SECRET in base32). */
  async enableWithSecret(userId: string, base32Secret: string): Promise<void> {
    const key = secretKey(base32Secret);
    if (key.byteLength < 10) throw new Error('DEMO_TOTP_SECRET must be at least 16 base32 characters');
    const sealed = this.#box.seal(key);
    await this.#db
      .insertInto('two_factor')
      .values({ user_id: userId, secret: sealed, enabled_at: this.#now(), last_step: 0, created_at: this.#now() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret: sealed, enabled_at: this.#now(), last_step: 0 }))
      .execute();
  }

  /** Whether `code` is the app's code for a step not used before (and uses it up), or an unused recovery code. */
  async #accept(userId: string, code: string): Promise<boolean> {
    const typed = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(typed)) {
      const row = await this.#db.selectFrom('two_factor').select(['secret', 'enabled_at']).where('user_id', '=', userId).executeTakeFirst();
      if (!row || row.enabled_at === null) return false;
      const step = matchingStep(this.#box.open(row.secret), typed, this.#now());
      if (step === null) return false;
      // Only one request can move the step forward past `step`: a replayed code (here or in another process) finds it moved.
      const moved = await this.#db
        .updateTable('two_factor')
        .set({ last_step: step })
        .where('user_id', '=', userId)
        .where('last_step', '<', step)
        .where('enabled_at', 'is not', null)
        .executeTakeFirst();
      return Number(moved.numUpdatedRows) === 1;
    }
    const normal = normaliseRecoveryCode(typed);
    if (!normal) return false;
    const used = await this.#db
      .updateTable('recovery_codes')
      .set({ used_at: this.#now() })
      .where('code_hash', '=', hashRecoveryCode(normal))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return false;
    await this.#accounts.audit({ userId, action: 'two_factor.recovery_code_used', subject: userId });
    return true;
  }
}
