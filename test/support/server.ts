/**
 * The one way tests start Kring: the real process (`node web/main.ts`, the built app plus the sync server) on a
 * free port with a fresh data folder, for integration and browser tests alike. Needs `pnpm run build` first.
 * `useKring` starts one for a test file and registers its stop where it starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@kring/server';
import type { SyncStats } from '@kring/sync-server';
import { beforeAll } from 'vitest';
import { passSecondStep, SECOND_FACTOR_ROLES, setUpTwoFactor, TEST_SECRETS_KEY, TEST_TOTP_SECRET } from './two-factor.ts';
import { withTimeout } from './wait.ts';

/** The demo accounts' password, as the server seeds it. */
export { DEMO_PASSWORD };

/** The repository root, found from this file so the tests run from any working directory. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'web', 'main.ts');
const BUILT_HANDLER = join(ROOT, 'build', 'handler.js');
/** Loopback only: the tests and the browser reach it at 127.0.0.1, never over the network. */
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export interface KringServer {
  /** The app's URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the process wrote to stderr so far (for error messages). */
  stderr(): string;
  /** SIGTERM (a clean shutdown), SIGKILL if it does not exit in time; removes the data folder if we made it. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; the data folder stays for a restart on it. */
  kill9(): Promise<void>;
}

export interface KringOptions {
  /** Reuse this data folder (a restart); it is then never removed by `stop`. */
  dataDir?: string;
  /**
   * Extra environment, e.g. ORIGIN. With ORIGIN the process prints ORIGIN instead of its port, so a free port
   * is chosen here and passed as PORT.
   */
  env?: Record<string, string>;
}

/** Children still running; killed when the test process exits, whatever happened to the test. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A fresh, empty data folder in the system's temp folder. */
export function createDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kring-test-'));
}

export function removeDataDir(dataDir: string): Promise<void> {
  return rm(dataDir, { recursive: true, force: true });
}

/** Spawns Kring on a free port with its own data folder and waits until it prints that it is running. */
export async function startKring(options: KringOptions = {}): Promise<KringServer> {
  if (!existsSync(BUILT_HANDLER)) throw new Error(`${BUILT_HANDLER} is missing: run \`pnpm run build\` before these tests`);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await createDataDir());
  // The demo administrator has an authenticator app the tests hold (two-factor.ts); a test may say otherwise.
  const env: Record<string, string> = { PORT: '0', HOST, SECRETS_KEY: TEST_SECRETS_KEY, DEMO_TOTP_SECRET: TEST_TOTP_SECRET, ...options.env, DATA_DIR: dataDir };
  if (env.ORIGIN && env.PORT === '0') env.PORT = String(await freePort());

  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));

  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /Kring is running at (\S+)/.exec(stdout);
        if (match) resolve(env.PORT !== '0' ? Number(env.PORT) : Number(new URL(match[1]).port));
      });
      child.once('exit', (code, signal) => reject(new Error(`Kring exited (${code ?? signal}) before it was running`)));
      child.once('error', reject);
    }),
    'Kring to print "running at"',
    START_TIMEOUT_MS,
  ).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    if (ownsDataDir) await removeDataDir(dataDir);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nstdout:\n${stdout}\nstderr:\n${stderr}`, { cause: error });
  });
  // Keep reading, so a chatty child never blocks on a full pipe.
  child.stdout.resume();

  async function signal(name: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    await withTimeout(exited, `Kring to exit after ${name}`, STOP_TIMEOUT_MS).catch(async () => {
      child.kill('SIGKILL');
      await withTimeout(exited, 'Kring to exit after SIGKILL', STOP_TIMEOUT_MS);
    });
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}`,
    port,
    dataDir,
    process: child,
    stderr: () => stderr,
    stop: () =>
      (stopped ??= (async () => {
        await signal('SIGTERM');
        if (ownsDataDir) await removeDataDir(dataDir);
      })()),
    kill9: () => signal('SIGKILL'),
  };
}

/**
 * Kring for the tests of the calling file (or describe block): started before them, stopped after them. The
 * answer reads through to the running process, so tests use it like the server itself.
 */
export function useKring(options: KringOptions = {}): KringServer {
  let current: KringServer | undefined;
  beforeAll(async () => {
    current = await startKring(options);
    return () => current?.stop();
  });
  const server = (): KringServer => {
    if (!current) throw new Error('Kring is not running yet: use it inside tests and hooks, not while the file loads');
    return current;
  };
  return {
    get url() {
      return server().url;
    },
    get port() {
      return server().port;
    },
    get dataDir() {
      return server().dataDir;
    },
    get process() {
      return server().process;
    },
    stderr: () => server().stderr(),
    stop: () => server().stop(),
    kill9: () => server().kill9(),
  };
}

/** A port nobody listens on right now (for a fixed PORT when the process will not tell us its port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Logs in and returns the session cookie as a Cookie header value (`kring_session=…`). Two-step sign-in is done as
 * a person with the app does it (test/support/two-factor.ts): the code when asked for, and for an administrator or
 * privacy officer who has none yet, setting it up first, so the session can do their work.
 */
export async function login(url: string, email: string, password: string = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { user?: { role: string }; secondFactor?: { token: string } };
  if (body.secondFactor) return passSecondStep(url, email, body.secondFactor.token);
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('kring_session='));
  if (!cookie) throw new Error(`login as ${email} set no kring_session cookie`);
  const session = cookie.split(';')[0];
  if (SECOND_FACTOR_ROLES.includes(body.user!.role)) await setUpTwoFactor(url, session, email);
  return session;
}

/**
 * Demo people (by first name: `anna` logs in as anna@kring.test) logged in once for the tests of the calling
 * file or describe block: `sessions.anna` is Anna's session cookie, from the first test on.
 */
export function useSessions<Name extends string>(kring: Pick<KringServer, 'url'>, names: readonly Name[]): Record<Name, string> {
  const cookies = new Map<Name, string>();
  beforeAll(async () => {
    const logged = await Promise.all(names.map((name) => login(kring.url, `${name}@kring.test`)));
    names.forEach((name, i) => cookies.set(name, logged[i]));
  });
  const sessions = {} as Record<Name, string>;
  for (const name of names) {
    Object.defineProperty(sessions, name, {
      enumerable: true,
      get: () => {
        const cookie = cookies.get(name);
        if (cookie === undefined) throw new Error(`${name} is not logged in yet: use the session inside tests and hooks`);
        return cookie;
      },
    });
  }
  return sessions;
}

export async function logout(url: string, cookie: string): Promise<Response> {
  return fetch(`${url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
}

export interface MeResponse {
  user: { id: string; name: string; email: string; role: string };
  spaces: { id: string; name: string; kind: string; audience: string; role: string | null }[];
}

export async function me(url: string, cookie: string): Promise<MeResponse> {
  const response = await fetch(`${url}/api/me`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`GET /api/me failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as MeResponse;
}

export async function health(url: string): Promise<{ ok: boolean; sync: SyncStats }> {
  const response = await fetch(`${url}/healthz`);
  if (response.status !== 200) throw new Error(`GET /healthz failed: ${response.status}`);
  return (await response.json()) as { ok: boolean; sync: SyncStats };
}
