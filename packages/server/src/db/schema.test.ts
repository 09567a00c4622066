import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Accounts } from '../accounts/accounts.ts';
import { migrate, openSqlite, type KringDb } from './schema.ts';
import { Sessions } from '../sessions/sessions.ts';

let dir: string;
let file: string;
let opened: ReturnType<typeof openSqlite>;
let db: KringDb;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kring-schema-'));
  file = join(dir, 'kring.db');
  opened = openSqlite(file);
  db = opened.db;
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('openSqlite', () => {
  it('uses WAL with synchronous=FULL and enforces foreign keys', () => {
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 = FULL
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('migrate', () => {
  it('creates the tables', async () => {
    await migrate(db);
    const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
    for (const table of ['audit_log', 'memberships', 'organisations', 'sessions', 'spaces', 'users']) expect(tables).toContain(table);
  });

  it('adds the administration tables on top of the first migration, keeping its data', async () => {
    await migrate(db);
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    for (const table of ['space_features', 'invites', 'submissions', 'submission_comments', 'activities', 'activity_signups']) expect(tables).toContain(table);
    const audit = (await db.introspection.getTables()).find((t) => t.name === 'audit_log')!;
    expect(audit.columns.map((c) => c.name)).toContain('detail');
    const applied = await db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    expect((applied as { name: string }[]).map((row) => row.name)).toEqual([
      '2026-11-22-1-accounts',
      '2026-11-23-1-administration',
      '2026-11-24-1-retired-sessions',
      '2026-12-06-1-own-account',
      '2026-12-06-2-access-log',
      '2026-12-06-3-emergency-access',
      '2026-12-06-4-invite-login-name',
      '2026-12-07-1-profiles',
      '2026-12-07-2-files',
      '2026-12-08-1-chat',
      '2026-12-08-2-two-factor',
      '2026-12-08-3-notifications',
      '2026-12-08-4-session-place',
      '2026-12-09-1-page-versions',
      '2026-12-10-1-rooms',
      '2026-12-10-2-desks',
      '2026-12-10-3-insight',
      '2026-12-11-1-read-receipts',
      '2026-12-12-2-push',
      '2026-12-12-3-push-settings',
      '2026-12-12-4-chat-notifications',
      '2026-12-13-1-digest',
      '2026-12-14-1-notification-choices',
      '2026-12-15-1-read-confirmations',
    ]);
    for (const table of ['insight_active_weeks', 'insight_page_reads']) expect(tables).toContain(table);
    expect(tables).toContain('retired_sessions');
    expect(tables).toContain('password_resets');
    for (const table of ['access_log', 'access_log_client_sets', 'access_log_anchor']) expect(tables).toContain(table);
    expect(tables).toContain('files');
    const sessions = (await db.introspection.getTables()).find((t) => t.name === 'sessions')!;
    expect(sessions.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['user_agent', 'last_seen_at']));
  });

  it('is safe to run again, and keeps the data', async () => {
    await migrate(db);
    const accounts = new Accounts(db);
    await accounts.createOrganisation('org', 'Org');
    await migrate(db);
    expect(await db.selectFrom('organisations').select('name').execute()).toEqual([{ name: 'Org' }]);
  });

  it('keeps the data across a reopen of the file', async () => {
    await migrate(db);
    await new Accounts(db).createOrganisation('org', 'Org');
    await db.destroy();
    opened = openSqlite(file);
    db = opened.db;
    await migrate(db);
    expect(await db.selectFrom('organisations').select('name').execute()).toEqual([{ name: 'Org' }]);
  });

  it('deleting a person deletes their sessions and memberships', async () => {
    await migrate(db);
    const accounts = new Accounts(db);
    await accounts.createOrganisation('org', 'Org');
    await accounts.createSpace({ id: 'noord', organisationId: 'org', name: 'Noord', kind: 'team' });
    const anna = await accounts.createUser({ organisationId: 'org', email: 'anna@kring.test', name: 'Anna', password: 'pw-anna-123', role: 'employee' });
    await accounts.setMembership('noord', anna.id, 'member');
    await new Sessions(db).create(anna.id);
    await db.deleteFrom('users').where('id', '=', anna.id).execute();
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('memberships').selectAll().execute()).toEqual([]);
  });

  it('refuses a session for a person who does not exist', async () => {
    await migrate(db);
    await expect(new Sessions(db).create('no-such-user')).rejects.toThrow();
  });
});
