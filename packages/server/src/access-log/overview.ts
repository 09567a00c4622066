/**
 * The access log read back for people: the privacy officer's view of a document or a person, and a client's own
 * overview. The log holds ids; names are looked up now (an erased person shows as erased).
 */
import { maySeeAccessLog } from '@kring/access';
import type { AccessLogActor, AccessLogEntry, OfficerAccessLogEntry } from '@kring/contract';
import type { Accounts, User } from '../accounts/accounts.ts';
import { DomainError } from '../errors.ts';
import type { AccessLog, AccessLogRow } from './access-log.ts';

export type AccessLogErrorCode = 'forbidden';
export class AccessLogError extends DomainError<AccessLogErrorCode> {}

/** Most entries one answer holds. */
export const MAX_ACCESS_LOG_ENTRIES = 1000;

export class AccessOverview {
  readonly #log: AccessLog;
  readonly #accounts: Accounts;

  constructor(log: AccessLog, accounts: Accounts) {
    this.#log = log;
    this.#accounts = accounts;
  }

  /** What the privacy officer asks: everything about or by a person, or everything about a document. */
  async forOfficer(officer: User, query: { document?: string; person?: string }): Promise<OfficerAccessLogEntry[]> {
    if (!maySeeAccessLog(officer)) throw new AccessLogError('forbidden', 'Only the privacy officer can do this.');
    await this.#log.flushed();
    const rows = await this.#log.entries({ ...query, limit: MAX_ACCESS_LOG_ENTRIES });
    const people = this.#people(officer.organisationId);
    const entries: OfficerAccessLogEntry[] = [];
    for (const row of rows) {
      const actor = row.actorId === null ? null : await people(row.actorId);
      const onBehalfOf = row.onBehalfOf === null ? null : await people(row.onBehalfOf);
      const clients = [];
      for (const id of row.clientIds) clients.push({ id, name: (await people(id))?.name ?? id });
      entries.push({
        ...common(row),
        actor: actor ? { kind: 'person', id: actor.id, name: actor.name, role: actor.role } : row.actorId === null ? { kind: 'system' } : { kind: 'person', id: row.actorId, name: row.actorId, role: null },
        clients,
        onBehalfOf: row.onBehalfOf === null ? null : { id: row.onBehalfOf, name: onBehalfOf?.name ?? row.onBehalfOf },
        device: row.device,
      });
    }
    return entries;
  }

  /**
   * Who else read or changed information about this client: staff and the system by name and function, other
   * clients only as "another member of <space>" (who they are is their own information). Empty for staff.
   */
  async forClient(person: User): Promise<AccessLogEntry[]> {
    if (person.role !== 'client') return [];
    await this.#log.flushed();
    const rows = await this.#log.aboutClient(person.id, MAX_ACCESS_LOG_ENTRIES);
    const people = this.#people(person.organisationId);
    const spaceNames = new Map<string, string>();
    const entries: AccessLogEntry[] = [];
    for (const row of rows) {
      const actor = row.actorId === null ? null : await people(row.actorId);
      let shown: AccessLogActor;
      if (row.actorId === null) shown = { kind: 'system' };
      else if (actor && actor.role !== 'client') shown = { kind: 'staff', name: actor.name, role: actor.role };
      else {
        const spaceId = row.object.split('/')[0];
        if (!spaceNames.has(spaceId)) spaceNames.set(spaceId, (await this.#accounts.space(spaceId))?.name ?? spaceId);
        shown = { kind: 'client', space: spaceNames.get(spaceId)! };
      }
      entries.push({ ...common(row), actor: shown });
    }
    return entries;
  }

  /** Looks people up once per answer; only people of the asker's organisation. */
  #people(organisationId: string): (id: string) => Promise<User | null> {
    const found = new Map<string, Promise<User | null>>();
    return (id) => {
      if (!found.has(id)) found.set(id, this.#accounts.userById(id).then((user) => (user?.organisationId === organisationId ? user : null)));
      return found.get(id)!;
    };
  }
}

function common(row: AccessLogRow): Omit<AccessLogEntry, 'actor'> {
  return { at: new Date(row.at).toISOString(), event: row.event, document: row.object, accessPoint: row.accessPoint };
}
