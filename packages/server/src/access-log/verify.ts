/**
 * `pnpm run access-log:verify [<database file>]`: checks the access log's hash chain and names the first row that
 * does not fit. The file defaults to `$DATA_DIR/kring.sqlite` (DATA_DIR default ./data). Exit code 0 when the
 * chain is whole, 1 when it is broken, 2 when the database cannot be read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from '../db/schema.ts';
import { AccessLog } from './access-log.ts';

const REASONS = {
  hash: 'its contents do not match its hash (changed)',
  previous: 'it does not follow the row before it (a row before it was changed or removed)',
  order: 'its number does not follow the row before it (removed or moved rows)',
} as const;

const file = process.argv[2] ?? join(process.env.DATA_DIR || './data', 'kring.sqlite');
if (!existsSync(file)) {
  console.error(`No database at ${file}`);
  process.exit(2);
}
const { db } = openSqlite(file);
try {
  const report = await new AccessLog(db).verify();
  if (report.ok) {
    console.log(`Access log intact: ${report.rows} rows checked.`);
  } else {
    const { id, reason } = report.firstBroken!;
    console.log(`Access log BROKEN at row ${id}: ${REASONS[reason]}.`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error('Could not read the access log:', error);
  process.exitCode = 2;
} finally {
  await db.destroy();
}
