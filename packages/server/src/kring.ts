/**
 * The server side Kring runs on: the database, accounts and sessions, login throttling, the document store, the
 * sync server and the events between them. Opened once per process (`processServices`), by the app
 * (web/main.ts, or on first use under `vite dev`) or by the standalone sync server (sync-main.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteDocumentStore, type DocumentStore } from '@kring/storage';
import { SyncServer, type SyncLimits } from '@kring/sync-server';
import { OwnAccount } from './account/own-account.ts';
import { PasswordResets } from './account/password-resets.ts';
import { secretBoxFor } from './account/secret-box.ts';
import { TwoFactor } from './account/two-factor.ts';
import { AccessLog, DEFAULT_RETENTION_DAYS } from './access-log/access-log.ts';
import { AccessOverview } from './access-log/overview.ts';
import { Accounts } from './accounts/accounts.ts';
import { Conversations } from './conversations/conversations.ts';
import { Activities } from './activities/activities.ts';
import { Desks } from './desk/desk.ts';
import { Rooms } from './rooms/rooms.ts';
import { migrate, openSqlite, type KringDb } from './db/schema.ts';
import { DEMO_ADMIN_EMAIL, seedDemo } from './demo/accounts.ts';
import { seedDemoContent } from './demo/index.ts';
import { Editorial } from './editorial/editorial.ts';
import { Exports } from './export/exports.ts';
import { Files } from './files/files.ts';
import { FsFileStore, type FileStore } from './files/store.ts';
import { DEFAULT_EMERGENCY_MINUTES, EmergencyAccess } from './emergency/emergency-access.ts';
import { startEditorialClock } from './editorial/publishing.ts';
import { EventBus } from './events/bus.ts';
import { Insight } from './insight/insight.ts';
import { Invites } from './invites/invites.ts';
import { Notifications } from './notifications/notifications.ts';
import { DEFAULT_REMINDER_CHECK_MS, DEFAULT_REMINDER_HOUR, Reminders } from './notifications/reminders.ts';
import { Push, PushOrigins, vapidKeysFor } from './push/push.ts';
import { People } from './people/people.ts';
import { Profiles } from './profiles/profiles.ts';
import { SessionPlaces } from './sessions/places.ts';
import { Erasures } from './privacy/erasures.ts';
import { Sessions, type SessionOptions } from './sessions/sessions.ts';
import { LoginThrottle } from './sessions/throttle.ts';
import { mailerFor, type Mailer } from './mail/mailer.ts';
import { DEFAULT_DIGEST_CHECK_MS, DEFAULT_DIGEST_HOUR, Digests } from './digest/digest.ts';
import { Quotas, type QuotaLimits } from './quotas/quotas.ts';
import { Spaces } from './spaces/spaces.ts';
import { PageVersions } from './versions/page-versions.ts';
import { ReadConfirmations } from './versions/read-confirmations.ts';
import { accountHooks, type AccountPrincipal } from './sync/hooks.ts';

export interface KringConfig {
  /** Folder for the SQLite database (created if missing). */
  dataDir: string;
  /**
   * Postgres for the documents (`DATABASE_URL`, postgres://user:password@host:5432/kring): their updates,
   * snapshots and versions. Without it they live in the SQLite file. Accounts and the other tables stay in SQLite
   * for now (docs/architecture.md, "Storage").
   */
  databaseUrl?: string;
  /** The app's public origin, e.g. https://intranet.example.org. Sessions use Secure cookies when https. */
  origin?: string;
  /** Seed the demo organisation on an empty database. */
  demo: boolean;
  sessions?: Partial<SessionOptions>;
  limits?: Partial<SyncLimits>;
  /** Each person's and space's allowances; the defaults (DEFAULT_QUOTAS) are explained in docs/api.md. */
  quotas?: Partial<QuotaLimits>;
  /**
   * Run the editorial clock (publish and unpublish dates) in this process. Default true; the standalone sync
   * server leaves it to the app, so two processes never move the same article.
   */
  editorialClock?: boolean;
  /**
   * Judge who wrote what in feeds (docs/privacy.md, "Who said it"). Default true; false only for the benchmark,
   * which compares the server's CPU per update with and without the checks.
   */
  authorshipChecks?: boolean;
  /**
   * Charge writes and sockets to the quotas. Default true; false only for the benchmark, which measures what the
   * quotas cost the relay and the offline day (`BENCH_WITHOUT_QUOTAS`).
   */
  quotasOn?: boolean;
  /** SMTP server for e-mail (password reset links), e.g. smtp://mail.example.org:587; without it no mail is sent (in demo mode it goes to stderr). */
  smtpUrl?: string;
  /** The sender of e-mail, e.g. `Kring <kring@example.org>`. */
  mailFrom?: string;
  /** Days the access log keeps a row (`ACCESS_LOG_RETENTION_DAYS`; default five years). */
  accessLogRetentionDays?: number;
  /**
   * Keep the access log (docs/privacy.md, "Who read it"). Default true; false only for the benchmark, which
   * measures what the log costs the relay and the offline day (`BENCH_WITHOUT_ACCESS_LOG`).
   */
  accessLogOn?: boolean;
  /** How long a declared emergency access holds, in minutes (`EMERGENCY_ACCESS_MINUTES`; default four hours). */
  emergencyAccessMinutes?: number;
  /** Largest picture upload in bytes (`FILE_MAX_BYTES`; default 10 MB). */
  fileMaxBytes?: number;
  /** Where pictures are kept; default the folder `DATA_DIR/files`. */
  fileStore?: FileStore;
  /**
   * The key that encrypts the authenticator apps' secrets (`SECRETS_KEY`, 64 hex characters). Required outside
   * demo mode; a demo without it keeps a random one in DATA_DIR/secrets.key.
   */
  secretsKey?: string;
  /** The organisation's named networks, `<CIDR>=<name>;…` (`SESSION_PLACES`): where a session was signed in, by name. */
  sessionPlaces?: string;
  /**
   * Whether a missing SECRETS_KEY may be replaced by a key in the data folder; default `demo`. The standalone sync
   * server never seeds (`demo: false`) but runs beside a demo app, and reads the same key.
   */
  demoSecretsKey?: boolean;
  /** The VAPID key pair for Web Push (`VAPID_PUBLIC_KEY`, `VAPID_PRIVATE_KEY`); a demo without them keeps one in DATA_DIR/vapid.json. */
  vapidPublicKey?: string;
  vapidPrivateKey?: string;
  /** Who runs the server, for the push services (`VAPID_SUBJECT`: mailto: or https:). */
  vapidSubject?: string;
  /** The push services' origins a device's subscription may name (`PUSH_ENDPOINT_ORIGINS`; default the browsers' own). */
  pushEndpointOrigins?: string;
  /** The Amsterdam hour (0–23) at which the e-mail digests are due (`DIGEST_HOUR`, default 7). */
  digestHour?: number;
  /** How often a process looks for due digests, in milliseconds (`DIGEST_CHECK_SECONDS`, default ten minutes). */
  digestCheckMs?: number;
  /** From this hour (Amsterdam) a task due today is told (default 7). */
  reminderHour?: number;
  /** How often the morning round looks for due tasks and coming activities (default 5 minutes). */
  reminderCheckMs?: number;
  /** The demo administrator's authenticator secret in base32 (`DEMO_TOTP_SECRET`), set when the demo is seeded. */
  demoTotpSecret?: string;
}

