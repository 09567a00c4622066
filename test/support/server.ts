/**
 * Starts the real Kring process (`node web/main.ts`, the built app plus the sync server) for a test file, and
 * talks to its HTTP API. Needs `pnpm run build` to have produced build/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './wait.ts';

/** The repository root, found from this file so the tests run from any working directory. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'web', 'main.ts');
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

export const DEMO_PASSWORD = 'kring-demo';

export interface KringServer {
  /** The app's URL, e.g. http://localhost:41234 (no trailing slash). */
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** SIGTERM (a clean shutdown), SIGKILL if it does not exit in time; removes the data folder if we made it. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; the data folder stays for a restart on it. */
  kill9(): Promise<void>;
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

/**
 * Spawns Kring on a free port with its own data folder and waits until it prints that it is running.
 * @param options.dataDir reuse this data folder (a restart); it is then never removed by `stop`
 * @param options.env extra environment, e.g. ORIGIN. With ORIGIN the process prints ORIGIN instead of its
 *   port, so a free port is chosen here and passed as PORT.
 */
export async function startKring(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<KringServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await createDataDir());
  const env: Record<string, string> = { PORT: '0', ...options.env, DATA_DIR: dataDir };
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
      child.once('exit', (code, signal) => reject(new Error(`Kring exited (${code ?? signal}) before it was running (is build/ there? pnpm run build)`)));
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

  return {
    url: `http://localhost:${port}`,
    port,
    dataDir,
    process: child,
    async stop() {
      await signal('SIGTERM');
      if (ownsDataDir) await removeDataDir(dataDir);
    },
    kill9: () => signal('SIGKILL'),
  };
}

/** A port nobody listens on right now (for a fixed PORT when the process will not tell us its port). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Logs in and returns the session cookie as a Cookie header value (`kring_session=…`). */
export async function login(url: string, email: string, password: string = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('kring_session='));
  if (!cookie) throw new Error(`login as ${email} set no kring_session cookie`);
  return cookie.split(';')[0];
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

export interface SyncStats {
  connectionsOpen: number;
  roomsOpen: number;
  updatesStored: number;
  readOnlyWritesDropped: number;
  changesRefused: number;
  closedMalformed: number;
  closedTooLarge: number;
  closedTooFast: number;
  refusedNoSession: number;
  refusedForbidden: number;
  refusedOrigin: number;
}

export async function health(url: string): Promise<{ ok: boolean; sync: SyncStats }> {
  const response = await fetch(`${url}/healthz`);
  if (response.status !== 200) throw new Error(`GET /healthz failed: ${response.status}`);
  return (await response.json()) as { ok: boolean; sync: SyncStats };
}
