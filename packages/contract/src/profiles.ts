/**
 * Profiles and the smoelenboek (docs/api.md, "People"). Who sees whom, and how much, is the access policy's
 * `profileView`; the server leaves out what a viewer may not see, so the device never has it.
 */
import type { OrgRole } from '@kring/access';
import * as v from 'valibot';
import { text } from './http.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Largest profile change body; anything larger is answered 413. */
export const MAX_PROFILE_BODY_BYTES = 16 * 1024;
export const MAX_ABOUT_LENGTH = 1000;
const TAG_LENGTH = 40;

/** A short label, trimmed, not empty. */
const tag = (max: number) => v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`), v.trim(), v.nonEmpty('must not be empty'));

/** A list of distinct labels (case ignored), at most `count` of at most `length` characters each. */
const tags = (count: number, length = TAG_LENGTH) =>
  v.pipe(
    v.array(tag(length), 'must be a list of texts'),
    v.maxLength(count, `must list at most ${count}`),
    v.check((list) => new Set(list.map((item) => item.toLowerCase())).size === list.length, 'lists something twice'),
  );

const weekdays = v.pipe(
  v.array(v.picklist(WEEKDAYS as unknown as Weekday[], `must be one of ${WEEKDAYS.join(', ')}`), 'must be a list of weekdays'),
  v.maxLength(7, 'must list at most 7 days'),
  v.check((days) => new Set(days).size === days.length, 'lists a day twice'),
  v.transform((days) => WEEKDAYS.filter((day) => days.includes(day))),
);

/** A phone number as people write it: digits, spaces, +, -, ( and ). */
const phone = v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number (6 to 20 digits, spaces, +, -, parentheses)')));

/** valibot takes an array for an object: a body must be a JSON object. */
const notAList = v.custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), 'must be a JSON object');

/** PATCH /api/me/profile for someone who works here or a guest: the fields the person keeps. */
const OwnProfileChangesFields = v.strictObject({
  expertise: v.optional(tags(20)),
  languages: v.optional(tags(10)),
  about: v.optional(text(MAX_ABOUT_LENGTH)),
  workingDays: v.optional(weekdays),
});
export const OwnProfileChanges = v.pipe(notAList, OwnProfileChangesFields);
export type OwnProfileChangesBody = v.InferInput<typeof OwnProfileChangesFields>;

/** PATCH /api/me/profile for a client: a minimal profile, and whether fellow clients see more than the name. */
const ClientProfileChangesFields = v.strictObject({
  languages: v.optional(tags(10)),
  about: v.optional(text(MAX_ABOUT_LENGTH)),
  shareWithClients: v.optional(v.boolean('must be true or false')),
});
export const ClientProfileChanges = v.pipe(notAList, ClientProfileChangesFields);
export type ClientProfileChangesBody = v.InferInput<typeof ClientProfileChangesFields>;

/** PATCH /api/admin/people/<userId>/profile: the fields the organisation keeps (later from HR). */
const OrganisationProfileChangesFields = v.strictObject({
  jobTitle: v.optional(v.nullable(v.pipe(text(80), v.transform((value) => value || null)))),
  locations: v.optional(tags(10, 60)),
  phone: v.optional(phone),
});
export const OrganisationProfileChanges = v.pipe(notAList, OrganisationProfileChangesFields);
export type OrganisationProfileChangesBody = v.InferInput<typeof OrganisationProfileChangesFields>;

/** Which fields are whose: the person's own, or the organisation's. */
export const OWN_FIELDS = ['expertise', 'languages', 'about', 'workingDays'] as const;
export const CLIENT_FIELDS = ['languages', 'about', 'shareWithClients'] as const;
export const ORGANISATION_FIELDS = ['jobTitle', 'locations', 'phone'] as const;

/**
 * One person as the viewer may see them. `kind` says which fields there are: a client's minimal profile has a
 * name, a photo, languages and "about me" only (and a fellow client sees those only when the client chose so);
 * the other fields are then empty.
 */
export interface Profile {
  id: string;
  name: string;
  kind: 'staff' | 'client';
  role: OrgRole;
  /** The profile photo's id (GET /api/people/<id>/photo?v=<photo>); null shows initials, also when the viewer may not see it. */
  photo: string | null;
  jobTitle: string | null;
  /** The team spaces the person is a member of, by name (kept by administrators). */
  teams: string[];
  locations: string[];
  phone: string | null;
  /** Only a login name that is an e-mail address, and never a client's. */
  email: string | null;
  expertise: string[];
  languages: string[];
  about: string;
  workingDays: Weekday[];
}

/** GET /api/people: everyone the person may see, by name. */
export interface PeopleDirectory {
  people: Profile[];
}

/** GET /api/people/<userId>, PATCH /api/admin/people/<userId>/profile. */
export interface ProfileAnswer {
  profile: Profile;
}

/** GET and PATCH /api/me/profile: the person's own profile, with what they chose and which fields they edit. */
export interface OwnProfileAnswer {
  profile: Profile;
  shareWithClients: boolean;
  editable: readonly string[];
}
