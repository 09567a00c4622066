/**
 * The authoritative data in SQL: organisations, people, sessions, spaces, memberships and the audit log.
 * Kysely keeps the queries the same on SQLite (the embedded default) and Postgres (scale-out).
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import type { MembershipRole, OrgRole, SpaceFeature, SpaceKind } from '@kring/access';
import { accessLogMigration } from '../access-log/migration.ts';
import { deskMigration, type DeskSchema } from '../desk/migration.ts';
import { roomsMigration, type RoomSchema } from '../rooms/migration.ts';

export interface OrganisationTable {
  id: string;
  name: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  organisation_id: string;
  /** Stored lower-case; unique. */
  email: string;
  name: string;
  /** argon2id (PHC string). */
  password_hash: string;
  role: OrgRole;
  /** 0 when deactivated: no login, no sessions, no sync. */
  active: number;
  created_at: number;
}

export interface SessionTable {
  /** SHA-256 of the session token, hex: the token itself is never stored. */
  id: string;
  user_id: string;
  /** Idle expiry (ms since epoch), pushed forward while the session is used. */
  expires_at: number;
  /** Creation time (ms since epoch): no session outlives the absolute lifetime from here. */
  created_at: number;
  /** The browser's User-Agent at sign-in (at most 512 characters), to name the device in "Where am I signed in". */
  user_agent: string | null;
  /** When the session was last used (ms since epoch), to the nearest few minutes; null until then. */
  last_seen_at: number | null;
  /** 1 when the person passed their second factor in this session (at login or while setting it up). */
  second_factor: Generated<number>;
  /** The organisation's name of the network the session was signed in from (`SESSION_PLACES`); never the address. */
  place: string | null;
}

/** A person's authenticator app (TOTP). */
export interface TwoFactorTable {
  user_id: string;
  /** The shared secret, encrypted with SECRETS_KEY (AES-256-GCM): a leaked database alone cannot make codes. */
  secret: string;
  /** When the person confirmed it with a first code; null while being set up (not yet asked at login). */
  enabled_at: number | null;
  /** The last 30-second step whose code was accepted: each step's code works once. */
  last_step: Generated<number>;
  created_at: number;
}

/** The ten recovery codes, each usable once; only their SHA-256 is kept. */
export interface RecoveryCodeTable {
  code_hash: string;
  user_id: string;
  used_at: number | null;
}

/** The step between password and code: a login token, valid for minutes, that the code turns into a session. */
export interface LoginChallengeTable {
  /** SHA-256 of the token, hex. */
  id: string;
  user_id: string;
  expires_at: number;
  /** Wrong codes sent with this token; the token ends after a few. */
  failures: Generated<number>;
}

/**
 * A one-time code to choose a new password: issued by an administrator (printed or read out) or sent by e-mail.
 * Only its SHA-256 is stored; it works once and only until it expires.
 */
