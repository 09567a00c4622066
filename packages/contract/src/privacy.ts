/** The privacy officer's API (`/api/privacy`): whom to choose, and erasing a person (AVG art. 17). */
import * as v from 'valibot';
import type { OrgRole } from '@kring/access';

/** POST /api/privacy/erasures body. */
export const ErasureRequest = v.object({
  personId: v.pipe(v.string('must be a person id'), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a person id')),
});
export type ErasureRequestBody = v.InferInput<typeof ErasureRequest>;

export interface PrivacyPerson {
  id: string;
  name: string;
  role: OrgRole;
  active: boolean;
}

/** GET /api/privacy/people */
export interface PrivacyPeopleAnswer {
  people: PrivacyPerson[];
}

/** POST /api/privacy/erasures: what was taken out of how many feeds. */
export interface ErasureAnswer {
  erasure: { personId: string; documents: number; posts: number; comments: number; likes: number; votes: number; messages: number };
}
