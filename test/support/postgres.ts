/**
 * A Postgres server of the tests' own, from Debian's binaries (`bash .scripts/ensure-postgres.sh` installs them;
 * `npm test` does that): a fresh cluster in a temporary folder, listening on 127.0.0.1 on a free port and on a
 * socket in that folder, never the package's own cluster. Postgres refuses to run as root, so as root (CI) its
 * programs run as the `postgres` user. `startPostgres` in a test file's beforeAll (or a globalSetup), one
 * `createDatabase` per test, `stop` at the end; a test process that dies still takes its servers down.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres: the maintenance database. */
  url: string;
  port: number;
  /** A new empty database on this server; its URL. */
  createDatabase(): Promise<string>;
  /** SIGKILL to the server, as a crash would; `start` brings it back on the same data. */
  kill9(): void;
  /** Starts the server again after `kill9` (Postgres replays its write-ahead log). */
  start(): Promise<void>;
  /** Stops the server at once and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Servers still running; stopped when the test process exits, whatever happened to the test. */
const running = new Set<() => void>();
process.on('exit', () => {
  for (const stop of running) stop();
});

/** The newest installed Postgres's bin folder. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((version) => existsSync(join(root, version, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error("Postgres's programs are missing: run `bash .scripts/ensure-postgres.sh` (npm test does)");
  return join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs one of Postgres's programs, as the postgres user when we are root. */
function run(program: string, args: string[]): void {
  const [command, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', program, ...args] : [program, ...args];
  const result = spawnSync(command, rest, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface PostgresOptions {
  /**
   * fsync on commit, as in production. Default true: the durability tests and the benchmark need it. A kill -9 of
   * the client (not the server) loses nothing committed either way.
   */
  fsync?: boolean;
}

export async function startPostgres(options: PostgresOptions = {}): Promise<TestPostgres> {
  const bin = binDir();
  const folder = mkdtempSync(join(tmpdir(), 'kring-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(folder, uid, gid);
  }
  const data = join(folder, 'data');
  // Trust on loopback and the folder's socket only: the server lives as long as the test file and serves nobody else.
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-c listen_addresses=${HOST}`,
    `-c unix_socket_directories=${folder}`,
    `-c fsync=${options.fsync === false ? 'off' : 'on'}`,
    '-c max_connections=40',
  ].join(' ');

  const pidOf = (): number | null => {
    try {
      return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
    } catch {
      return null;
    }
  };
  const signal = (name: NodeJS.Signals): void => {
    const pid = pidOf();
    if (pid === null) return;
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  // SIGQUIT: Postgres's immediate shutdown, which needs no waiting (the data is thrown away after).
  const quit = () => signal('SIGQUIT');

  const start = async () => {
    run(join(bin, 'pg_ctl'), ['start', '-D', data, '-w', '-t', '30', '-l', join(folder, 'log'), '-o', settings]);
    running.add(quit);
  };
  await start();
  const url = `postgres://postgres@${HOST}:${port}/postgres`;
  let next = 0;
  let stopped = false;

  return {
    url,
    port,
    createDatabase() {
      const name = `kring_${process.pid}_${next++}`;
      run(join(bin, 'psql'), ['-h', folder, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-qc', `CREATE DATABASE ${name}`]);
      return Promise.resolve(`postgres://postgres@${HOST}:${port}/${name}`);
    },
    kill9() {
      signal('SIGKILL');
      running.delete(quit);
    },
    start: async () => {
      // The killed server's backends notice their postmaster is gone and exit; until then it cannot start again.
      for (let tries = 0; ; tries++) {
        try {
          await start();
          return;
        } catch (error) {
          if (tries >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(quit);
      try {
        run(join(bin, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
      } catch {
        quit();
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
