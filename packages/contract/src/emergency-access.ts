/**
 * Emergency access (docs/privacy.md, "Emergency access"): an administrator who must read a team or client space
 * he is no member of says why; he reads it for a limited time, the space's owners see who, when, why and until when.
 */
import * as v from 'valibot';
import type { IsoTime } from './http.ts';

/** At least a few words: "nood" alone says nothing an owner or auditor can check. */
export const MIN_EMERGENCY_REASON = 10;
export const MAX_EMERGENCY_REASON = 500;

/** POST /api/spaces/<spaceId>/emergency-access. */
export const EmergencyAccessRequest = v.object({
  reason: v.pipe(
    v.string('must be text'),
    v.maxLength(MAX_EMERGENCY_REASON, `must be at most ${MAX_EMERGENCY_REASON} characters`),
    v.trim(),
    v.minLength(MIN_EMERGENCY_REASON, `must be at least ${MIN_EMERGENCY_REASON} characters`),
  ),
});
export type EmergencyAccessRequestBody = v.InferInput<typeof EmergencyAccessRequest>;

/** One declared emergency access, as the space's owners (and the administrator himself) see it. */
export interface EmergencyAccessEntry {
  id: string;
  spaceId: string;
  /** Who declared it; name null for an account that is gone. */
  by: { id: string; name: string | null };
  reason: string;
  startedAt: IsoTime;
  endsAt: IsoTime;
  /** Whether it still holds. */
  active: boolean;
}

/** POST answer (201). */
export interface EmergencyAccessAnswer {
  emergencyAccess: EmergencyAccessEntry;
}

/** GET /api/spaces/<spaceId>/emergency-access: the last 90 days, newest first. */
export interface EmergencyAccessList {
  entries: EmergencyAccessEntry[];
  /** Whether the asker may declare emergency access to this space now. */
  canDeclare: boolean;
}