export interface KringServices {
  config: KringConfig;
  db: KringDb;
  accounts: Accounts;
  sessions: Sessions;
  /** The organisation's named networks: where a session was signed in, by name. */
  sessionPlaces: SessionPlaces;
  throttle: LoginThrottle;
  /** The domain services, one each per process; HTTP handlers call these and never the database. */
  people: People;
  /** Profiles and the smoelenboek: who sees whom, and which fields are whose. */
  profiles: Profiles;
  spaces: Spaces;
  /** One-to-one and group chats: who is in them, read markers, mutes. */
  conversations: Conversations;
  invites: Invites;
  editorial: Editorial;
  activities: Activities;
  /** The virtual desk: questions to desks, their catalogues and orders. */
  desks: Desks;
  /** Meeting rooms and their bookings, never two at once (rooms/). */
  rooms: Rooms;
  /** The person's own account: sessions, password. */
  ownAccount: OwnAccount;
  /** One-time codes to choose a new password (from an administrator, or by e-mail). */
  passwordResets: PasswordResets;
  /** Authenticator apps and recovery codes: the second step of logging in. */
  twoFactor: TwoFactor;
  /** E-mail, or null where none can be sent (no SMTP_URL outside demo mode). */
  mailer: Mailer | null;
  /** Who read and changed client-related information (NEN 7513). */
  accessLog: AccessLog;
  /** The access log read back: the privacy officer's view and a client's own overview. */
  accessOverview: AccessOverview;
  /** An administrator's declared, time-limited access to a space he is no member of. */
  emergencyAccess: EmergencyAccess;
  /** A person's own data and a space, as a zip to take along (AVG art. 15 and 20). */
  exports: Exports;
  /** The privacy officer's erasure of a person. */
  erasures: Erasures;
  /** Pictures that belong to documents: checked, re-encoded, access-checked, deleted with their post. */
  files: Files;
  /** What the server tells each person (mentions, replies, cards handed over), derived from what it stored. */
  notifications: Notifications;
  /** Web Push: devices' subscriptions, and telling them of new notifications. */
  push: Push;
  /** The e-mail digest: settings, leaving it by a mail's link, and sending the due ones. */
  digests: Digests;
  /** A page's versions, and the controlled handbook's protocols (owner, approver, review date, approved version). */
  pageVersions: PageVersions;
  /** Who must read which protocol, who confirmed which approved version, reminders. */
  readConfirmations: ReadConfirmations;
  /** Community insight: counts of active people, posts and reads, for editors and administrators. */
  insight: Insight;
  store: DocumentStore;
  /** What each person and space may still take; the sync server charges every write to it. */
  quotas: Quotas;
  /** The sync server of this process: sockets attach to it, the batch and server-side writes go through it. */
  sync: SyncServer<AccountPrincipal>;
  /** What one part of the server tells the others: emit 'access.changed' after changing who may read what. */
  events: EventBus;
  /** Whether this start seeded the demo organisation. */
  seeded: boolean;
  close(): Promise<void>;
}

