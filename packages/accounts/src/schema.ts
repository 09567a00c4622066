/**
 * The authoritative data in SQL: organisations, people, sessions, spaces, memberships and the audit log.
 * Kysely keeps the queries the same on SQLite (the embedded default) and Postgres (scale-out).
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { MembershipRole, OrgRole, SpaceKind } from '@kring/access';

export interface OrganisationTable {
  id: string;
  name: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  organisation_id: string;
  /** Stored lower-case; unique. */
  email: string;
  name: string;
  /** argon2id (PHC string). */
  password_hash: string;
  role: OrgRole;
  /** 0 when deactivated: no login, no sessions, no sync. */
  active: number;
  created_at: number;
}

export interface SessionTable {
  /** SHA-256 of the session token, hex: the token itself is never stored. */
  id: string;
  user_id: string;
  /** Idle expiry (ms since epoch), pushed forward while the session is used. */
  expires_at: number;
  /** Creation time (ms since epoch): no session outlives the absolute lifetime from here. */
  created_at: number;
}

export interface SpaceTable {
  id: string;
  organisation_id: string;
  name: string;
  kind: SpaceKind;
  created_at: number;
}

export interface MembershipTable {
  space_id: string;
  user_id: string;
  role: MembershipRole;
}

export interface AuditTable {
  id: number | null;
  at: number;
  user_id: string | null;
  action: string;
  /** What the action was about: an email for failed logins, a space id, a document name. */
  subject: string | null;
}

export interface Schema {
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  spaces: SpaceTable;
  memberships: MembershipTable;
  audit_log: AuditTable;
}

export type KringDb = Kysely<Schema>;

const migrations: Record<string, Migration> = {
  '2026-11-22-1-accounts': {
    async up(db) {
      await db.schema
        .createTable('organisations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('spaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['space_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .execute();
    },
  },
};

/** Brings the schema up to date. Safe to run on every start. */
export async function migrate(db: KringDb): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/**
 * Opens (creating if needed) the SQLite database file. WAL with synchronous=FULL: a committed transaction
 * survives a crash of the process and a power cut. The same connection serves Kysely and the document store.
 */
export function openSqlite(file: string): { sqlite: SQLite.Database; db: KringDb } {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, db };
}

export { sql };
