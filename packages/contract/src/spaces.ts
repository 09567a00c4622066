/** What a space offers its people: features, members, and who changed its documents (docs/api.md). */
import { SPACE_FEATURES, type SpaceFeature } from '@kring/access';
import * as v from 'valibot';

/** PUT /api/spaces/<spaceId>/features: features not named keep their setting. */
export const FeatureSwitches = v.object({
  features: v.record(v.picklist(SPACE_FEATURES as SpaceFeature[], `must be one of ${SPACE_FEATURES.join(', ')}`), v.boolean('must be true or false')),
});
export type FeatureSwitchesBody = v.InferInput<typeof FeatureSwitches>;

export interface SpaceFeatures {
  spaceId: string;
  features: Record<SpaceFeature, boolean>;
  canManage: boolean;
}

export interface SpaceMemberList {
  members: { id: string; name: string }[];
}

export const MAX_HISTORY = 100;

/** GET /api/documents/history?name&limit. */
export const HistoryQuery = v.object({
  name: v.string(),
  limit: v.optional(v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(MAX_HISTORY)), '20'),
});

/**
 * One change as the UI shows it: when, and by whom (null: the server itself, or an account that is gone). The
 * one answer with milliseconds instead of an ISO time: it was published so before the rule (docs/api.md).
 */
export interface DocumentChange {
  at: number;
  author: { id: string; name: string } | null;
}

export interface DocumentHistory {
  name: string;
  changes: DocumentChange[];
}
