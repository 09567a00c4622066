/** Logging in, the person's own profile, and joining with an invite (docs/api.md). */
import type { Audience, MembershipRole, OrgRole, SpaceFeature, SpaceKind } from '@kring/access';
import * as v from 'valibot';
import { requiredText, type IsoTime } from './http.ts';

/**
 * A login name: an email address, or for the many clients without one a user name of 3 to 64 letters, digits,
 * dots, dashes or underscores.
 */
const LOGIN_NAME = /^(?:[^\s@]{1,64}@[^\s@]+\.[^\s@]+|[a-z0-9][a-z0-9._-]{2,63})$/i;
export function isLoginName(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length <= 254 && LOGIN_NAME.test(value.trim());
}

/** POST /api/auth/login. */
export const Login = v.object({ email: v.pipe(v.string(), v.maxLength(254)), password: v.pipe(v.string(), v.maxLength(1024)) });
export type LoginBody = v.InferInput<typeof Login>;

/**
 * POST /api/invites/<code>/accept. The login name is the invite's; `email` counts only for an invite made before
 * invites carried one.
 */
export const InviteAcceptance = v.object({
  name: requiredText(100),
  email: v.optional(v.pipe(v.string(), v.check((value) => isLoginName(value), 'must be an email address or a user name (3 to 64 letters, digits, . _ -)'))),
  password: v.pipe(v.string(), v.minLength(8, 'must be at least 8 characters'), v.maxLength(1024)),
});
export type InviteAcceptanceBody = v.InferInput<typeof InviteAcceptance>;

export interface Me {
  id: string;
  name: string;
  email: string;
  role: OrgRole;
}

export interface MySpace {
  id: string;
  name: string;
  kind: SpaceKind;
  audience: Audience;
  /** The person's membership role, or null for an organisation-wide space they are not a member of. */
  role: MembershipRole | null;
  /** The features switched on in the space, in the order of SPACE_FEATURES. */
  features: SpaceFeature[];
  /** Emergency access (docs/privacy.md): an administrator reads this space he is no member of until then. */
  emergencyUntil?: IsoTime;
}

export interface UserAnswer {
  user: Me;
}
export interface MeAnswer {
  user: Me;
  spaces: MySpace[];
  /** Ids of the conversations the person is in (one-to-ones and groups; docs/api.md, "Conversations"). */
  conversations: string[];
  /** An administrator or privacy officer who must set up (or pass) two-factor sign-in before anything else. */
  secondFactorOutstanding?: boolean;
}
export interface OkAnswer {
  ok: true;
}

/** GET /api/invites/<code>: what the invite offers, before an account exists. */
export interface InvitePreview {
  invite: {
    role: OrgRole;
    /** The login name the administrator chose; null on an invite made before invites carried one. */
    loginName: string | null;
    expiresAt: IsoTime;
    organisation: { name: string };
    spaces: { id: string; name: string; kind: SpaceKind; role: MembershipRole }[];
  };
}
