/**
 * The one gate every update a person sends passes before it is relayed or stored, whichever way it came in
 * (a socket's sync step 2 or update message, a batch, a handover): parse it in full, drop what carries nothing,
 * drop readers' writes, apply the content rule, then charge what is left to the person's quota; count each refusal.
 */
import * as Y from 'yjs';
import type { Access } from '@kring/access';
import type { RefusalCode } from '@kring/protocol';
import type { Principal, QuotaRefusal, QuotaWrite, SyncHooks, SyncQuota, SyncStats } from './types.ts';
import { addsNothingTo, changedKeys, metaOf, type UpdateMeta } from './updates.ts';
import { writesOf } from './writes.ts';

/** What becomes of an update: stored (with what it covers), or why not. */
export type Admission =
  | { admitted: true; meta: UpdateMeta }
  /**
   * Nothing in it: readers' clients send an empty sync step 2 too. Or, from a reader, nothing the document lacks
   * (the server's own content sent back). Not counted.
   */
  | { admitted: false; reason: 'empty' }
  /** Content from someone who may only read. Counted in `readOnlyWritesDropped`. */
  | { admitted: false; reason: 'read-only' }
  /**
   * A writer's change a content rule forbids: `refusesChange` (a poll where polls are off) or, in a judged
   * document, `refusesWrites` (another person's post); or new content as a Yjs client someone else writes as
   * (`ClientWriters`). Counted in `changesRefused`.
   */
  | { admitted: false; reason: 'refused'; code: RefusalCode };

/** Who sent the update, to which document, with what right. */
export interface Sender<P extends Principal> {
  principal: P;
  docName: string;
  access: Access;
}

/** The content rules of the sync hooks. */
export type ContentRules<P extends Principal> = Pick<SyncHooks<P>, 'refusesChange' | 'refusesWrites'>;

/**
 * Decides what happens to `update`. `doc` is the document as the server holds it when its writes are judged
 * (see `SyncHooks.judgesWrites`), else null; `known` gives the whole document as stored (to tell a reader's
 * echo of it from a write), when the caller has it at hand; `clients` says who writes as which Yjs client in the
 * document (the room's), when the caller has it at hand (see `refuseOthersClients` otherwise). Throws (whatever `Y.decodeUpdate` throws) when it is malformed, so nothing
 * malformed is ever relayed or stored; callers answer that in their own way (close 4400, batch status).
 */
export function admit<P extends Principal>(
  update: Uint8Array,
  { principal, docName, access }: Sender<P>,
  { rules, doc, stats, known, clients }: { rules: ContentRules<P>; doc: Y.Doc | null; stats: SyncStats; known?: () => Uint8Array; clients?: WritesAs },
): Admission {
  const decoded = Y.decodeUpdate(update);
  if (isEmpty(decoded)) return { admitted: false, reason: 'empty' };
  if (access !== 'write') {
    // Read only when a reader sent something, which a reader's device seldom does.
    if (known && addsNothingTo(decoded, known())) return { admitted: false, reason: 'empty' };
    stats.readOnlyWritesDropped++;
    return { admitted: false, reason: 'read-only' };
  }
  const meta = metaOf(decoded);
  const code: RefusalCode | null = rules.refusesChange?.(principal, docName, changedKeys(decoded))
    ? 'switched-off'
    : clients?.writesAsOthers(meta, principal.userId) || (doc !== null && refusesWrites(doc, decoded, principal, docName, rules))
      ? 'not-yours'
      : null;
  if (code) {
    stats.changesRefused++;
    return { admitted: false, reason: 'refused', code };
  }
  stats.updatesStored++;
  return { admitted: true, meta };
}

/** Who writes as which Yjs client in a document (a room). */
export interface WritesAs {
  writesAsOthers(meta: UpdateMeta, userId: string): boolean;
}

/**
 * The client check of `admit`, for an update admitted before its room was open (a batch decides before it opens
 * the rooms): the admission as it stands, or refused when it writes as someone else's client.
 */
export function refuseOthersClients(admission: Admission, clients: WritesAs, userId: string, stats: SyncStats): Admission {
  if (!admission.admitted || !clients.writesAsOthers(admission.meta, userId)) return admission;
  stats.updatesStored--;
  stats.changesRefused++;
  return { admitted: false, reason: 'refused', code: 'not-yours' };
}

/**
 * Charges admitted writes to the person's quota, all or none (a batch is stored whole or not at all). Returns why
 * not, or null when they may be stored. Without a quota everything passes.
 */
export function spend<P extends Principal>(
  principal: P,
  writes: readonly QuotaWrite[],
  { quota, stats }: { quota?: SyncQuota<P>; stats: SyncStats },
): QuotaRefusal | null {
  if (!quota || writes.length === 0) return null;
  const refusal = quota.spend(principal, writes);
  if (refusal) stats.refusedOverQuota++;
  return refusal;
}

/** A change to a judged document is refused when a write breaks the rules, or when its place cannot be found. */
function refusesWrites<P extends Principal>(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>, principal: P, docName: string, rules: ContentRules<P>): boolean {
  if (!rules.refusesWrites) return false;
  const change = writesOf(doc, decoded);
  return change === null || rules.refusesWrites(principal, docName, change);
}

/** An update with no new items and no deletions. */
export function isEmpty(decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}
