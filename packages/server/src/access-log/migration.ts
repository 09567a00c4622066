/**
 * The access log's tables (NEN 7513; docs/privacy.md, "Who read it"). Append-only: the database refuses to
 * change a row, and every row carries the hash of the one before, so a removed, changed or moved row is found
 * by `pnpm run access-log:verify`.
 */
import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';

export const accessLogMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('access_log')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('on_behalf_of', 'text')
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('access_point', 'text', (c) => c.notNull())
      .addColumn('device', 'text')
      .addColumn('client_ids', 'text', (c) => c.notNull())
      .addColumn('client_set', 'text', (c) => c.notNull())
      .addColumn('day_key', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    // One read (or change) per person, document and day, across processes.
    await db.schema.createIndex('access_log_day_key').on('access_log').column('day_key').unique().where(sql.ref('day_key'), 'is not', null).execute();
    await db.schema.createIndex('access_log_document').on('access_log').columns(['document', 'id']).execute();
    await db.schema.createIndex('access_log_actor').on('access_log').columns(['actor_id', 'id']).execute();
    await db.schema.createIndex('access_log_at').on('access_log').column('at').execute();
    await db.schema.createIndex('access_log_client_set').on('access_log').columns(['client_set', 'id']).execute();
    // Which clients a set of clients holds, to find "who looked at Mevrouw X's information" by index. A space's
    // clients are one set until its members change: an entry names its set, not every client again.
    await db.schema
      .createTable('access_log_client_sets')
      .addColumn('client_set', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('access_log_client_sets_pk', ['client_id', 'client_set'])
      .execute();
    // Where the chain starts after old rows were removed for retention: the last removed row's id and hash.
    await db.schema
      .createTable('access_log_anchor')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('last_id', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .execute();
    await sql`CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER access_log_client_sets_no_update BEFORE UPDATE ON access_log_client_sets BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END`.execute(db);
  },
};