export interface PasswordResetTable {
  id: string;
  /** SHA-256 of the code (in its canonical form), hex. */
  code_hash: string;
  user_id: string;
  /** `admin` (issued at the desk) or `email` (asked for by the person). */
  via: 'admin' | 'email';
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/**
 * A session of a person who was deactivated. The device still holds its cookie: at its next contact the server
 * recognises it, lets it hand in the work it had not yet saved (once) and tells it to delete its local copy.
 */
export interface RetiredSessionTable {
  /** The retired session's id: SHA-256 of its token, hex. */
  id: string;
  user_id: string;
  retired_at: number;
  /** After this the device is no longer recognised (ms since epoch). */
  expires_at: number;
}

export interface SpaceTable {
  id: string;
  organisation_id: string;
  name: string;
  kind: SpaceKind;
  created_at: number;
}

export interface MembershipTable {
  space_id: string;
  user_id: string;
  role: MembershipRole;
}

export interface AuditTable {
  id: number | null;
  at: number;
  user_id: string | null;
  action: string;
  /** What the action was about: an email for failed logins, a space id, a document name. */
  subject: string | null;
  /** More about the action as JSON, e.g. `{"from":"employee","to":"client"}` for a role change; null if nothing. */
  detail: string | null;
}

/** Features switched on or off in a space; a feature without a row is on. */
export interface SpaceFeatureTable {
  space_id: string;
  feature: SpaceFeature;
  /** 1 on, 0 off. */
  enabled: number;
}

export interface InviteTable {
  id: string;
  organisation_id: string;
  /** SHA-256 of the invite code, hex: the code itself is shown once, to the admin, and never stored. */
  code_hash: string;
  role: OrgRole;
  /** JSON `[{spaceId, role}]`: the memberships the new account gets. */
  memberships: string;
  /** Who the invite is for, as the admin noted it (shown to admins only). */
  note: string | null;
  /**
   * The login name the account will have, chosen by the administrator (normalised like `users.email`), so the
   * person accepting never types a login name and cannot learn which ones exist. Null on invites made before.
   */
  login_name: string | null;
  expires_at: number;
  created_by: string | null;
  created_at: number;
  used_at: number | null;
  used_by: string | null;
  revoked_at: number | null;
}

export type SubmissionStatus = 'submitted' | 'changes_requested' | 'rejected' | 'scheduled' | 'published' | 'unpublished';

export interface SubmissionTable {
  /** The submission document's id (`<spaceId>/submission/<id>`); it starts with the author's key. */
  id: string;
  space_id: string;
  /** No foreign key: a published article and its record outlive the author's account. */
  author_id: string;
  status: SubmissionStatus;
  /** The title as last seen in the document (at submission or the last decision). */
  title: string;
  /** The published page's id (`<spaceId>/page/<page_id>`), once published. */
  page_id: string | null;
  publish_at: number | null;
  unpublish_at: number | null;
  created_at: number;
  updated_at: number;
  /** The editor of the last decision. */
  decided_by: string | null;
}

export interface SubmissionCommentTable {
  id: number | null;
  submission_id: string;
  author_id: string;
  at: number;
  /** What happened with the comment: `comment`, `submit`, `request-changes`, `reject`, `publish`, `unpublish`. */
  action: string;
  text: string;
}

export interface ActivityTable {
  id: string;
  space_id: string;
  title: string;
  description: string;
  starts_at: number;
  ends_at: number | null;
  place: string;
  capacity: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  cancelled_at: number | null;
}

export type SignupStatus = 'confirmed' | 'waiting' | 'cancelled';

export interface ActivitySignupTable {
  /** Increasing: the order of the waiting list. */
  id: number | null;
  activity_id: string;
  user_id: string;
  status: SignupStatus;
  /** The client's id for the sign-up request: a retried request finds this row instead of signing up twice. */
  request_id: string;
  created_at: number;
  updated_at: number;
}

/** One row of the access log (access-log/): ids only, never names or content. */
export interface AccessLogTable {
  id: number;
  /** ms since the epoch (UTC). */
  at: number;
  event: string;
  /** The person who acted; null for the server itself. */
  actor_id: string | null;
  on_behalf_of: string | null;
  /** A document name, or `<spaceId>/members`. */
  document: string;
  access_point: string;
  /** A hash of the session used, not the session id. */
  device: string | null;
  /** JSON array of the client ids the object concerns, sorted. */
  client_ids: string;
  /** A hash of `client_ids`: the set in `access_log_client_sets`. */
  client_set: string;
  /** `<day>|<actor>|<event>|<object>` for the events kept once a day; null for the others. */
  day_key: string | null;
  prev_hash: string;
  hash: string;
}

export interface AccessLogClientSetTable {
  client_set: string;
  client_id: string;
}

/** Emergency access (docs/privacy.md): an administrator's declared reason to read a space he is no member of. */
export interface EmergencyAccessTable {
  id: string;
  space_id: string;
  user_id: string;
  /** Why, in the administrator's words: kept here, not in the access log (which holds ids only). */
  reason: string;
  started_at: number;
  ends_at: number;
}

/**
 * A person's profile for the smoelenboek (docs/privacy.md, "Profiles"). Fields the organisation keeps (job title,
 * locations, work phone: administrators now, an HR sync later) apart from those the person writes. Lists are
 * JSON arrays of strings. No row: an empty profile.
 */
export interface ProfileTable {
  user_id: string;
  job_title: string | null;
  locations: string;
  phone: string | null;
  expertise: string;
  languages: string;
  about: string;
  /** JSON array of weekdays `mon`…`sun`. */
  working_days: string;
  /** Clients only: 1 when fellow clients may see their "about me" and languages, not just their name. */
  share_with_clients: number;
  /** For the picture store to come: null shows initials. */
  photo: string | null;
  updated_at: number;
}

export interface AccessLogAnchorTable {
  id: number;
  last_id: number;
  last_hash: string;
}

/**
 * A one-to-one or group chat: a space of its own kind (`conversation` in @kring/access), whose messages live in the
 * documents `<id>/chat/<YYYY-MM>`. Its id starts with `conv_` (a space's id is a slug and never holds `_`).
 */
export interface ConversationTable {
  id: string;
  organisation_id: string;
  kind: 'direct' | 'group';
  /** A group's name; null for a one-to-one (shown as the other person's name). */
  name: string | null;
  /** A one-to-one's two user ids, sorted and joined by `|`: the same pair always finds the same conversation. */
  pair_key: string | null;
  created_by: string | null;
  created_at: number;
}

/** Who is in a conversation; leaving or being removed deletes the row (and with it all access, see docs/privacy.md). */
export interface ConversationMemberTable {
  conversation_id: string;
  user_id: string;
  added_at: number;
  /** The read marker: the time (ms) of the newest message the person has read, on any device. */
  read_until: number;
  /** 1 when the person muted the conversation. */
  muted: number;
  /** 1 when the person lets the others who do the same see how far they have read ("read by"); 0 by default. */
  shares_reading: number;
}

/** A picture uploaded for a document; its bytes are in the file store (packages/server/src/files), under `id`. */
export interface FileTable {
  /** fileId(uploaded_by, document, key): SHA-256, hex (packages/shapes/src/files.ts). */
  id: string;
  /** The document it belongs to: whoever may read that may read the file. */
  document: string;
  space_id: string;
  uploaded_by: string;
  /** The device's key, so a retried upload finds its file. */
  key: string;
  /** What the server re-encoded it to: image/jpeg, image/png or image/webp. */
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  created_at: number;
}

/**
 * What the server tells a person (docs/privacy.md, "Notifications"): derived from what it stored, once per event
 * and person (`event_key` is unique per recipient), re-checked against what the person may read when listed.
 */
export interface NotificationTable {
  id: string;
  recipient_id: string;
  /** A kind of the registry (packages/contract/src/notifications.ts). */
  kind: string;
  /** What happened, the same for every process that derives it: kind, document and item (and no time). */
  event_key: string;
  /** The document it is about, to re-check who may read it and to remove it with its post or card; null: none. */
  document: string | null;
  space_id: string | null;
  /** The item inside the document: a post id, `post/comment`, a card id. */
  subject: string | null;
  /** Who caused it; their name is read when listed, so an erased person shows as erased. */
  actor_id: string | null;
  /** A short quote (a hand-over's note, the start of a post), at most 200 characters. */
  excerpt: string;
  created_at: number;
  /** When the person read it (on any device); null: unread. */
  read_at: number | null;
  /** How many events the row stands for: new messages of one conversation since it was read (`chat-message`); else 1. */
  count: Generated<number>;
}

/** A person's choice of when pushes stay away (docs/privacy.md, "Push"); no row: the defaults (22:00–07:00). */
export interface PushSettingsTable {
  user_id: string;
  quiet_on: number;
  /** `HH:MM`, Europe/Amsterdam. */
  quiet_from: string;
  quiet_until: string;
  updated_at: number;
}

/** Who wants the e-mail digest, how often, and when the last one went (docs/privacy.md, "E-mail digest"). */
export interface DigestSettingsTable {
  user_id: string;
  /** `daily` or `weekly`; a person without a row (or `off`) gets none. */
  frequency: string;
  /** When the last digest was sent (or taken on by a process): what the next one counts from. */
  last_sent_at: number | null;
  updated_at: number;
}

/**
 * A topic of notifications a person changed from the default (all on): on which channels they want it (1) or not
 * (0). A person without a row for a topic gets it everywhere (notifications/choices.ts).
 */
export interface NotificationChoiceTable {
  user_id: string;
  topic: string;
  inbox: number;
  push: number;
  email: number;
  updated_at: number;
}

/** A space a person muted: only what is addressed to them by name comes from it (notifications/choices.ts). */
export interface SpaceMuteTable {
  user_id: string;
  space_id: string;
  muted_at: number;
}

/**
 * One device's Web Push subscription (docs/privacy.md, "Push"): the push service's address for that device and
 * the keys to encrypt for it. The endpoint is the device's: subscribing it again moves it to whoever is signed in.
 */
export interface PushSubscriptionTable {
  endpoint: string;
  user_id: string;
  /** The session that subscribed it: signing out, or the session ending any other way, ends the subscription. */
  session_id: string;
  /** The device's public key (P-256, base64url) and its authentication secret (base64url). */
  p256dh: string;
  auth: string;
  created_at: number;
}

/**
 * A protocol in a handbook space (a page with an owner, an approver, a review date and a status). The approved
 * version is one of the page's saved versions in the document store; readers of the space see that one.
 */
export interface PageControlTable {
  /** The page's document name, `<spaceId>/page/<docId>`. */
  document: string;
  space_id: string;
  status: 'draft' | 'in_review' | 'approved';
  owner_id: string | null;
  approver_id: string | null;
  /** YYYY-MM-DD. */
  review_on: string | null;
  approved_version_id: number | null;
  approved_at: number | null;
  approved_by: string | null;
  updated_at: number;
  /** Who must read it: JSON, `"space"` or a list of organisation roles; null: nobody. */
  must_read: string | null;
}

/** That a person confirmed having read an approved version of a protocol (versions/read-confirmations.ts). */
export interface ReadConfirmationTable {
  document: string;
  space_id: string;
  user_id: string;
  version_id: number;
  /** When the server heard it. */
  confirmed_at: number;
}

/** Community insight (insight/): that a person used Kring in a week; only ever counted, never listed. */
export interface InsightActiveWeekTable {
  /** The week's Monday (UTC), YYYY-MM-DD. */
  week: string;
  user_id: string;
}

/** Community insight: that a person opened a news article or an approved protocol (first time only). */
export interface InsightPageReadTable {
  document: string;
  space_id: string;
  user_id: string;
  read_at: number;
}

export interface Schema extends DeskSchema, RoomSchema {
  page_controls: PageControlTable;
  read_confirmations: ReadConfirmationTable;
  insight_active_weeks: InsightActiveWeekTable;
  insight_page_reads: InsightPageReadTable;
  notifications: NotificationTable;
  push_subscriptions: PushSubscriptionTable;
  push_settings: PushSettingsTable;
  digest_settings: DigestSettingsTable;
  notification_choices: NotificationChoiceTable;
  space_mutes: SpaceMuteTable;
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  retired_sessions: RetiredSessionTable;
  password_resets: PasswordResetTable;
  spaces: SpaceTable;
  memberships: MembershipTable;
  audit_log: AuditTable;
  space_features: SpaceFeatureTable;
  invites: InviteTable;
  submissions: SubmissionTable;
  submission_comments: SubmissionCommentTable;
  activities: ActivityTable;
  activity_signups: ActivitySignupTable;
  access_log: AccessLogTable;
  access_log_client_sets: AccessLogClientSetTable;
  access_log_anchor: AccessLogAnchorTable;
  emergency_access: EmergencyAccessTable;
  files: FileTable;
  profiles: ProfileTable;
  two_factor: TwoFactorTable;
  recovery_codes: RecoveryCodeTable;
  login_challenges: LoginChallengeTable;
  conversations: ConversationTable;
  conversation_members: ConversationMemberTable;
}

export type KringDb = Kysely<Schema>;

const migrations: Record<string, Migration> = {
  '2026-11-22-1-accounts': {
    async up(db) {
      await db.schema
        .createTable('organisations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('spaces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['space_id', 'user_id'])
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .execute();
    },
  },
  '2026-11-23-1-administration': {
    async up(db) {
      await db.schema.alterTable('audit_log').addColumn('detail', 'text').execute();
      await db.schema
        .createTable('space_features')
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('feature', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('space_features_pk', ['space_id', 'feature'])
        .execute();
      await db.schema
        .createTable('invites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('memberships', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .addColumn('used_by', 'text')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createTable('submissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id'))
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('page_id', 'text')
        .addColumn('publish_at', 'bigint')
        .addColumn('unpublish_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .execute();
      await db.schema.createIndex('submissions_author').on('submissions').column('author_id').execute();
      await db.schema.createIndex('submissions_space_status').on('submissions').columns(['space_id', 'status']).execute();
      await db.schema
        .createTable('submission_comments')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('submission_comments_submission').on('submission_comments').column('submission_id').execute();
      await db.schema
        .createTable('activities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint')
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('cancelled_at', 'bigint')
        .execute();
      await db.schema.createIndex('activities_space_start').on('activities').columns(['space_id', 'starts_at']).execute();
      await db.schema
        .createTable('activity_signups')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('activity_signups_request').on('activity_signups').columns(['user_id', 'request_id']).unique().execute();
      // At most one live sign-up per person and activity, whatever the requests.
      await db.schema
        .createIndex('activity_signups_live')
        .on('activity_signups')
        .columns(['activity_id', 'user_id'])
        .unique()
        .where(sql.ref('status'), '<>', 'cancelled')
        .execute();
      await db.schema.createIndex('activity_signups_activity').on('activity_signups').columns(['activity_id', 'status', 'id']).execute();
    },
  },
  '2026-11-24-1-retired-sessions': {
    async up(db) {
      await db.schema
        .createTable('retired_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('retired_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('retired_sessions_user').on('retired_sessions').column('user_id').execute();
    },
  },
  '2026-12-06-1-own-account': {
    async up(db) {
      await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('last_seen_at', 'bigint').execute();
      await db.schema
        .createTable('password_resets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
    },
  },
  '2026-12-06-2-access-log': accessLogMigration,
  '2026-12-06-3-emergency-access': {
    async up(db) {
      await db.schema
        .createTable('emergency_access')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('emergency_access_user').on('emergency_access').columns(['user_id', 'ends_at']).execute();
      await db.schema.createIndex('emergency_access_space').on('emergency_access').columns(['space_id', 'started_at']).execute();
    },
  },
  '2026-12-06-4-invite-login-name': {
    async up(db) {
      await db.schema.alterTable('invites').addColumn('login_name', 'text').execute();
    },
  },
  '2026-12-07-1-profiles': {
    async up(db) {
      await db.schema
        .createTable('profiles')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('job_title', 'text')
        .addColumn('locations', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('phone', 'text')
        .addColumn('expertise', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('about', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('working_days', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('share_with_clients', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('photo', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-07-2-files': {
    async up(db) {
      await db.schema
        .createTable('files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('space_id', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('files_uploader').on('files').column('uploaded_by').execute();
      await db.schema.createIndex('files_document').on('files').column('document').execute();
    },
  },
  '2026-12-08-1-chat': {
    async up(db) {
      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('pair_key', 'text', (c) => c.unique())
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('conversation_members')
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('added_at', 'bigint', (c) => c.notNull())
        .addColumn('read_until', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
        .execute();
      await db.schema.createIndex('conversation_members_user').on('conversation_members').column('user_id').execute();
    },
  },
  '2026-12-08-2-two-factor': {
    async up(db) {
      await db.schema.alterTable('sessions').addColumn('second_factor', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema
        .createTable('two_factor')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enabled_at', 'bigint')
        .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('recovery_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();
      await db.schema
        .createTable('login_challenges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '2026-12-08-4-session-place': {
    async up(db) {
      await db.schema.alterTable('sessions').addColumn('place', 'text').execute();
    },
  },
  '2026-12-08-3-notifications': {
    async up(db) {
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('event_key', 'text', (c) => c.notNull())
        .addColumn('document', 'text')
        .addColumn('space_id', 'text')
        .addColumn('subject', 'text')
        .addColumn('actor_id', 'text')
        .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('read_at', 'bigint')
        .addUniqueConstraint('notifications_once', ['recipient_id', 'event_key'])
        .execute();
      await db.schema.createIndex('notifications_inbox').on('notifications').columns(['recipient_id', 'created_at']).execute();
      await db.schema.createIndex('notifications_subject').on('notifications').columns(['document', 'subject']).execute();
    },
  },
  '2026-12-09-1-page-versions': {
    async up(db) {
      await db.schema
        .createTable('page_controls')
        .addColumn('document', 'text', (c) => c.primaryKey())
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('approver_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('review_on', 'text')
        .addColumn('approved_version_id', 'integer')
        .addColumn('approved_at', 'bigint')
        .addColumn('approved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('page_controls_space').on('page_controls').column('space_id').execute();
    },
  },
  '2026-12-10-1-rooms': roomsMigration,
  '2026-12-10-2-desks': deskMigration,
  '2026-12-10-3-insight': {
    async up(db) {
      await db.schema
        .createTable('insight_active_weeks')
        .addColumn('week', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('insight_active_weeks_pk', ['week', 'user_id'])
        .execute();
      await db.schema.createIndex('insight_active_weeks_user').on('insight_active_weeks').column('user_id').execute();
      await db.schema
        .createTable('insight_page_reads')
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('space_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('read_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('insight_page_reads_pk', ['document', 'user_id'])
        .execute();
      await db.schema.createIndex('insight_page_reads_user').on('insight_page_reads').column('user_id').execute();
    },
  },
  '2026-12-11-1-read-receipts': {
    async up(db) {
      await db.schema.alterTable('conversation_members').addColumn('shares_reading', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '2026-12-12-2-push': {
    async up(db) {
      await db.schema
        .createTable('push_subscriptions')
        .addColumn('endpoint', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
        .addColumn('p256dh', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('push_subscriptions_user').on('push_subscriptions').column('user_id').execute();
      await db.schema.createIndex('push_subscriptions_session').on('push_subscriptions').column('session_id').execute();
    },
  },
  '2026-12-12-3-push-settings': {
    async up(db) {
      await db.schema
        .createTable('push_settings')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('quiet_on', 'integer', (c) => c.notNull())
        .addColumn('quiet_from', 'text', (c) => c.notNull())
        .addColumn('quiet_until', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-12-4-chat-notifications': {
    async up(db) {
      await db.schema.alterTable('notifications').addColumn('count', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    },
  },
  '2026-12-13-1-digest': {
    async up(db) {
      await db.schema
        .createTable('digest_settings')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('frequency', 'text', (c) => c.notNull())
        .addColumn('last_sent_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-14-1-notification-choices': {
    async up(db) {
      await db.schema
        .createTable('notification_choices')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('inbox', 'integer', (c) => c.notNull())
        .addColumn('push', 'integer', (c) => c.notNull())
        .addColumn('email', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('notification_choices_pk', ['user_id', 'topic'])
        .execute();
      // Who turned a topic off is asked per topic, for every notification made.
      await db.schema.createIndex('notification_choices_topic').on('notification_choices').columns(['topic', 'user_id']).execute();
      await db.schema
        .createTable('space_mutes')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('muted_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('space_mutes_pk', ['space_id', 'user_id'])
        .execute();
      await db.schema.createIndex('space_mutes_user').on('space_mutes').column('user_id').execute();
    },
  },
  '2026-12-15-1-read-confirmations': {
    async up(db) {
      await db.schema.alterTable('page_controls').addColumn('must_read', 'text').execute();
      await db.schema
        .createTable('read_confirmations')
        .addColumn('document', 'text', (c) => c.notNull())
        // Gone with its space.
        .addColumn('space_id', 'text', (c) => c.notNull().references('spaces.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('version_id', 'integer', (c) => c.notNull())
        .addColumn('confirmed_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('read_confirmations_pk', ['document', 'user_id', 'version_id'])
        .execute();
      // "What must I still read" is asked per person.
      await db.schema.createIndex('read_confirmations_user').on('read_confirmations').columns(['user_id', 'document']).execute();
    },
  },
};

/** Brings the schema up to date. Safe to run on every start. */
export async function migrate(db: KringDb): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

/**
 * Opens (creating if needed) the SQLite database file. WAL with synchronous=FULL: a committed transaction
 * survives a crash of the process and a power cut. The same connection serves Kysely and the document store.
 */
export function openSqlite(file: string): { sqlite: SQLite.Database; db: KringDb } {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Freed bytes are overwritten with zeros: an erased name or ended session leaves no readable copy in the file.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, db };
}

export { sql };
