/**
 * The server side Kring runs on: the database, accounts and sessions, login throttling and the document
 * store. Opened once per process, by the app (web/main.ts) or by the standalone sync server (main.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteDocumentStore, type DocumentStore } from '@kring/storage';
import { SyncServer, type SyncLimits } from '@kring/sync-server';
import { Accounts } from './accounts/accounts.ts';
import { Activities } from './activities/activities.ts';
import { migrate, openSqlite, type KringDb } from './db/schema.ts';
import { seedDemo } from './demo/accounts.ts';
import { seedDemoContent } from './demo/index.ts';
import { Editorial } from './editorial/editorial.ts';
import { Invites } from './invites/invites.ts';
import { People } from './people/people.ts';
import { Sessions, type SessionOptions } from './sessions/sessions.ts';
import { LoginThrottle } from './sessions/throttle.ts';
import { Spaces } from './spaces/spaces.ts';
import { accountHooks, type AccountPrincipal } from './sync/hooks.ts';

export interface KringConfig {
  /** Folder for the SQLite database (created if missing). */
  dataDir: string;
  /** The app's public origin, e.g. https://intranet.example.org. Sessions use Secure cookies when https. */
  origin?: string;
  /** Seed the demo organisation on an empty database. */
  demo: boolean;
  sessions?: Partial<SessionOptions>;
  limits?: Partial<SyncLimits>;
}

export interface KringServices {
  config: KringConfig;
  db: KringDb;
  accounts: Accounts;
  sessions: Sessions;
  throttle: LoginThrottle;
  /** The domain services, one each per process; HTTP handlers call these and never the database. */
  people: People;
  spaces: Spaces;
  invites: Invites;
  editorial: Editorial;
  activities: Activities;
  store: DocumentStore;
  /** The sync server of this process: sockets attach to it, the batch and server-side writes go through it. */
  sync: SyncServer<AccountPrincipal>;
  /** Whether this start seeded the demo organisation. */
  seeded: boolean;
  close(): Promise<void>;
}

/** Reads the configuration from the environment (the contract in the README). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): KringConfig {
  return {
    dataDir: env.DATA_DIR || './data',
    origin: env.ORIGIN || undefined,
    demo: env.DEMO !== 'false',
  };
}

export async function openServices(config: KringConfig): Promise<KringServices> {
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, 'kring.sqlite');
  const { db } = openSqlite(file);
  await migrate(db);
  const accounts = new Accounts(db);
  const sessions = new Sessions(db, { secure: config.origin?.startsWith('https:') ?? false, ...config.sessions });
  // The documents live in the same file, on a connection of their own in a worker thread.
  const store = new SqliteDocumentStore(file);
  const seeded = config.demo ? await seedDemo(db) : false;
  if (seeded) await seedDemoContent(store, db);
  const sync = new SyncServer({
    hooks: accountHooks(accounts, sessions),
    store,
    allowedOrigins: config.origin ? [config.origin] : undefined,
    limits: config.limits,
  });
  // Logout and deactivation close that session's sockets.
  sessions.onEnd((sessionIds) => sync.closeSessions(sessionIds));
  // Changes that can take access away close the sockets that lost it now, not at the next minute's check.
  const revalidate = () => sync.revalidate();
  return {
    config,
    db,
    accounts,
    sessions,
    throttle: new LoginThrottle(),
    people: new People(accounts, sessions, revalidate),
    spaces: new Spaces(accounts, revalidate),
    invites: new Invites(db),
    editorial: new Editorial(db),
    activities: new Activities(db),
    store,
    sync,
    seeded,
    async close() {
      await sync.close();
      await store.close();
      await db.destroy();
    },
  };
}