/** Reads the configuration from the environment (the contract in the README). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): KringConfig {
  return {
    dataDir: env.DATA_DIR || './data',
    databaseUrl: env.DATABASE_URL || undefined,
    origin: env.ORIGIN || undefined,
    demo: env.DEMO !== 'false',
    quotas: quotasFromEnv(env),
    // For `npm run bench` only (the feed row, and what the quotas cost): never set them where people work.
    authorshipChecks: env.BENCH_WITHOUT_AUTHORSHIP_CHECKS !== '1',
    quotasOn: env.BENCH_WITHOUT_QUOTAS !== '1',
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || undefined,
    accessLogOn: env.BENCH_WITHOUT_ACCESS_LOG !== '1',
    accessLogRetentionDays: wholeNumber(env.ACCESS_LOG_RETENTION_DAYS),
    emergencyAccessMinutes: positiveNumber(env.EMERGENCY_ACCESS_MINUTES),
    fileMaxBytes: wholeNumber(env.FILE_MAX_BYTES),
    secretsKey: env.SECRETS_KEY || undefined,
    sessionPlaces: env.SESSION_PLACES || undefined,
    vapidPublicKey: env.VAPID_PUBLIC_KEY || undefined,
    vapidPrivateKey: env.VAPID_PRIVATE_KEY || undefined,
    vapidSubject: env.VAPID_SUBJECT || undefined,
    pushEndpointOrigins: env.PUSH_ENDPOINT_ORIGINS || undefined,
    digestHour: env.DIGEST_HOUR && /^\d{1,2}$/.test(env.DIGEST_HOUR) && Number(env.DIGEST_HOUR) < 24 ? Number(env.DIGEST_HOUR) : undefined,
    digestCheckMs: seconds(positiveNumber(env.DIGEST_CHECK_SECONDS)),
    reminderHour: env.REMINDER_HOUR && /^\d{1,2}$/.test(env.REMINDER_HOUR) && Number(env.REMINDER_HOUR) < 24 ? Number(env.REMINDER_HOUR) : undefined,
    reminderCheckMs: seconds(positiveNumber(env.REMINDER_CHECK_SECONDS)),
    demoTotpSecret: env.DEMO_TOTP_SECRET || undefined,
  };
}

/** A positive whole number from the environment, or undefined (the default) when unset or invalid. */
function wholeNumber(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1000;
}

/** A positive number from the environment (a fraction too: tests end emergency access in seconds), or undefined. */
function positiveNumber(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isFinite(number) && number > 0 ? number : undefined;
}

/** The variables that change a quota (docs/api.md), each a whole number; unset or invalid keeps the default. */
const QUOTA_VARIABLES: Record<keyof QuotaLimits, string> = {
  socketsPerPerson: 'QUOTA_SOCKETS_PER_PERSON',
  newDocumentsPerHour: 'QUOTA_NEW_DOCUMENTS_PER_HOUR',
  bytesPerMinute: 'QUOTA_BYTES_PER_MINUTE',
  bytesPerPerson: 'QUOTA_BYTES_PER_PERSON',
  bytesPerSpace: 'QUOTA_BYTES_PER_SPACE',
};

