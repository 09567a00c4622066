/**
 * The access log's hash chain: each row's hash is SHA-256 over the previous row's hash and the row itself, so a
 * changed, removed or moved row breaks the chain from there on. Pure: the appender and the check share it.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/** The "previous hash" of the very first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** One row as it is chained (the columns of `access_log` but the hashes). */
export interface ChainedRow {
  id: number;
  at: number;
  event: string;
  actorId: string | null;
  onBehalfOf: string | null;
  document: string;
  accessPoint: string;
  device: string | null;
  /** JSON array of client ids, sorted. */
  clientIds: string;
  dayKey: string | null;
}

const encoder = new TextEncoder();

/** The hash of `row` after `prevHash`. The id is hashed too: a row moved to another place no longer fits. */
export function rowHash(prevHash: string, row: ChainedRow): string {
  const fields = [row.id, row.at, row.event, row.actorId, row.onBehalfOf, row.document, row.accessPoint, row.device, row.clientIds, row.dayKey];
  return encodeHexLowerCase(sha256(encoder.encode(`${prevHash}\n${JSON.stringify(fields)}`)));
}

/** Why the chain breaks at a row. */
export type ChainBreak = 'hash' | 'previous' | 'order';

export interface ChainReport {
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** The first row that does not fit, and why: its own hash is wrong, it does not follow the row before, or its id does not come after. */
  firstBroken: { id: number; reason: ChainBreak } | null;
}

/**
 * Checks rows in id order, starting after `anchor` (the last row removed for retention, or none).
 * @param rows the table's rows with their stored hashes, in ascending id order
 */
export function verifyChain(rows: Iterable<ChainedRow & { prevHash: string; hash: string }>, anchor: { lastId: number; lastHash: string } | null): ChainReport {
  let prevHash = anchor?.lastHash ?? GENESIS_HASH;
  let prevId = anchor?.lastId ?? 0;
  let count = 0;
  for (const row of rows) {
    count++;
    // Ids are handed out one after the other: a gap is a removed row (its successor's link may have been forged).
    if (row.id !== prevId + 1) return { ok: false, rows: count, firstBroken: { id: row.id, reason: 'order' } };
    if (row.prevHash !== prevHash) return { ok: false, rows: count, firstBroken: { id: row.id, reason: 'previous' } };
    if (rowHash(prevHash, row) !== row.hash) return { ok: false, rows: count, firstBroken: { id: row.id, reason: 'hash' } };
    prevHash = row.hash;
    prevId = row.id;
  }
  return { ok: true, rows: count, firstBroken: null };
}
