/** The device's background sync over HTTP; the batch bodies are binary (@kring/protocol). */
import * as v from 'valibot';

/** GET /api/sync/changes?since. */
export const ChangesQuery = v.object({ since: v.optional(v.pipe(v.string(), v.toNumber(), v.safeInteger(), v.minValue(0)), '0') });

export interface SyncChanges {
  cursor: number;
  more: boolean;
  changes: { docName: string; seq: number }[];
}
