import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Accounts } from '../accounts/accounts.ts';
import { migrate, openSqlite, type KringDb } from '../db/schema.ts';
import { AccessLog } from './access-log.ts';

const VERIFY = fileURLToPath(new URL('./verify.ts', import.meta.url));
const MODULE = fileURLToPath(new URL('./access-log.ts', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../db/schema.ts', import.meta.url));

/** A database file with an organisation, a client space with two clients, and a team space. */
async function setUp(): Promise<{ file: string; db: KringDb; ids: { anna: string; daan: string; eva: string } }> {
  const dir = mkdtempSync(join(tmpdir(), 'kring-access-log-'));
  const file = join(dir, 'kring.sqlite');
  const { db } = openSqlite(file);
  onTestFinished(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrate(db);
  const accounts = new Accounts(db);
  await accounts.createOrganisation('org', 'Org');
  await accounts.createSpace({ id: 'plein', organisationId: 'org', name: 'Plein', kind: 'client' });
  await accounts.createSpace({ id: 'noord', organisationId: 'org', name: 'Noord', kind: 'team' });
  const person = (name: string, role: 'employee' | 'client') =>
    accounts.createUserWithHash({ organisationId: 'org', email: `${name}@kring.test`, name, passwordHash: 'x', role });
  const [anna, daan, eva] = await Promise.all([person('anna', 'employee'), person('daan', 'client'), person('eva', 'client')]);
  for (const user of [anna, daan, eva]) await accounts.setMembership('plein', user.id, 'member');
  await accounts.setMembership('noord', anna.id, 'member');
  return { file, db, ids: { anna: anna.id, daan: daan.id, eva: eva.id } };
}

const grants = { plein: { kind: 'client', role: 'member' }, noord: { kind: 'team', role: 'member' } } as const;

function verifyCommand(file: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [VERIFY, file], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Opens the file as an intruder with write access to it would: the append-only trigger is no obstacle to them. */
function tamper(file: string, change: (sqlite: SQLite.Database) => void): void {
  const sqlite = new SQLite(file);
  sqlite.exec('DROP TRIGGER IF EXISTS access_log_no_update');
  change(sqlite);
  sqlite.close();
}

async function fiveRows(log: AccessLog, annaId: string): Promise<void> {
  for (let i = 0; i < 5; i++) log.noteDocument({ id: annaId, spaces: grants }, 'sessie', `plein/page/p${i}`, 'read', 'socket');
  await log.flushed();
}

// Several tests start the verify command or other processes: a budget for a busy machine, not a timing claim.
describe('AccessLog', { timeout: 30_000 }, () => {
  it('keeps emergency access and exports in any space, reads under emergency access too, and an export concerns whom it names', async () => {
    const { file, db, ids } = await setUp();
    const log = new AccessLog(db);
    log.note({ event: 'emergency', actorId: ids.anna, object: 'noord/emergency/e1', spaceId: 'noord', accessPoint: 'api', always: true });
    log.noteDocument({ id: ids.anna, spaces: { noord: { kind: 'team', role: 'reader', emergencyUntil: Date.now() + 60_000 } } }, 's', 'noord/page/p', 'read', 'batch');
    log.note({ event: 'export', actorId: ids.daan, object: `person/export/${ids.daan}`, spaceId: 'person', accessPoint: 'api', always: true, clientIds: [ids.daan] });
    // Without `always`, a team space's note is still dropped.
    log.note({ event: 'export', actorId: ids.anna, object: 'noord/export/all', spaceId: 'noord', accessPoint: 'api' });
    await log.flushed();
    const rows = (await log.entries({ person: ids.anna, limit: 10 })).map((row) => `${row.event} ${row.object} ${row.clientIds.length}`);
    expect(rows.sort()).toEqual(['emergency noord/emergency/e1 0', 'read noord/page/p 0']);
    const aboutDaan = await log.aboutClient(ids.daan, 10);
    expect(aboutDaan).toEqual([]);
    expect((await log.entries({ person: ids.daan, limit: 10 })).map((row) => [row.event, row.clientIds])).toEqual([['export', [ids.daan]]]);
    expect(verifyCommand(file).status).toBe(0);
  });

  it('logs client-space documents with the clients they concern, and nothing of a team space', async () => {
    const { db, ids } = await setUp();
    const log = new AccessLog(db);
    log.noteDocument({ id: ids.anna, spaces: grants }, 'sessie', 'plein/feed/2026-12', 'read', 'socket');
    log.noteDocument({ id: ids.anna, spaces: grants }, 'sessie', 'noord/page/zorgplan', 'read', 'socket');
    await log.flushed();
    const entries = await log.entries({ person: ids.daan, limit: 10 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ event: 'read', actorId: ids.anna, object: 'plein/feed/2026-12', accessPoint: 'socket', clientIds: [ids.daan, ids.eva].sort() });
    expect(entries[0].device).toMatch(/^[0-9a-f]{16}$/);
    expect(await log.entries({ document: 'noord/page/zorgplan', limit: 10 })).toEqual([]);
  });

  it('keeps one read per person, document and day, and a new one the next day', async () => {
    const { db, ids } = await setUp();
    let now = Date.UTC(2026, 11, 6, 9);
    const log = new AccessLog(db, { now: () => now });
    for (let i = 0; i < 50; i++) log.noteDocument({ id: ids.anna, spaces: grants }, 'sessie', 'plein/feed/2026-12', 'read', i % 2 ? 'socket' : 'batch');
    log.noteDocument({ id: ids.anna, spaces: grants }, 'sessie', 'plein/feed/2026-12', 'change', 'socket');
    await log.flushed();
    // A second process (a new log on the same database) knows nothing of the first's memory: the database decides.
    const other = new AccessLog(db, { now: () => now });
    other.noteDocument({ id: ids.anna, spaces: grants }, 'sessie', 'plein/feed/2026-12', 'read', 'socket');
    await other.flushed();
    expect((await log.entries({ document: 'plein/feed/2026-12', limit: 100 })).map((e) => e.event).sort()).toEqual(['change', 'read']);
    now += 24 * 60 * 60 * 1000;
    log.noteDocument({ id: ids.anna, spaces: grants }, 'sessie', 'plein/feed/2026-12', 'read', 'socket');
    await log.flushed();
    expect((await log.entries({ document: 'plein/feed/2026-12', limit: 100 })).filter((e) => e.event === 'read')).toHaveLength(2);
    expect((await log.verify()).ok).toBe(true);
  });

  it("shows a client who else read about them, not their own reads", async () => {
    const { db, ids } = await setUp();
    const log = new AccessLog(db);
    log.noteDocument({ id: ids.anna, spaces: grants }, null, 'plein/page/a', 'read', 'socket');
    log.noteDocument({ id: ids.daan, spaces: grants }, null, 'plein/page/a', 'read', 'socket');
    log.noteDocument({ id: ids.eva, spaces: grants }, null, 'plein/page/a', 'read', 'socket');
    await log.flushed();
    expect((await log.aboutClient(ids.daan, 10)).map((e) => e.actorId).sort()).toEqual([ids.anna, ids.eva].sort());
  });

  it('refuses to change a row', async () => {
    const { file, db, ids } = await setUp();
    const log = new AccessLog(db);
    await fiveRows(log, ids.anna);
    const sqlite = new SQLite(file);
    onTestFinished(() => {
      sqlite.close();
    });
    expect(() => sqlite.prepare("UPDATE access_log SET actor_id = 'iemand' WHERE id = 2").run()).toThrow(/append-only/);
  });

  it('the verify command passes an intact chain', async () => {
    const { file, db, ids } = await setUp();
    await fiveRows(new AccessLog(db), ids.anna);
    expect(verifyCommand(file)).toEqual({ status: 0, output: 'Access log intact: 5 rows checked.\n' });
  });

  it('the verify command names a changed row', async () => {
    const { file, db, ids } = await setUp();
    await fiveRows(new AccessLog(db), ids.anna);
    tamper(file, (sqlite) => sqlite.prepare("UPDATE access_log SET actor_id = 'iemand-anders' WHERE id = 3").run());
    const result = verifyCommand(file);
    expect(result.status).toBe(1);
    expect(result.output).toContain('BROKEN at row 3: its contents do not match');
  });

  it('the verify command finds a removed row, also when the next row was re-linked', async () => {
    const { file, db, ids } = await setUp();
    await fiveRows(new AccessLog(db), ids.anna);
    tamper(file, (sqlite) => sqlite.prepare('DELETE FROM access_log WHERE id = 2').run());
    expect(verifyCommand(file)).toMatchObject({ status: 1, output: expect.stringContaining('BROKEN at row 3') });
    // Renumbering the rest and re-linking the next row does not hide it: every later hash covers the old numbers.
    tamper(file, (sqlite) => {
      sqlite.prepare('UPDATE access_log SET id = id - 1 WHERE id > 2').run();
      sqlite.prepare("UPDATE access_log SET prev_hash = (SELECT hash FROM access_log WHERE id = 1) WHERE id = 2").run();
    });
    expect(verifyCommand(file)).toMatchObject({ status: 1, output: expect.stringContaining('BROKEN at row 2: its contents do not match') });
  });

  it('the verify command finds two rows swapped', async () => {
    const { file, db, ids } = await setUp();
    await fiveRows(new AccessLog(db), ids.anna);
    tamper(file, (sqlite) => {
      sqlite.prepare('UPDATE access_log SET id = 100 WHERE id = 2').run();
      sqlite.prepare('UPDATE access_log SET id = 2 WHERE id = 4').run();
      sqlite.prepare('UPDATE access_log SET id = 4 WHERE id = 100').run();
    });
    expect(verifyCommand(file)).toMatchObject({ status: 1, output: expect.stringContaining('BROKEN at row 2') });
  });

  it('removes rows past the retention period and the chain still checks from there', async () => {
    const { file, db, ids } = await setUp();
    let now = Date.UTC(2020, 0, 1);
    const log = new AccessLog(db, { now: () => now, retentionDays: 30 });
    await fiveRows(log, ids.anna);
    now = Date.UTC(2020, 2, 1);
    log.noteDocument({ id: ids.eva, spaces: grants }, null, 'plein/page/later', 'read', 'socket');
    await log.flushed();
    expect(await log.prune()).toBe(5);
    expect((await log.entries({ person: ids.daan, limit: 10 })).map((e) => e.object)).toEqual(['plein/page/later']);
    expect(verifyCommand(file)).toEqual({ status: 0, output: 'Access log intact: 1 rows checked.\n' });
    // Removing the first remaining row is still found: the anchor says where the chain goes on.
    log.noteDocument({ id: ids.eva, spaces: grants }, null, 'plein/page/nog-later', 'read', 'socket');
    await log.flushed();
    tamper(file, (sqlite) => sqlite.prepare('DELETE FROM access_log WHERE id = 6').run());
    expect(verifyCommand(file)).toMatchObject({ status: 1, output: expect.stringContaining('BROKEN at row 7') });
  });

  it('stays one chain when two processes append at the same time', async () => {
    const { file, db, ids } = await setUp();
    const script = `
      import { openSqlite } from ${JSON.stringify(SCHEMA)};
      import { AccessLog } from ${JSON.stringify(MODULE)};
      const { db } = openSqlite(${JSON.stringify(file)});
      const log = new AccessLog(db);
      const grants = ${JSON.stringify(grants)};
      for (let i = 0; i < 200; i++) {
        log.noteDocument({ id: process.argv[1], spaces: grants }, null, 'plein/page/p' + i + '-' + process.pid, 'read', 'batch');
        if (i % 20 === 0) await log.flushed();
      }
      await log.flushed();
      await db.destroy();`;
    const run = (actor: string) =>
      new Promise<number | null>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', script, actor], { stdio: 'inherit' }).on('exit', resolve));
    expect(await Promise.all([run(ids.anna), run(ids.eva)])).toEqual([0, 0]);
    const report = await new AccessLog(db).verify();
    expect(report).toEqual({ ok: true, rows: 400, firstBroken: null });
  });
});
