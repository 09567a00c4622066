/**
 * A person's own account: where they are signed in (end a session on a lost phone, or all others) and changing
 * their password. Everything here acts on the asking person only; the session to keep is the one asking.
 */
import Bowser from 'bowser';
import type { Accounts, User } from '../accounts/accounts.ts';
import { DomainError } from '../errors.ts';
import type { SessionRecord, Sessions } from '../sessions/sessions.ts';
import { passwordWeakness, type PasswordWeakness } from './password-rules.ts';

export type AccountErrorCode =
  | 'not_found'
  | 'self'
  | 'wrong_password'
  | 'invalid_reset'
  | 'password_too_short'
  | 'password_too_long'
  | 'password_common'
  | 'password_personal'
  | 'password_guessable';

/** A request on an account the rules refuse; `code` says why (for a weak password: which weakness). */
export class AccountError extends DomainError<AccountErrorCode> {}

const WEAKNESS_CODES: Record<PasswordWeakness, AccountErrorCode> = {
  too_short: 'password_too_short',
  too_long: 'password_too_long',
  common: 'password_common',
  personal: 'password_personal',
  guessable: 'password_guessable',
};

/** Refuses a password the rules (password-rules.ts) find too weak for this person. */
export function requireStrongPassword(password: string, person: Pick<User, 'name' | 'email'>): void {
  const weakness = passwordWeakness(password, person);
  if (weakness) throw new AccountError(WEAKNESS_CODES[weakness], `The new password is too weak (${weakness}).`);
}

export type DeviceKind = 'mobile' | 'tablet' | 'desktop';

/** The device of a session in words the app shows ("Chrome 156 op Android 14, telefoon"). */
export interface DeviceDescription {
  browser: string | null;
  os: string | null;
  kind: DeviceKind | null;
}

/** Names a browser and device from a User-Agent with bowser; nulls for what it does not say. */
export function describeDevice(userAgent: string | null): DeviceDescription {
  if (!userAgent) return { browser: null, os: null, kind: null };
  const parsed = Bowser.parse(userAgent);
  const major = parsed.browser.version?.split('.')[0];
  const browser = parsed.browser.name ? [parsed.browser.name, major].filter(Boolean).join(' ') : null;
  const osVersion = parsed.os.versionName ?? parsed.os.version?.split('.')[0];
  const os = parsed.os.name ? [parsed.os.name, osVersion].filter(Boolean).join(' ') : null;
  const type = parsed.platform.type;
  const kind: DeviceKind | null = type === 'mobile' || type === 'tablet' || type === 'desktop' ? type : null;
  return { browser, os, kind };
}

export interface OwnSession extends DeviceDescription {
  id: string;
  /** The session this request came with. */
  current: boolean;
  signedInAt: number;
  lastSeenAt: number;
  /** The organisation's name of the network it was signed in from, or null. */
  place: string | null;
}

export class OwnAccount {
  readonly #accounts: Accounts;
  readonly #sessions: Sessions;

  constructor(accounts: Accounts, sessions: Sessions) {
    this.#accounts = accounts;
    this.#sessions = sessions;
  }

  /** Where the person is signed in: the asking session first, then the most recently used. */
  async sessions(person: User, currentSessionId: string): Promise<OwnSession[]> {
    const records: SessionRecord[] = await this.#sessions.list(person.id);
    return records
      .map((record) => ({
        id: record.id,
        current: record.id === currentSessionId,
        ...describeDevice(record.userAgent),
        signedInAt: record.createdAt,
        lastSeenAt: record.lastSeenAt,
        place: record.place,
      }))
      .sort((a, b) => Number(b.current) - Number(a.current));
  }

  /**
   * Ends one of the person's other sessions: its cookie stops working and its sockets close at once. `self` for
   * the asking session (that is logging out), `not_found` for an id that is not one of the person's sessions.
   */
  async endSession(person: User, currentSessionId: string, sessionId: string): Promise<void> {
    if (sessionId === currentSessionId) throw new AccountError('self', 'Log out to end this session.');
    if (!(await this.#sessions.endOwn(person.id, sessionId))) throw new AccountError('not_found', 'No such session.');
    await this.#accounts.audit({ userId: person.id, action: 'session.ended', subject: null });
  }

  /** Ends every session of the person but the asking one; returns how many ended. */
  async endOtherSessions(person: User, currentSessionId: string): Promise<number> {
    const ended = await this.#sessions.endOthers(person.id, currentSessionId);
    await this.#accounts.audit({ userId: person.id, action: 'session.ended_others', subject: null, detail: { ended } });
    return ended;
  }

  /**
   * Changes the password: the current one must be right (`wrong_password`), the new one strong enough (a
   * `password_*` code). Every other session ends, so a thief who had the old password or a session is out.
   * @returns how many other sessions ended
   */
  async changePassword(person: User, currentSessionId: string, currentPassword: string, newPassword: string): Promise<number> {
    if (!(await this.#accounts.checkPassword(person.id, currentPassword))) throw new AccountError('wrong_password', 'The current password is not right.');
    requireStrongPassword(newPassword, person);
    await this.#accounts.setPassword(person.id, newPassword);
    const ended = await this.#sessions.endOthers(person.id, currentSessionId);
    await this.#accounts.audit({ userId: person.id, action: 'password.changed', subject: null, detail: { sessionsEnded: ended } });
    return ended;
  }
}
