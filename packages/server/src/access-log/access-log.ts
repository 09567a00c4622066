/**
 * The access log (NEN 7513; docs/privacy.md, "Who read it"): who read, made, changed or listed which
 * client-related information, when, from where. Append-only and hash-chained (chain.ts). It holds ids, never names
 * or content, and is exempt from erasure (AVG art. 17(3)(b)).
 *
 * The sync path only notes an access (a string lookup, no query); a writer appends the notes in one write
 * transaction. One read, change or search per person, document and day: background sync adds no rows.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { sql, type Insertable, type Selectable } from 'kysely';
import type { AccessUser } from '@kring/access';
import type { AccessEvent, AccessPoint } from '@kring/contract';
import { parseDocName } from '@kring/shapes/names';
import type { AccessLogTable, KringDb } from '../db/schema.ts';
import { GENESIS_HASH, rowHash, verifyChain, type ChainReport, type ChainedRow } from './chain.ts';

export type { AccessEvent, AccessPoint };

/** Events kept once per person, object and day: a device syncing all day is one read, not thousands. */
const DAILY: ReadonlySet<AccessEvent> = new Set(['read', 'change', 'search']);

export const DEFAULT_RETENTION_DAYS = 5 * 365 + 1;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AccessLogOptions {
  /** How long rows are kept (default five years, `ACCESS_LOG_RETENTION_DAYS`). */
  retentionDays?: number;
  /** False only for the benchmark's comparison (`BENCH_WITHOUT_ACCESS_LOG`): nothing is noted. */
  enabled?: boolean;
  now?: () => number;
}

/** One access as the server notes it. */
export interface AccessNote {
  event: AccessEvent;
  /** Who: a person's id, or null for the server itself. */
  actorId: string | null;
  /** For whom: the person the server wrote for (publishing); emergency access will use it too. */
  onBehalfOf?: string | null;
  /** A document name, or `<spaceId>/members` for a client space's list of people. */
  object: string;
  /** The space the object belongs to: it decides whether the object is client-related and about whom. */
  spaceId: string;
  accessPoint: AccessPoint;
  /** The session it came through; kept only as a short hash of it (the device). */
  sessionId?: string | null;
  /**
   * Kept whatever the space: emergency access and exports are logged for every space, not only client spaces
   * (their clients, if any, are still the space's).
   */
  always?: boolean;
  /** The clients it concerns, instead of the space's: a person's export of their own data concerns them. */
  clientIds?: readonly string[];
}

/** One row of the log, as the API reads it. */
export interface AccessLogRow {
  id: number;
  at: number;
  event: AccessEvent;
  actorId: string | null;
  onBehalfOf: string | null;
  object: string;
  accessPoint: AccessPoint;
  device: string | null;
  clientIds: string[];
}

interface Pending extends AccessNote {
  at: number;
  dayKey: string | null;
}

/** The UTC day of a time, as `YYYY-MM-DD`. */
function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** A device's mark: the session it used, hashed again so the log never holds a live session id. */
function deviceOf(sessionId: string | null | undefined): string | null {
  return sessionId ? encodeHexLowerCase(sha256(new TextEncoder().encode(`device:${sessionId}`))).slice(0, 16) : null;
}

/**
 * How long notes gather before they are written together (ms). Each transaction costs the server about 2 ms of CPU
 * (its fsync above all), so notes one turn apart, or one relay round (20 ms) apart, each in their own would cost a
 * busy client space more than the goal allows; a tenth of a second later in the log costs nobody anything.
 */
const GATHER_MS = 100;

export class AccessLog {
  readonly #db: KringDb;
  readonly #retentionMs: number;
  readonly #enabled: boolean;
  readonly #now: () => number;
  /** What was noted today (daily events), so a repeat costs one lookup and no query. Cleared when the day turns. */
  #today = { day: '', endsAt: 0, keys: new Set<string>() };
  #queue: Pending[] = [];
  #writing: Promise<void> | null = null;
  #retry: NodeJS.Timeout | null = null;
  /** Space kinds never change: looked up once. */
  readonly #spaceKinds = new Map<string, string | null>();

