/**
 * Choosing a new password without the old one. An administrator issues a one-time code for a person (shown once,
 * printable for a client without e-mail), or a person asks for one by e-mail where mail is configured. A code
 * carries 160 random bits, only its SHA-256 is stored, it works once and only for a few hours, and a newer code
 * replaces an older one. Every issue and use is in the audit log; using one ends every session of the person.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb, PasswordResetTable } from '../db/schema.ts';
import type { Sessions } from '../sessions/sessions.ts';
import { AccountError, requireStrongPassword } from './own-account.ts';

/** Crockford's base32 (as invite codes): no I, L, O or U, so a code read from paper is not misread. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** 32 characters of 5 bits each: 160 bits. */
const CODE_LENGTH = 32;

/** A code from the desk lasts a working day, so a client can come back in the afternoon. */
export const ADMIN_RESET_HOURS = 8;
/** A code by e-mail lasts an hour: a mailbox is read within that, and a mailbox is easier to steal than paper. */
export const EMAIL_RESET_HOURS = 1;
/** At most one e-mail per person in this time, so nobody's mailbox can be flooded from the login page. */
export const EMAIL_RESET_SPACING_MS = 5 * 60_000;

/** A new code, grouped by four for reading and typing: `abcd-efgh-…` (eight groups). */
export function newResetCode(): string {
  // 256 is a multiple of 32: the low five bits of a random byte are uniform.
  const chars = [...crypto.getRandomValues(new Uint8Array(CODE_LENGTH))].map((byte) => ALPHABET[byte & 31]);
  return Array.from({ length: CODE_LENGTH / 4 }, (_, i) => chars.slice(i * 4, i * 4 + 4).join('')).join('-');
}

/** The code as typed, in its canonical form: case, dashes and spaces ignored; i/l read as 1 and o as 0. */
export function normaliseResetCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
}

/** Whether a string could be a code at all (checked before any lookup). */
export function looksLikeResetCode(code: string): boolean {
  const normal = normaliseResetCode(code);
  return normal.length === CODE_LENGTH && [...normal].every((char) => ALPHABET.includes(char));
}

export function hashResetCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normaliseResetCode(code))));
}

export interface IssuedReset {
  /** The code itself: shown once, never stored. */
  code: string;
  expiresAt: number;
  person: Pick<User, 'id' | 'name' | 'email'>;
}

export class PasswordResets {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  readonly #sessions: Sessions;

  constructor(db: KringDb, accounts: Accounts, sessions: Sessions) {
    this.#db = db;
    this.#accounts = accounts;
    this.#sessions = sessions;
  }

  /**
   * An administrator's code for an active person of their organisation (`not_found` otherwise). `self` for the
   * administrator's own account: a session alone must not be enough to take over the password; change it with
   * the current one instead.
   */
  async issueByAdmin(admin: User, personId: string, now = Date.now()): Promise<IssuedReset> {
    const person = await this.#accounts.userById(personId);
    if (!person || person.organisationId !== admin.organisationId || !person.active) throw new AccountError('not_found', 'No such person.');
    if (person.id === admin.id) throw new AccountError('self', 'Change your own password on your account page.');
    const issued = await this.#issue(person, 'admin', admin.id, now + ADMIN_RESET_HOURS * 3600_000, now);
    await this.#accounts.audit({ userId: admin.id, action: 'password_reset.issued', subject: person.id, detail: { via: 'admin', expiresAt: issued.expiresAt } });
    return issued;
  }

  /**
   * A code to send by e-mail to whoever has this login name, or null: no such active account, a login name that
   * is no e-mail address, or a code sent within EMAIL_RESET_SPACING_MS. The caller answers the same either way.
   */
  async issueByEmail(loginName: string, now = Date.now()): Promise<IssuedReset | null> {
    const person = await this.#accounts.activeUserByLoginName(loginName);
    if (!person || !person.email.includes('@')) return null;
    const recent = await this.#db
      .selectFrom('password_resets')
      .select('id')
      .where('user_id', '=', person.id)
      .where('via', '=', 'email')
      .where('created_at', '>', now - EMAIL_RESET_SPACING_MS)
      .executeTakeFirst();
    if (recent) return null;
    const issued = await this.#issue(person, 'email', null, now + EMAIL_RESET_HOURS * 3600_000, now);
    await this.#accounts.audit({ userId: null, action: 'password_reset.issued', subject: person.id, detail: { via: 'email', expiresAt: issued.expiresAt } });
    return issued;
  }

  async #issue(person: User, via: PasswordResetTable['via'], createdBy: string | null, expiresAt: number, now: number): Promise<IssuedReset> {
    const code = newResetCode();
    await this.#db.transaction().execute(async (trx) => {
      // Only the newest code works: a lost letter or an old e-mail is worth nothing once a new one is made.
      await trx.deleteFrom('password_resets').where('user_id', '=', person.id).where('used_at', 'is', null).execute();
      await trx
        .insertInto('password_resets')
        .values({ id: crypto.randomUUID(), code_hash: hashResetCode(code), user_id: person.id, via, created_by: createdBy, created_at: now, expires_at: expiresAt, used_at: null })
        .execute();
    });
    return { code, expiresAt, person: { id: person.id, name: person.name, email: person.email } };
  }

  /**
   * Sets a new password with a code: `invalid_reset` for a code that is unknown, used, replaced or expired (one
   * answer for all), a `password_*` code for a weak password (the code stays usable then). Ends every session of
   * the person. Returns the person, who then logs in with the new password.
   */
  async use(code: string, newPassword: string, now = Date.now()): Promise<User> {
    const invalid = () => new AccountError('invalid_reset', 'This code is not valid (any more).');
    if (!looksLikeResetCode(code)) throw invalid();
    const row = await this.#db.selectFrom('password_resets').selectAll().where('code_hash', '=', hashResetCode(code)).executeTakeFirst();
    if (!row || row.used_at !== null || Number(row.expires_at) <= now) throw invalid();
    const person = await this.#accounts.userById(row.user_id);
    if (!person?.active) throw invalid();
    requireStrongPassword(newPassword, person);
    // Taken before the password changes: of two requests with the same code, only one finds it unused.
    const taken = await this.#db
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!taken) throw invalid();
    await this.#accounts.setPassword(person.id, newPassword);
    await this.#sessions.endAll(person.id);
    await this.#accounts.audit({ userId: person.id, action: 'password_reset.used', subject: person.id, detail: { via: row.via } });
    return person;
  }
}
