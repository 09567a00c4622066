/**
 * What every endpoint shares: the error answer with its stable codes, and reading input against a schema.
 *
 * Schemas use valibot rather than zod 4: the device imports this package too, and valibot's functions are
 * tree-shaken one by one (a small object schema is about 1 kB on the phone), where zod's classic API ships the
 * whole library and zod/mini's core is still several kB. Unknown fields are dropped (`v.object`), so nothing a
 * caller adds reaches the domain.
 */
import * as v from 'valibot';

/** Every `error.code` an endpoint answers with; code reacts to these, people are shown their own words. */
export const ERROR_CODES = [
  'no_session',
  'deactivated',
  'invalid_credentials',
  'throttled',
  'bad_request',
  'bad_cursor',
  'malformed',
  'too_large',
  'unsupported_type',
  'storage_full',
  'forbidden',
  'not_found',
  'invalid_invite',
  'login_name_taken',
  'login_name_needed',
  'self',
  'not_a_group',
  'last_admin',
  'client_in_team_space',
  'guest_needs_space',
  'unknown_space',
  'space_exists',
  'not_open',
  'started',
  'cancelled',
  'request_id_reused',
  'conflict',
  'invalid_state',
  'empty_submission',
  'changed_since_review',
  'wrong_password',
  'invalid_reset',
  'password_too_short',
  'password_too_long',
  'password_common',
  'password_personal',
  'password_guessable',
  'second_factor_required',
  'invalid_code',
  'invalid_login_token',
  'two_factor_enabled',
  'two_factor_not_enabled',
  'room_taken',
  'endpoint_not_allowed',
  'push_off',
  'bad_token',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every answer that is not 2xx. */
export interface ProblemBody {
  error: { code: ErrorCode; message: string };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads untrusted input against a schema; the message names the first field that is wrong. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}

// Only full ISO 8601 date-times with a zone: a time without one means something else on every device.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 date-time with a time zone in, milliseconds since the epoch out. */
export const isoTime = v.pipe(
  v.string(),
  v.maxLength(40),
  v.regex(ISO_TIME, 'must be an ISO 8601 date-time with a time zone, e.g. 2026-12-01T10:00:00+01:00'),
  v.transform((value: string) => Date.parse(value)),
  v.check((ms: number) => Number.isFinite(ms), 'is not a date'),
);

/** A text that is not only spaces, trimmed, of at most `max` characters. */
export const requiredText = (max: number) =>
  v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`), v.trim(), v.nonEmpty('must not be empty'));

/** A text of at most `max` characters, trimmed. */
export const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`), v.trim());

/** Times in answers are ISO 8601 strings in UTC; the server stores milliseconds. */
export type IsoTime = string;

export const iso = (ms: number): IsoTime => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): IsoTime | null => (ms === null ? null : iso(ms));

/** For code that reads input with these schemas without naming the validation library. */
export type Schema = v.GenericSchema;
export type Output<S extends Schema> = v.InferOutput<S>;