  constructor(db: KringDb, options: AccessLogOptions = {}) {
    this.#db = db;
    this.#retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
    this.#enabled = options.enabled ?? true;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Notes that `user` got, made or changed a document, if it is client-related (a client space's): returns at
   * once, the row follows. The person's grants say the space's kind, so other documents cost nothing more.
   */
  noteDocument(user: Pick<AccessUser, 'id' | 'spaces'>, sessionId: string | null, docName: string, event: AccessEvent, accessPoint: AccessPoint): void {
    const name = parseDocName(docName);
    if (!name) return;
    const grant = Object.hasOwn(user.spaces, name.spaceId) ? user.spaces[name.spaceId] : undefined;
    // What an administrator reads under emergency access is logged in any space.
    const emergency = grant?.emergencyUntil !== undefined;
    const clientRelated = grant?.kind === 'client' || (grant?.kind === 'conversation' && grant.withClient === true);
    if (!clientRelated && !emergency) return;
    this.note({ event, actorId: user.id, object: docName, spaceId: name.spaceId, accessPoint, sessionId, always: emergency });
  }

  /** Notes one access (kept only if its space is a client space). Returns at once; `flushed()` waits for the row. */
  note(note: AccessNote): void {
    if (!this.#enabled) return;
    const at = this.#now();
    let dayKey: string | null = null;
    if (DAILY.has(note.event)) {
      // Every update of an open document comes here: the day's name is worked out only when the day turns.
      if (at >= this.#today.endsAt || at < this.#today.endsAt - DAY_MS) this.#today = { day: dayOf(at), endsAt: (Math.floor(at / DAY_MS) + 1) * DAY_MS, keys: new Set() };
      dayKey = `${this.#today.day}|${note.actorId ?? ''}|${note.event}|${note.object}`;
      if (this.#today.keys.has(dayKey)) return;
      this.#today.keys.add(dayKey);
    }
    this.#queue.push({ ...note, at, dayKey });
    this.#schedule();
  }

  /** Resolves when everything noted so far is stored (or failed and waits for its retry). */
  async flushed(): Promise<void> {
    while (this.#writing || (this.#queue.length > 0 && !this.#retry)) {
      this.#schedule();
      await this.#writing;
    }
  }

  #schedule(): void {
    if (this.#writing || this.#retry) return;
    // Waits a moment so the notes of many sockets go into one transaction: a device opening 250 client documents
    // notes them one event-loop turn apart, and a transaction each cost about 2 ms of CPU per note (measured:
    // 300-580 ms for 250 notes, against 15-30 ms when gathered). An access is stored at most GATHER_MS later.
    this.#writing = new Promise<void>((resolve) => setTimeout(resolve, GATHER_MS))
      .then(() => this.#write())
      .catch((error: unknown) => {
        // Kept for a later try: an access that happened is never dropped because the database was busy.
        console.error('access log: could not append, retrying', error);
        this.#retry = setTimeout(() => {
          this.#retry = null;
          this.#schedule();
        }, 1000);
        this.#retry.unref();
      })
      .finally(() => {
        this.#writing = null;
        if (this.#queue.length > 0) this.#schedule();
      });
  }

  async #write(): Promise<void> {
    const batch = this.#queue;
    this.#queue = [];
    try {
      await this.#append(batch);
    } catch (error) {
      this.#queue = [...batch, ...this.#queue];
      throw error;
    }
  }

  /** Appends in one write transaction: the lock serialises processes, so the chain stays one chain. */
  async #append(batch: readonly Pending[]): Promise<void> {
    // A space's clients as one set: its sorted ids as JSON (in the row, so the chain covers them) and their hash.
    const sets = new Map<string, ClientSet | null>();
    for (const { spaceId } of batch) {
      if (!sets.has(spaceId)) sets.set(spaceId, clientSet(await this.#clientsOf(spaceId)));
    }
    const setOf = (note: Pending): ClientSet | null => (note.clientIds ? clientSet([...note.clientIds].sort()) : (sets.get(note.spaceId) ?? (note.always ? clientSet([]) : null)));
    const notes = batch.filter((entry) => setOf(entry));
    if (notes.length === 0) return;
    await this.#db.connection().execute(async (db) => {
      await sql`BEGIN IMMEDIATE`.execute(db);
      try {
        const keys = notes.flatMap((note) => (note.dayKey ? [note.dayKey] : []));
        const taken = new Set<string>();
        for (let i = 0; i < keys.length; i += 500) {
          const found = await db.selectFrom('access_log').select('day_key').where('day_key', 'in', keys.slice(i, i + 500)).execute();
          for (const { day_key } of found) taken.add(day_key!);
        }
        let { id: lastId, hash: lastHash } = await lastLink(db);
        const rows: Insertable<AccessLogTable>[] = [];
        const usedSets = new Map<string, string[]>();
        for (const note of notes) {
          // Another process noted it first today.
          if (note.dayKey && taken.has(note.dayKey)) continue;
          if (note.dayKey) taken.add(note.dayKey);
          const { json, set, clients } = setOf(note)!;
          const row: ChainedRow = {
            id: lastId + 1,
            at: note.at,
            event: note.event,
            actorId: note.actorId,
            onBehalfOf: note.onBehalfOf ?? null,
            document: note.object,
            accessPoint: note.accessPoint,
            device: deviceOf(note.sessionId),
            clientIds: json,
            dayKey: note.dayKey,
          };
          const hash = rowHash(lastHash, row);
          rows.push({
            id: row.id,
            at: row.at,
            event: row.event,
            actor_id: row.actorId,
            on_behalf_of: row.onBehalfOf,
            document: row.document,
            access_point: row.accessPoint,
            device: row.device,
            client_ids: json,
            client_set: set,
            day_key: row.dayKey,
            prev_hash: lastHash,
            hash,
          });
          usedSets.set(set, clients);
          lastId = row.id;
          lastHash = hash;
        }
        // Many rows per statement: a new device's first sync notes hundreds of documents at once.
        for (let i = 0; i < rows.length; i += 50) await db.insertInto('access_log').values(rows.slice(i, i + 50)).execute();
        const members = [...usedSets].flatMap(([set, clients]) => clients.map((clientId) => ({ client_set: set, client_id: clientId })));
        for (let i = 0; i < members.length; i += 400) {
          await db
            .insertInto('access_log_client_sets')
            .values(members.slice(i, i + 400))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        await sql`COMMIT`.execute(db);
      } catch (error) {
        await sql`ROLLBACK`.execute(db);
        throw error;
      }
    });
  }

  /**
   * The client members of a client space or of a conversation with a client, sorted; null for any other space or
   * conversation (not client-related).
   */
  async #clientsOf(spaceId: string): Promise<string[] | null> {
    if (!this.#spaceKinds.has(spaceId)) {
      const space = await this.#db.selectFrom('spaces').select('kind').where('id', '=', spaceId).executeTakeFirst();
      const conversation = space ? undefined : await this.#db.selectFrom('conversations').select('id').where('id', '=', spaceId).executeTakeFirst();
      this.#spaceKinds.set(spaceId, space?.kind ?? (conversation ? 'conversation' : null));
    }
    const kind = this.#spaceKinds.get(spaceId);
    if (kind === 'conversation') {
      // The clients in it now, as for a space: who is a member when it is read.
      const rows = await this.#db
        .selectFrom('conversation_members')
        .innerJoin('users', 'users.id', 'conversation_members.user_id')
        .select('users.id')
        .where('conversation_members.conversation_id', '=', spaceId)
        .where('users.role', '=', 'client')
        .orderBy('users.id')
        .execute();
      return rows.length > 0 ? rows.map((row) => row.id) : null;
    }
    if (kind !== 'client') return null;
    const rows = await this.#db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.id')
      .where('memberships.space_id', '=', spaceId)
      .where('users.role', '=', 'client')
      .orderBy('users.id')
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Entries newest first, at most `limit`: about one object, or about or by one person (the client it concerns,
   * or the person who acted).
   */
  async entries(query: { document?: string; person?: string; limit: number }): Promise<AccessLogRow[]> {
    let select = this.#db.selectFrom('access_log').selectAll();
    if (query.document !== undefined) select = select.where('document', '=', query.document);
    if (query.person !== undefined) {
      const person = query.person;
      select = select.where((eb) =>
        eb.or([eb('actor_id', '=', person), eb('client_set', 'in', eb.selectFrom('access_log_client_sets').select('client_set').where('client_id', '=', person))]),
      );
    }
    const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
    return rows.map(toRow);
  }

  /** Who else touched information about this client, newest first: their own accesses left out. */
  async aboutClient(clientId: string, limit: number): Promise<AccessLogRow[]> {
    const rows = await this.#db
      .selectFrom('access_log')
      .selectAll()
      .where('client_set', 'in', (eb) => eb.selectFrom('access_log_client_sets').select('client_set').where('client_id', '=', clientId))
      .where((eb) => eb.or([eb('actor_id', 'is', null), eb('actor_id', '<>', clientId)]))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRow);
  }

  /** Checks the whole chain (the `access-log:verify` command). */
  async verify(): Promise<ChainReport> {
    const anchor = await this.#db.selectFrom('access_log_anchor').select(['last_id', 'last_hash']).where('id', '=', 1).executeTakeFirst();
    const rows = await this.#db.selectFrom('access_log').selectAll().orderBy('id').execute();
    return verifyChain(
      rows.map((row) => ({ ...chained(row), prevHash: row.prev_hash, hash: row.hash })),
      anchor ? { lastId: Number(anchor.last_id), lastHash: anchor.last_hash } : null,
    );
  }

  /**
   * Removes rows older than the retention period, oldest first, and remembers the last removed row's id and hash,
   * so the check starts there. Returns how many rows went.
   */
  async prune(): Promise<number> {
    const before = this.#now() - this.#retentionMs;
    return this.#db.connection().execute(async (db) => {
      await sql`BEGIN IMMEDIATE`.execute(db);
      try {
        const last = await db.selectFrom('access_log').select(['id', 'hash']).where('at', '<', before).orderBy('id', 'desc').limit(1).executeTakeFirst();
        let removed = 0;
        if (last) {
          const lastId = Number(last.id);
          removed = Number((await db.deleteFrom('access_log').where('id', '<=', lastId).executeTakeFirst()).numDeletedRows);
          await db
            .insertInto('access_log_anchor')
            .values({ id: 1, last_id: lastId, last_hash: last.hash })
            .onConflict((oc) => oc.column('id').doUpdateSet({ last_id: lastId, last_hash: last.hash }))
            .execute();
        }
        await sql`COMMIT`.execute(db);
        return removed;
      } catch (error) {
        await sql`ROLLBACK`.execute(db);
        throw error;
      }
    });
  }
}

