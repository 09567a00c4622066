/**
 * People as administrators manage them: names, organisation roles, (de)activation. The rule that an
 * organisation always keeps an active administrator, and that nobody takes their own rights away, lives here.
 */
import type { OrgRole } from '@kring/access';
import type { Accounts, PersonRecord, User } from '../accounts/accounts.ts';
import type { Sessions } from '../sessions/sessions.ts';
import type { Push } from '../push/push.ts';
import { DomainError } from '../errors.ts';

export type PersonErrorCode = 'not_found' | 'self' | 'last_admin';

/** A change the rules refuse; `code` says why, so callers never match on message text. */
export class PersonError extends DomainError<PersonErrorCode> {}

export interface PersonChanges {
  name?: string;
  role?: OrgRole;
  active?: boolean;
}

export class People {
  readonly #accounts: Accounts;
  readonly #sessions: Pick<Sessions, 'retireAll'>;
  readonly #accessChanged: () => Promise<void>;
  readonly #push: Pick<Push, 'forget'> | null;

  /** @param accessChanged tells the rest of the server (the sync server re-checks open sockets) against the changed roles now, not at the next minute's check */
  constructor(accounts: Accounts, sessions: Pick<Sessions, 'retireAll'>, accessChanged: () => Promise<void>, push: Pick<Push, 'forget'> | null = null) {
    this.#accounts = accounts;
    this.#push = push;
    this.#sessions = sessions;
    this.#accessChanged = accessChanged;
  }

  /** Everyone of the administrator's organisation, by name. */
  list(admin: User): Promise<PersonRecord[]> {
    return this.#accounts.listPeople(admin.organisationId);
  }

  /** One person of the administrator's organisation; `not_found` for anyone else. */
  async get(admin: User, userId: string): Promise<PersonRecord> {
    const person = await this.#accounts.person(userId);
    if (!person || person.organisationId !== admin.organisationId) throw new PersonError('not_found', 'No such person.');
    return person;
  }

  /**
   * Renames, gives another role, deactivates or reactivates; every change is audited. Deactivation retires the
   * person's sessions, so each device may hand in its unsaved work once. Refuses `self` for an administrator
   * taking their own rights away and `last_admin` for the organisation's last active administrator.
   */
  async change(admin: User, userId: string, changes: PersonChanges): Promise<PersonRecord> {
    const person = await this.get(admin, userId);
    const { name, role, active } = changes;
    const demoting = role !== undefined && role !== 'admin' && person.role === 'admin';
    const deactivating = active === false && person.active;
    if ((demoting || deactivating) && person.id === admin.id) throw new PersonError('self', 'You cannot take away your own administrator rights.');
    if ((demoting || deactivating) && person.role === 'admin' && person.active && (await this.#accounts.activeAdminCount(admin.organisationId)) <= 1) {
      throw new PersonError('last_admin', 'The organisation needs at least one active administrator.');
    }

    if (name !== undefined && name.trim() !== person.name) {
      await this.#accounts.setName(person.id, name);
      await this.#accounts.audit({ userId: admin.id, action: 'admin.person.name', subject: person.id, detail: { from: person.name, to: name.trim() } });
    }
    if (role !== undefined && role !== person.role) {
      await this.#accounts.setRole(person.id, role);
      await this.#accounts.audit({ userId: admin.id, action: 'admin.person.role', subject: person.id, detail: { from: person.role, to: role } });
      await this.#accessChanged();
    }
    if (active !== undefined && active !== person.active) {
      await this.#accounts.setActive(person.id, active);
      if (!active) await this.#sessions.retireAll(person.id);
      // Their devices hear nothing more; switched on again, each device subscribes anew.
      if (!active) await this.#push?.forget(person.id);
      await this.#accounts.audit({ userId: admin.id, action: active ? 'admin.person.reactivate' : 'admin.person.deactivate', subject: person.id });
    }
    return (await this.#accounts.person(person.id))!;
  }
}
