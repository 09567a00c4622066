/**
 * Every process the benchmark starts goes through here, so every one of them is stopped: on `stop()`, and
 * with SIGKILL when the benchmark itself exits, whatever happened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { withTimeout } from './wait.ts';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Child {
  process: ChildProcess;
  /** The first match of `ready` in the child's output. */
  match: RegExpExecArray;
  /** The DevTools address when started with `inspect`. */
  inspectorUrl?: string;
  output(): string;
  /** How the process ended, or null while it runs. */
  exitStatus(): string | null;
  /** SIGTERM, then SIGKILL if it has not exited in time. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `node [nodeArgs] script` and waits until its stdout or stderr matches `ready`.
 * @param options.inspect start with the inspector on a free loopback port (for heap measurements)
 * @param options.ipc open an IPC channel (process.send) to the child
 */
export async function startNode(
  script: string,
  options: { cwd: string; env?: Record<string, string>; ready: RegExp; inspect?: boolean; ipc?: boolean; nodeArgs?: string[] },
): Promise<Child> {
  const nodeArgs = [...(options.nodeArgs ?? []), ...(options.inspect ? ['--inspect=127.0.0.1:0'] : [])];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let output = '';
  let inspectorUrl: string | undefined;
  const ready = new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (chunk: string) => {
      output += chunk;
      // Keep only the tail: a long run must not grow this without bound.
      if (output.length > 100_000) output = output.slice(-50_000);
      inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
      const match = options.ready.exec(output);
      if (match && (!options.inspect || inspectorUrl)) resolve(match);
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr?.setEncoding('utf8').on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${output}`)));
    child.once('error', reject);
  });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await withTimeout(exited, `${script} to exit after SIGTERM`, STOP_TIMEOUT_MS).catch(async () => {
        child.kill('SIGKILL');
        await withTimeout(exited, `${script} to exit after SIGKILL`, STOP_TIMEOUT_MS);
      });
    })());

  try {
    const match = await withTimeout(ready, `${script} to start`, START_TIMEOUT_MS);
    const exitStatus = () => (child.exitCode !== null ? `exit code ${child.exitCode}` : child.signalCode !== null ? `signal ${child.signalCode}` : null);
    return { process: child, match, inspectorUrl, output: () => output, exitStatus, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface MemoryFigures {
  /** V8 heap in use after a full garbage collection (bytes). */
  heapUsed: number;
  /** Memory of JS objects held outside the V8 heap, mostly ArrayBuffer backing stores (bytes). */
  external: number;
  /** Resident set size of the whole process (bytes). */
  rss: number;
}

/**
 * Reads a child's memory through the DevTools protocol (the child runs with `--inspect`): forces a full
 * garbage collection, then asks for `process.memoryUsage()`. The same for every server, which need not
 * know it is measured.
 */
export async function measureMemory(child: Child): Promise<MemoryFigures> {
  if (!child.inspectorUrl) throw new Error('the child was not started with inspect');
  const socket = new WebSocket(child.inspectorUrl, { perMessageDeflate: false });
  await withTimeout(new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject)), 'the inspector to open', 10_000);
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string, params: object = {}) =>
    withTimeout(
      new Promise<unknown>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      }),
      `inspector ${method}`,
      30_000,
    );
  try {
    // Twice: the first collection can leave objects that only become garbage once finalizers ran.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const result = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    const usage = JSON.parse(result.result.value) as { heapUsed: number; external: number };
    return { heapUsed: usage.heapUsed, external: usage.external, rss: rssOf(child.process.pid) };
  } finally {
    socket.close();
  }
}

/** Resident set size from /proc (bytes), as the operating system counts it. */
function rssOf(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}