interface ClientSet {
  json: string;
  set: string;
  clients: string[];
}

function clientSet(clients: string[] | null): ClientSet | null {
  if (clients === null) return null;
  const json = JSON.stringify(clients);
  return { json, set: encodeHexLowerCase(sha256(new TextEncoder().encode(json))).slice(0, 32), clients };
}

type Row = Selectable<AccessLogTable>;

function chained(row: Row): ChainedRow {
  return {
    id: Number(row.id),
    at: Number(row.at),
    event: row.event,
    actorId: row.actor_id,
    onBehalfOf: row.on_behalf_of,
    document: row.document,
    accessPoint: row.access_point,
    device: row.device,
    clientIds: row.client_ids,
    dayKey: row.day_key,
  };
}

function toRow(row: Row): AccessLogRow {
  return {
    id: Number(row.id),
    at: Number(row.at),
    event: row.event as AccessEvent,
    actorId: row.actor_id,
    onBehalfOf: row.on_behalf_of,
    object: row.document,
    accessPoint: row.access_point as AccessPoint,
    device: row.device,
    clientIds: JSON.parse(row.client_ids) as string[],
  };
}

/** The newest row's id and hash: where the next row links on (after a retention cut, the anchor). */
async function lastLink(db: KringDb): Promise<{ id: number; hash: string }> {
  const last = await db.selectFrom('access_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (last) return { id: Number(last.id), hash: last.hash };
  const anchor = await db.selectFrom('access_log_anchor').select(['last_id', 'last_hash']).where('id', '=', 1).executeTakeFirst();
  return anchor ? { id: Number(anchor.last_id), hash: anchor.last_hash } : { id: 0, hash: GENESIS_HASH };
}