function quotasFromEnv(env: NodeJS.ProcessEnv): Partial<QuotaLimits> {
  const quotas: Partial<QuotaLimits> = {};
  for (const [key, variable] of Object.entries(QUOTA_VARIABLES) as [keyof QuotaLimits, string][]) {
    const value = Number(env[variable]);
    if (env[variable] && Number.isSafeInteger(value) && value > 0) quotas[key] = value;
  }
  return quotas;
}

/**
 * The documents in Postgres when a DATABASE_URL is given (the tables made if missing; a database that cannot be
 * reached stops the start here, with the reason), else in the SQLite file beside the accounts, on a connection of
 * their own in a worker thread.
 */
async function openDocumentStore(databaseUrl: string | undefined, file: string): Promise<DocumentStore> {
  if (!databaseUrl) return new SqliteDocumentStore(file);
  // Loaded only here: its client costs every other start a quarter of a second on a busy machine.
  const { PostgresDocumentStore } = await import('@kring/storage/postgres');
  const store = new PostgresDocumentStore(databaseUrl);
  try {
    await store.ready();
  } catch (error) {
    await store.close();
    throw new Error(`Kring cannot open the documents' database (DATABASE_URL): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return store;
}

export async function openServices(config: KringConfig): Promise<KringServices> {
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'kring.sqlite');
  // Before the database opens: a real organisation without SECRETS_KEY stops here, with the reason.
  const box = secretBoxFor({ secretsKey: config.secretsKey, demo: config.demoSecretsKey ?? config.demo, dataDir: config.dataDir });
  // So is a SESSION_PLACES the server cannot read.
  const sessionPlaces = new SessionPlaces(config.sessionPlaces);
  const { db } = openSqlite(file);
  await migrate(db);
  const accounts = new Accounts(db);
  const sessions = new Sessions(db, { secure: config.origin?.startsWith('https:') ?? false, ...config.sessions });
  const store = await openDocumentStore(config.databaseUrl, file);
  const quotas = await Quotas.open(store, config.quotas);
  const accessLog = new AccessLog(db, { retentionDays: config.accessLogRetentionDays ?? DEFAULT_RETENTION_DAYS, enabled: config.accessLogOn ?? true });
  const files = new Files(db, config.fileStore ?? new FsFileStore(join(config.dataDir, 'files')), config.quotasOn === false ? null : quotas, { maxBytes: config.fileMaxBytes });
  await files.countInQuotas();
  const notifications = new Notifications(db, accounts);
  const push = new Push(db, accounts, {
    vapid: vapidKeysFor({ publicKey: config.vapidPublicKey, privateKey: config.vapidPrivateKey, subject: config.vapidSubject, demo: config.demoSecretsKey ?? config.demo, dataDir: config.dataDir }),
    origins: PushOrigins.fromEnv(config.pushEndpointOrigins),
  });
  notifications.onCreated((rows) => push.notificationsCreated(rows));
  const insight = new Insight(db, store);
  // Who used Kring this week, for the counts (docs/privacy.md, "Community insight").
  sessions.onSeen((userId, at) => void insight.noteActive(userId, at).catch((error: unknown) => console.error('insight: noting activity failed', error)));
  const sync = new SyncServer<AccountPrincipal>({
    hooks: accountHooks(accounts, sessions, { authorshipChecks: config.authorshipChecks ?? true, accessLog, files, notifications }),
    store,
    quota: config.quotasOn === false ? undefined : quotas,
    allowedOrigins: config.origin ? [config.origin] : undefined,
    limits: config.limits,
  });
  const events = new EventBus();
  // Logout and deactivation close that session's sockets; changed memberships, roles and features re-check them.
  sessions.onEnd((sessionIds) => void events.emit('session.ended', { sessionIds }));
  events.on('session.ended', ({ sessionIds }) => sync.closeSessions(sessionIds));
  events.on('session.ended', ({ sessionIds }) => notifications.live.sessionsEnded(sessionIds));
  events.on('access.changed', () => sync.revalidate());
  // Changes that can take access away close the sockets that lost it now, not at the next minute's check.
  const accessChanged = () => events.emit('access.changed', {});
  // The demo's documents are written by the server through the sync server, as its own (author null).
  const emergencyAccess = new EmergencyAccess(db, accounts, accessLog, accessChanged, { minutes: config.emergencyAccessMinutes ?? DEFAULT_EMERGENCY_MINUTES });
  await emergencyAccess.start();
  const activities = new Activities(db);
  const desks = new Desks(db, notifications);
  const pageVersions = new PageVersions(db, accounts, store, sync, accessChanged);
  const readConfirmations = new ReadConfirmations(db, accounts, store, pageVersions, notifications);
  insight.answersFrom(desks);
  const rooms = new Rooms(db);
  const accessOverview = new AccessOverview(accessLog, accounts);
  const twoFactor = new TwoFactor(db, accounts, sessions, box);
  const seeded = config.demo ? await seedDemo(db) : false;
  if (seeded) await seedDemoContent(sync, db);
  if (seeded && config.demoTotpSecret) {
    const admin = await accounts.activeUserByLoginName(DEMO_ADMIN_EMAIL);
    if (admin) await twoFactor.enableWithSecret(admin.id, config.demoTotpSecret);
  }
  const mailer = mailerFor({ smtpUrl: config.smtpUrl, from: config.mailFrom, demo: config.demo });
  const digests = new Digests(db, accounts, notifications, mailer, box, { origin: config.origin ?? null, hour: config.digestHour ?? DEFAULT_DIGEST_HOUR });
  const services: KringServices = {
    config,
    db,
    accounts,
    sessions,
    sessionPlaces,
    throttle: new LoginThrottle(),
    people: new People(accounts, sessions, accessChanged, push),
    profiles: new Profiles(db, accounts),
    ownAccount: new OwnAccount(accounts, sessions),
    passwordResets: new PasswordResets(db, accounts, sessions),
    twoFactor,
    mailer,
    accessLog,
    accessOverview,
    exports: new Exports(accounts, store, activities, accessLog, accessOverview, { choices: notifications.choices, push, digests, reads: readConfirmations }),
    emergencyAccess,
    erasures: new Erasures(accounts, sessions, store, sync, files, notifications, desks, insight, rooms, push, digests, readConfirmations),
    files,
    notifications,
    push,
    digests,
    spaces: new Spaces(accounts, accessChanged),
    conversations: new Conversations(db, store, accessChanged),
    invites: new Invites(db),
    editorial: new Editorial(db),
    activities,
    desks,
    rooms,
    pageVersions,
    readConfirmations,
    insight,
    store,
    quotas,
    sync,
    events,
    seeded,
    async close() {
      stopClock();
      emergencyAccess.close();
      clearInterval(pruning);
      clearInterval(digesting);
      clearInterval(reminding);
      await reminders.settled();
      await digests.settled();
      await sync.close();
      await push.settled();
      await accessLog.flushed();
      await store.close();
      await db.destroy();
    },
  };
  // Publish and unpublish dates take effect in the news index even when nobody makes an editorial request.
  const stopClock = config.editorialClock === false ? () => undefined : startEditorialClock(services);
  // Rows past the retention period go at start and once a day (any process may: pruning is one transaction).
  const prune = () => {
    void accessLog.prune().catch((error: unknown) => console.error('access log: pruning failed', error));
    void notifications.prune().catch((error: unknown) => console.error('notifications: pruning failed', error));
    void insight.prune().catch((error: unknown) => console.error('insight: pruning failed', error));
  };
  prune();
  const pruning = setInterval(prune, 24 * 60 * 60 * 1000);
  pruning.unref();
  // Due digests go out from any process; each is taken on by one (packages/server/src/digest).
  const digesting = setInterval(() => void digests.run().catch((error: unknown) => console.error('digest: run failed', error)), config.digestCheckMs ?? DEFAULT_DIGEST_CHECK_MS);
  digesting.unref();
  const reminders = new Reminders(db, accounts, store, notifications, { hour: config.reminderHour ?? DEFAULT_REMINDER_HOUR });
  const reminding = setInterval(() => void reminders.run().catch((error: unknown) => console.error('reminders: run failed', error)), config.reminderCheckMs ?? DEFAULT_REMINDER_CHECK_MS);
  reminding.unref();
  return services;
}

let opened: Promise<KringServices> | undefined;

/**
 * This process's services: opened by the first call (with `config`, else from the environment), the same
 * promise for every later call. One per process without a global: Node loads @kring/server once, and the built
 * app shares web/main.ts's copy (vite.config.ts keeps the workspace packages external on the server).
 */
export function processServices(config?: KringConfig): Promise<KringServices> {
  opened ??= openServices(config ?? configFromEnv());
  return opened;
}
