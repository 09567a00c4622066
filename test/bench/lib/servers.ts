/**
 * Starts the servers under test, each in its own process on 127.0.0.1 and a free port:
 * - Kring as it ships (`node web/main.ts`: the built app and the sync server in one process, sessions and
 *   the access policy on, every update in SQLite (WAL, synchronous = FULL) before it is acknowledged), with
 *   a fresh data folder, logged in as the demo employee anna (one device; workloads with many devices give
 *   each its own person, lib/people.ts);
 * - the reference server @y/websocket-server and Hocuspocus, in memory, through small entry files in
 *   ../servers that also answer the benchmark's control requests over IPC.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ControlReply, ControlRequest } from '../servers/control.ts';
import { startNode, type Child } from './children.ts';
import { passSecondStep, SECOND_FACTOR_ROLES, setUpTwoFactor } from '../../support/two-factor.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BENCH = fileURLToPath(new URL('../', import.meta.url));

export type ServerSystem = 'kring' | 'y-websocket-server' | 'hocuspocus';

export interface RunningServer {
  system: ServerSystem;
  /** ws://127.0.0.1:<port> plus the path prefix documents are appended to, no trailing slash. */
  socketBase: string;
  child: Child;
  /** Kring's session cookie (`kring_session=…`); undefined for the peers, which have no accounts. */
  cookie?: string;
  /** Kring's HTTP origin. */
  httpUrl?: string;
  /** Kring's data folder (its SQLite file is `kring.sqlite` there), removed when it stops. */
  dataDir?: string;
  /** Peers only: resolves once the server holds `stateVector` of `doc` in memory. */
  holds?(doc: string, stateVector: Uint8Array, timeoutMs: number): Promise<void>;
  /** How many documents the server holds in memory right now. */
  documentsInMemory(): Promise<number>;
  stop(): Promise<void>;
}

export const DEMO_EMAIL = 'anna@kring.test';
export const DEMO_PASSWORD = 'kring-demo';

/** @param options.env Kring only: more environment variables (e.g. `BENCH_WITHOUT_AUTHORSHIP_CHECKS`, `BENCH_WITHOUT_QUOTAS`) */
export function startServer(system: ServerSystem, options: { inspect?: boolean; env?: Record<string, string> } = {}): Promise<RunningServer> {
  return system === 'kring' ? startKring(options) : startPeer(system, options);
}

async function startKring(options: { inspect?: boolean; env?: Record<string, string> }): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kring-bench-'));
  let child: Child;
  try {
    child = await startNode(join(ROOT, 'web', 'main.ts'), {
      cwd: ROOT,
      env: { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...options.env },
      ready: /Kring is running at http:\/\/localhost:(\d+)/,
      inspect: options.inspect,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const httpUrl = `http://127.0.0.1:${child.match[1]}`;
  const stop = async () => {
    await child.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const cookie = await login(httpUrl);
    return {
      system: 'kring',
      socketBase: `${httpUrl.replace(/^http/, 'ws')}/sync`,
      child,
      cookie,
      httpUrl,
      dataDir,
      async documentsInMemory() {
        const response = await fetch(`${httpUrl}/healthz`);
        return ((await response.json()) as { sync: { roomsOpen: number } }).sync.roomsOpen;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Logs in (as the demo employee by default) and returns the Cookie header value. */
export async function login(httpUrl: string, email = DEMO_EMAIL, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { user?: { role: string }; secondFactor?: { token: string } };
  // Two-step sign-in as the tests do it (test/support/two-factor.ts): the administrator's code, or setting it up.
  if (body.secondFactor) return passSecondStep(httpUrl, email, body.secondFactor.token);
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('kring_session='));
  if (!cookie) throw new Error('login set no kring_session cookie');
  const session = cookie.split(';')[0];
  if (SECOND_FACTOR_ROLES.includes(body.user!.role)) await setUpTwoFactor(httpUrl, session, email);
  return session;
}

async function startPeer(system: 'y-websocket-server' | 'hocuspocus', options: { inspect?: boolean }): Promise<RunningServer> {
  const child = await startNode(join(BENCH, 'servers', `${system}.ts`), {
    cwd: BENCH,
    ready: /listening on (\d+)/,
    inspect: options.inspect,
    ipc: true,
  });
  let nextId = 1;
  const pending = new Map<number, (reply: ControlReply) => void>();
  child.process.on('message', (message: unknown) => {
    const reply = message as ControlReply;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const request = (body: WithoutId<ControlRequest>): Promise<ControlReply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.process.send({ ...body, id }, (error) => error && reject(error));
    });
  return {
    system,
    socketBase: `ws://127.0.0.1:${child.match[1]}`,
    child,
    async holds(doc, stateVector, timeoutMs) {
      const reply = await request({ type: 'holds', doc, stateVector: [...stateVector], timeoutMs });
      if (!reply.ok) throw new Error(`${system}: ${reply.error}`);
    },
    async documentsInMemory() {
      const reply = await request({ type: 'documents' });
      return reply.ok ? (reply.count ?? 0) : Number.NaN;
    },
    stop: () => child.stop(),
  };
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The CPU time the server's process has used so far (ns), all threads: the first field of each thread's schedstat. */
export function cpuNanoseconds(server: RunningServer): number {
  const pid = server.child.process.pid;
  if (pid === undefined) throw new Error(`${server.system} has no process id`);
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read: its time is no longer counted anywhere.
    }
  }
  return total;
}
