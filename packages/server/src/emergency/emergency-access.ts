/**
 * Emergency access (docs/privacy.md, "Emergency access"): an administrator who must read a team or client space he
 * is no member of declares why, and reads it (never writes) for a limited time. The grant is a row here; the access
 * policy gets it through `Accounts.spacesOf`, so sockets, the batch and HTTP all honour it and its end. The reason
 * stays in this table; the access log holds the row's id (it keeps ids, never words).
 */
import { canSeeSpace, mayDeclareEmergencyAccess } from '@kring/access';
import type { EmergencyAccessEntry } from '@kring/contract';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { AccessLog } from '../access-log/access-log.ts';
import type { KringDb } from '../db/schema.ts';
import { DomainError } from '../errors.ts';

export type EmergencyAccessErrorCode = 'not_found' | 'forbidden';
export class EmergencyAccessError extends DomainError<EmergencyAccessErrorCode> {}

/** Four hours: a shift's emergency, not a standing right (`EMERGENCY_ACCESS_MINUTES`). */
export const DEFAULT_EMERGENCY_MINUTES = 240;
/** How far back the space's owners see declared emergency access. */
const SHOWN_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface EmergencyAccessOptions {
  /** How long one declaration holds. */
  minutes?: number;
  now?: () => number;
}

export class EmergencyAccess {
  readonly #db: KringDb;
  readonly #accounts: Accounts;
  readonly #log: AccessLog;
  readonly #accessChanged: () => Promise<void>;
  readonly #durationMs: number;
  readonly #now: () => number;
  /** One timer per grant still running in this process: at its end, open sockets are re-checked and close. */
  readonly #timers = new Set<NodeJS.Timeout>();

  /** @param accessChanged re-checks open sockets (the sync server closes those that lost access) */
  constructor(db: KringDb, accounts: Accounts, log: AccessLog, accessChanged: () => Promise<void>, options: EmergencyAccessOptions = {}) {
    this.#db = db;
    this.#accounts = accounts;
    this.#log = log;
    this.#accessChanged = accessChanged;
    this.#durationMs = Math.round((options.minutes ?? DEFAULT_EMERGENCY_MINUTES) * 60_000);
    this.#now = options.now ?? Date.now;
  }

  /**
   * Ends the grants still running when this process starts, each at its end. A grant declared in another process
   * ends here at the sync server's minute check; the policy refuses it from its end on in every process anyway.
   */
  async start(): Promise<void> {
    const now = this.#now();
    const rows = await this.#db.selectFrom('emergency_access').select('ends_at').where('ends_at', '>', now).execute();
    for (const row of rows) this.#endAt(Number(row.ends_at));
  }

  /** Declares emergency access to `spaceId` for `user`, with a reason; answers the grant. */
  async declare(user: User, spaceId: string, reason: string, sessionId: string | null = null): Promise<EmergencyAccessEntry> {
    const space = await this.#accounts.space(spaceId);
    if (!space || space.organisationId !== user.organisationId) throw new EmergencyAccessError('not_found', 'No such space.');
    const membership = await this.#accounts.membership(spaceId, user.id);
    if (!mayDeclareEmergencyAccess(user, { kind: space.kind, role: membership })) {
      // Someone who cannot see the space learns nothing about it; an administrator is told he needs none.
      if (user.role !== 'admin' && !canSeeSpace(await this.#accounts.accessUser(user), spaceId)) throw new EmergencyAccessError('not_found', 'No such space.');
      throw new EmergencyAccessError('forbidden', 'Only an administrator declares emergency access, to a team or client space he is no member of.');
    }
    const now = this.#now();
    const row = { id: crypto.randomUUID(), space_id: spaceId, user_id: user.id, reason, started_at: now, ends_at: now + this.#durationMs };
    await this.#db.insertInto('emergency_access').values(row).execute();
    await this.#accounts.audit({ userId: user.id, action: 'space.emergency_access', subject: spaceId, detail: { emergencyAccessId: row.id, endsAt: row.ends_at } });
    this.#log.note({ event: 'emergency', actorId: user.id, object: `${spaceId}/emergency/${row.id}`, spaceId, accessPoint: 'api', sessionId, always: true });
    this.#endAt(row.ends_at);
    return entry(row, { id: user.id, name: user.name }, now);
  }

  /**
   * The emergency access declared on a space in the last 90 days, newest first: for the space's owners and
   * administrators. Others who see the space get `forbidden`, those who do not `not_found`.
   */
  async list(user: User, spaceId: string): Promise<{ entries: EmergencyAccessEntry[]; canDeclare: boolean }> {
    const space = await this.#accounts.space(spaceId);
    if (!space || space.organisationId !== user.organisationId) throw new EmergencyAccessError('not_found', 'No such space.');
    const membership = await this.#accounts.membership(spaceId, user.id);
    if (user.role !== 'admin' && membership !== 'owner') {
      if (!canSeeSpace(await this.#accounts.accessUser(user), spaceId)) throw new EmergencyAccessError('not_found', 'No such space.');
      throw new EmergencyAccessError('forbidden', 'Only the owners of the space and administrators see its emergency access.');
    }
    const now = this.#now();
    const rows = await this.#db
      .selectFrom('emergency_access')
      .leftJoin('users', 'users.id', 'emergency_access.user_id')
      .select(['emergency_access.id', 'space_id', 'user_id', 'reason', 'started_at', 'ends_at', 'users.name'])
      .where('space_id', '=', spaceId)
      .where('started_at', '>', now - SHOWN_DAYS * DAY_MS)
      .orderBy('started_at', 'desc')
      .execute();
    return {
      entries: rows.map((row) => entry(row, { id: row.user_id, name: row.name }, now)),
      canDeclare: mayDeclareEmergencyAccess(user, { kind: space.kind, role: membership }),
    };
  }

  /** Stops the timers (the process closes). */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #endAt(endsAt: number): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        void this.#accessChanged().catch((error: unknown) => console.error('emergency access: re-checking sockets failed', error));
      },
      // A little after the end, so the policy (which compares with the clock) already refuses.
      Math.max(0, endsAt - this.#now()) + 50,
    );
    timer.unref();
    this.#timers.add(timer);
  }
}

function entry(
  row: { id: string; space_id: string; reason: string; started_at: number; ends_at: number },
  by: { id: string; name: string | null },
  now: number,
): EmergencyAccessEntry {
  const endsAt = Number(row.ends_at);
  return {
    id: row.id,
    spaceId: row.space_id,
    by,
    reason: row.reason,
    startedAt: new Date(Number(row.started_at)).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    active: now < endsAt,
  };
}
