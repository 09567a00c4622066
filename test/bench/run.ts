/**
 * `npm run bench`: Kring's sync server beside the reference y-websocket server, Hocuspocus and (for
 * document-level costs) Automerge, the same workloads in one run on one machine. Writes
 * results/latest.json and results/latest.md (medians of the runs, Kring's ratio to each peer, the goals).
 *
 * Environment:
 *   BENCH_QUICK=1          small sizes and one run, for working on the benchmark itself
 *   BENCH_RUNS=<n>         runs of the server workloads (default 3; quick 1)
 *   BENCH_ONLY=<a,b>       only these groups: relay, feed, offline, throughput, memory, document, browser, lighthouse, people (alone: results/people-search.md), search (only when named; alone: results/search.md),
 *                          chat (alone: results/chat.md), inbox (a mention reaching the other person's open app; alone: results/inbox.md),
 *                          fanout (a news article to 5,000 people, and the relay meanwhile; alone: results/fanout.md),
 *                          postgres (durable throughput with the documents in Postgres beside SQLite; alone: results/postgres.md),
 *                          and quotas, access-log (not run by default: what the quotas or the access log cost, written to
 *                          results/quota-cost.md, results/access-log-cost.md)
 *   BENCH_COST_BLOCKS=<n>  blocks per server in those two groups (default 6; quick 2)
 *   BENCH_BUDGET_SECONDS=<s>  skip further runs of the server workloads when another would end the measurements
 *                          after this long (default 460, which keeps `npm run bench` under 10 minutes on a busy machine)
 *   BENCH_MAX_MINUTES=<m>  give up (and stop every process) after this long (default 15)
 *   BENCH_LHR_DIR=<dir>    keep each Lighthouse run's full report (JSON) there, to read what costs the points
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Results, machine, type System } from './lib/results.ts';
import { cpuNanoseconds, ROOT, startServer, type RunningServer, type ServerSystem } from './lib/servers.ts';
import { percentile, ratioInterval } from './lib/stats.ts';
import { CHROMIUM, HOME_OPENED, PROTOCOL_PAGE, START_PAGE, openFromDevice, prepareDevice, routeScripts, seedLargePage } from './workloads/browser.ts';
import { loadPage, memoryPerDocument, mergeOfflineDay } from './workloads/document-level.ts';
import { lighthouseScore } from './workloads/lighthouse.ts';
import { afterIdle, openAndLeave, type OpenFigures } from './workloads/memory.ts';
import { offlineDay, offlineDayRealistic } from './workloads/offline-day.ts';
import { searchPeople } from './workloads/people.ts';
import { searchDocuments } from './workloads/search.ts';
import { relayLatency } from './workloads/relay.ts';
import { durableThroughput } from './workloads/throughput.ts';
import { makeFeed, openFeedRoom } from './workloads/feed.ts';
import { openChatRoom, openRelayRoom, seedChatDay } from './workloads/chat.ts';
import { mentionToOpenApp } from './workloads/inbox.ts';
import { fanOutNews } from './workloads/fanout.ts';
import type { Room } from './lib/room.ts';
import { seedPeople } from './lib/people.ts';
import { startPostgres } from '../support/postgres.ts';

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 3));
const ONLY = new Set((process.env.BENCH_ONLY ?? 'relay,feed,offline,throughput,postgres,memory,document,browser,lighthouse,people,chat,inbox,fanout').split(','));
const MAX_MINUTES = Number(process.env.BENCH_MAX_MINUTES ?? 15);
const BUDGET_SECONDS = Number(process.env.BENCH_BUDGET_SECONDS ?? 460);
/** What the memory, browser and Lighthouse workloads take after the server runs, about (s). */
const AFTER_RUNS_SECONDS = 150;
const SERVERS: ServerSystem[] = ['kring', 'y-websocket-server', 'hocuspocus'];

/** Every size in one place; quick mode keeps the shapes and shrinks the counts. */
const SIZE = {
  relay: [
    { clients: 10, rounds: QUICK ? 50 : 150, intervalMs: 15 },
    { clients: 100, rounds: QUICK ? 30 : 150, intervalMs: 20 },
  ],
  /** Blocks alternate between the server with the authorship checks and the one without; each figure is their median. */
  feed: { clients: 100, posts: QUICK ? 100 : 300, commentsPerPost: 5, rounds: QUICK ? 40 : 200, blocks: 5, intervalMs: 20 },
  offlineDay: { docs: QUICK ? 5 : 20, editsPerDoc: QUICK ? 1000 : 5000, pageBytes: 10_000 },
  realistic: { docs: QUICK ? 50 : 200, changedOnDevice: QUICK ? 5 : 20, changedOnServer: QUICK ? 8 : 30, editsPerChange: 100, pageBytes: 5_000 },
  throughput: { writers: QUICK ? 16 : 64, warmupMs: 1000, measureMs: QUICK ? 2000 : 3000, batch: 50, inFlightBatches: 4, maxRatePerWriter: 800 },
  memory: { docs: QUICK ? 200 : 1000, pageBytes: 10_000, idleMs: QUICK ? 5_000 : 30_000, runs: 1 },
  document: { docs: QUICK ? 2 : 5, edits: QUICK ? 1000 : 5000, chars: 9_500, pageChars: 95_000, loads: 7, memoryDocs: QUICK ? 200 : 1000 },
  browser: { pageBytes: 100_000, opens: QUICK ? 2 : 4 },
  lighthouse: { runs: QUICK ? 1 : 3 },
  people: { count: 5_000 },
  search: { documents: Number(process.env.BENCH_SEARCH_DOCS ?? 5_000) },
  /** Mentions one after the other, after a few not counted. */
  inbox: { rounds: QUICK ? 30 : 200, warmup: 10 },
  /** One article to everyone; a relay round at most every 20 ms beside it, and as many without it first. */
  fanout: { people: QUICK ? 1_000 : 5_000, samples: 50, idleRounds: QUICK ? 50 : 200, intervalMs: 20, timeoutMs: 120_000 },
  /** Delivery: blocks alternate between the chat and the plain relay on the same server; each figure is their median. */
  chat: { members: 50, earlier: QUICK ? 50 : 200, rounds: QUICK ? 40 : 150, blocks: QUICK ? 2 : 4, intervalMs: 20, dayMessages: 2_000, opens: QUICK ? 2 : 4 },
  /** Blocks alternate between Kring as it ships and Kring without quotas; each figure is their median. */
  quotaCost: { blocks: Number(process.env.BENCH_COST_BLOCKS ?? (QUICK ? 2 : 6)) },
};

/** The goal for what the quotas cost: with them, each figure at most this many times the one without. */
const QUOTA_COST_GOAL = 1.05;

const W = {
  relay10: 'relay latency, 10 clients on one document',
  relay100: 'relay latency, 100 clients on one document',
  feed: `relay on a feed (${SIZE.feed.posts} posts), ${SIZE.feed.clients} clients commenting and liking, each its own person`,
  stayedOpen: `offline day (${SIZE.offlineDay.docs} docs × ${SIZE.offlineDay.editsPerDoc} edits), provider stayed open`,
  freshStart: `offline day (${SIZE.offlineDay.docs} docs × ${SIZE.offlineDay.editsPerDoc} edits), fresh app start`,
  realistic: `offline day, ${SIZE.realistic.docs} docs on the device, ${SIZE.realistic.changedOnDevice} changed there, ${SIZE.realistic.changedOnServer} on the server`,
  throughput: 'sustained durable throughput',
  postgres: 'sustained durable throughput, the documents in SQLite and in Postgres (DATABASE_URL)',
  memoryOpen: `server memory, ${SIZE.memory.docs} documents of ~10 KB open`,
  memoryIdle: `server memory, ${SIZE.memory.idleMs / 1000} s after every client left`,
  docMerge: `document level: merge one document's offline day (${SIZE.document.edits} edits, in process)`,
  docLoad: 'document level: load a 100 KB page',
  docMemory: 'document level: a loaded ~10 KB document',
  coldOpen: 'browser: cold open of a 100 KB page from IndexedDB (offline)',
  inAppOpen: 'browser: open the 100 KB page in the running app (offline)',
  homeOpen: 'browser: the home screen "Vandaag" opened from the device (offline)',
  firstRoute: 'browser: JavaScript of the first route (start page)',
  pageRoute: 'browser: JavaScript of the protocol page route',
  lighthouse: 'browser: Lighthouse mobile, start page',
  people: 'browser: smoelenboek search among 5,000 people (4× CPU throttling)',
  searchIndex: 'browser: index 5,000 documents in the background (4× CPU throttling)',
  searchQuery: 'browser: query over 5,000 documents (4× CPU throttling)',
  chatDelivery: `chat message delivered to ${SIZE.chat.members} members, each their own person`,
  chatRelay: `plain relay beside it: the same ${SIZE.chat.members} people on one page, one typing`,
  chatOpen: `browser: a day's chat of a space (${SIZE.chat.dayMessages.toLocaleString('en')} messages) opened from the device (offline)`,
  inboxMention: "mention to notification in the other person's open app",
  fanout: `fan-out: a news article to ${SIZE.fanout.people.toLocaleString('en')} people`,
  fanoutRelay: 'fan-out: relay between two people on another page, idle and while the article goes out',
};

/** The relay during a fan-out is "unaffected" when its p99 stays within this many times the idle p99, or under FANOUT_RELAY_MS. */
const FANOUT_RELAY_RATIO = 2;
const FANOUT_RELAY_MS = 100;
/** Every inbox within this long of the publish request (ms). */
const FANOUT_GOAL_MS = 60_000;

const results = new Results();
let failures = 0;
const started = performance.now();
// Other work on the machine skews every figure; the load average says how busy it was.
const loadAtStart = loadavg()[0];
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${MAX_MINUTES} minutes; stopping every process it started`);
  process.exit(2);
}, MAX_MINUTES * 60_000);
watchdog.unref();
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
// y-websocket's provider adds an exit listener per provider (to say goodbye to awareness); the workloads open
// hundreds at once, which is not a leak.
process.setMaxListeners(0);

function log(message: string): void {
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

/** Runs one measurement; a failure is reported in the results and the benchmark goes on. */
async function attempt(what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    failures++;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    results.note(`FAILED: ${what}: ${message}`);
    log(`FAILED ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

async function withServer(system: ServerSystem, work: (server: RunningServer) => Promise<void>, options: { inspect?: boolean } = {}): Promise<void> {
  const server = await startServer(system, options);
  try {
    await work(server);
  } catch (error) {
    throw diagnose(server, error);
  } finally {
    await server.stop();
  }
}

/** If the server died under the workload, says so, with the end of what it printed. */
function diagnose(server: RunningServer, error: unknown): unknown {
  const ended = server.child.exitStatus();
  if (!ended) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${server.system} ended (${ended}) during the workload: ${message}\n--- its output ---\n${server.child.output().slice(-3000)}`, { cause: error });
}

/** Runs of the server workloads actually made. */
let serverRuns = 0;

/** Measurements that take longer than this are taken in the first run only, to keep the whole run short. */
const SLOW_MS = 5_000;
const slow = new Set<string>();

/** The workloads every server runs, on a fresh server per system and run. */
async function serverWorkloads(run: number): Promise<void> {
  for (const system of SERVERS) {
    await attempt(`${system} server workloads (run ${run + 1})`, () =>
      withServer(system, async (server) => {
        if (ONLY.has('relay')) {
          for (const size of SIZE.relay) {
            await attempt(`${system} relay ${size.clients}`, async () => {
              const { latencies, wireBytesPerKeystroke } = await relayLatency(server, { ...size, docName: `noord/page/relay-${size.clients}` });
              const workload = size.clients === 10 ? W.relay10 : W.relay100;
              results.add(workload, system, 'p50', percentile(latencies, 50), 'ms');
              results.add(workload, system, 'p99', percentile(latencies, 99), 'ms');
              results.add(workload, system, 'bytes on the wire per keystroke, all clients', wireBytesPerKeystroke / 1000, 'kB');
              log(`${system} relay ${size.clients}: p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`);
            });
          }
        }
        if (ONLY.has('offline')) {
          for (const variant of ['stayed-open', 'fresh-start'] as const) {
            const workload = variant === 'stayed-open' ? W.stayedOpen : W.freshStart;
            if (slow.has(`${system}/${workload}`)) continue;
            await attempt(`${system} offline day ${variant}`, async () => {
              const figures = await offlineDay(server, variant, { ...SIZE.offlineDay, prefix: `day-${variant}` });
              if (figures.timeMs > SLOW_MS) {
                slow.add(`${system}/${workload}`);
                results.note(`${system}, ${workload}: took ${(figures.timeMs / 1000).toFixed(1)} s, so it was measured once, not in every run.`);
              }
              results.add(workload, system, 'time until the server holds everything', figures.timeMs, 'ms');
              results.add(workload, system, 'bytes on the wire', figures.wireBytes / 1000, 'kB');
              results.add(workload, system, 'sockets opened', figures.socketsOpened, 'sockets');
              if (figures.httpRequests) results.add(workload, system, 'HTTP requests', figures.httpRequests, 'requests');
              if (figures.via && !results.notes.some((note) => note.startsWith(`Kring, ${workload}`))) results.note(`Kring, ${workload}: the app's start, SyncManager.${figures.via}, from the "saved" state vectors the device kept.`);
              log(`${system} offline day ${variant}: ${figures.timeMs.toFixed(0)} ms, ${(figures.wireBytes / 1000).toFixed(0)} kB`);
            });
          }
          await attempt(`${system} offline day realistic`, async () => {
            const figures = await offlineDayRealistic(server, { ...SIZE.realistic, prefix: 'realistic' });
            results.add(W.realistic, system, 'time until both sides hold everything', figures.timeMs, 'ms');
            results.add(W.realistic, system, 'bytes on the wire', figures.wireBytes / 1000, 'kB');
            results.add(W.realistic, system, 'sockets opened', figures.socketsOpened, 'sockets');
            if (figures.httpRequests) results.add(W.realistic, system, 'HTTP requests', figures.httpRequests, 'requests');
            if (figures.via && !results.notes.some((note) => note.startsWith('Kring\'s device came back'))) {
              results.note(`Kring's device came back through its app's SyncManager.${figures.via}.`);
            }
            log(`${system} offline day realistic: ${figures.timeMs.toFixed(0)} ms, ${figures.socketsOpened} sockets`);
          });
        }
        if (ONLY.has('throughput')) {
          await attempt(`${system} throughput`, async () => {
            const perSecond = await durableThroughput(server, { ...SIZE.throughput, prefix: 'throughput' });
            results.add(W.throughput, system, 'updates acknowledged per second', perSecond, 'updates/s', 'higher');
            log(`${system} throughput: ${perSecond.toFixed(0)} updates/s`);
          });
        }
      }),
    );
  }
}

/**
 * Relay on a feed, Kring only: two servers at once, with the authorship checks and without
 * (`BENCH_WITHOUT_AUTHORSHIP_CHECKS=1`), in alternating blocks of rounds; every figure is the median of the blocks.
 */
async function feedWorkload(): Promise<void> {
  const s = SIZE.feed;
  const servers: RunningServer[] = [];
  const rooms: { checks: 'on' | 'off'; room: Room }[] = [];
  try {
    for (const checks of ['on', 'off'] as const) {
      const server = await startServer('kring', checks === 'off' ? { env: { BENCH_WITHOUT_AUTHORSHIP_CHECKS: '1' } } : {});
      servers.push(server);
      const people = await seedPeople(server, s.clients, { label: 'feed' });
      const room = await openFeedRoom(server, makeFeed(people[0], s.posts, s.commentsPerPost), people, { ...s, docName: 'noord/feed/2040-01' });
      rooms.push({ checks, room });
    }
    for (let block = 0; block < s.blocks; block++) {
      // Each pair in the other order, so neither always runs right after the other.
      for (const { checks, room } of block % 2 === 0 ? rooms : [...rooms].reverse()) {
        const { latencies, cpuMicrosPerUpdate } = await room.measure(s.rounds);
        results.add(W.feed, 'kring', `server CPU per update, checks ${checks}`, cpuMicrosPerUpdate, 'µs');
        results.add(W.feed, 'kring', `p50, checks ${checks}`, percentile(latencies, 50), 'ms');
        results.add(W.feed, 'kring', `p99, checks ${checks}`, percentile(latencies, 99), 'ms');
        log(`kring feed, checks ${checks}: ${cpuMicrosPerUpdate.toFixed(0)} µs CPU per update, p99 ${percentile(latencies, 99).toFixed(2)} ms`);
      }
    }
    results.note(
      `${W.feed}: every simulated device is its own person and comments and likes as that person (so none is refused); the clients carry no presence, so the CPU is the updates' alone.`,
    );
  } finally {
    for (const { room } of rooms) room.close();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/** A part of Kring whose cost on the relay and the offline day is measured by switching it off (for the benchmark only). */
interface CostSwitch {
  /** What it is called in the results: "quotas", "access log". */
  name: string;
  /** The environment variable that switches it off, read by configFromEnv. */
  variable: string;
  /** The `BENCH_ONLY` group. */
  group: string;
  /** The results file under test/bench/results. */
  file: string;
  /** The space the documents are in and the people are members of: the access log only logs client spaces. */
  spaceId: string;
  /** With it, each figure at most this many times the one without. */
  goal: number;
}

const COST_SWITCHES: CostSwitch[] = [
  { name: 'quotas', variable: 'BENCH_WITHOUT_QUOTAS', group: 'quotas', file: 'quota-cost.md', spaceId: 'noord', goal: QUOTA_COST_GOAL },
  { name: 'access log', variable: 'BENCH_WITHOUT_ACCESS_LOG', group: 'access-log', file: 'access-log-cost.md', spaceId: 'clientenplein', goal: 1.1 },
];

/**
 * What a part of Kring costs (the quotas, issue 13; the access log, issue 12): the relay and offline-day rows on
 * two Kring servers at once, one as it ships and one started with the switch's variable (read by configFromEnv,
 * for the benchmark only), in alternating blocks so the machine's other work falls on both. Every simulated
 * device is its own person; each block's offline device is a new person, so no person's new documents an hour
 * run out over the blocks.
 */
async function quotaCostWorkload(cost: CostSwitch): Promise<QuotaCostRow[]> {
  const servers: { quotas: 'on' | 'off'; server: RunningServer; people: Awaited<ReturnType<typeof seedPeople>> }[] = [];
  const figures = new Map<string, { on: number[]; off: number[] }>();
  const record = (row: string, quotas: 'on' | 'off', value: number) => {
    const entry = figures.get(row) ?? { on: [], off: [] };
    entry[quotas].push(value);
    figures.set(row, entry);
  };
  const offlineKinds = ['stayed-open', 'fresh-start', 'realistic'] as const;
  try {
    for (const quotas of ['on', 'off'] as const) {
      const server = await startServer('kring', quotas === 'off' ? { env: { [cost.variable]: '1' } } : {});
      servers.push({ quotas, server, people: [] });
      // The relay's people, then one device's person per block and offline variant.
      const people = await seedPeople(server, Math.max(...SIZE.relay.map((size) => size.clients)) + SIZE.quotaCost.blocks * offlineKinds.length, {
        label: `${cost.group}-${quotas}`,
        spaceId: cost.spaceId,
      });
      servers[servers.length - 1].people = people;
    }
    for (let block = 0; block < SIZE.quotaCost.blocks; block++) {
      for (const { quotas, server, people } of block % 2 === 0 ? servers : [...servers].reverse()) {
        const relayPeople = people.slice(0, Math.max(...SIZE.relay.map((size) => size.clients)));
        const devicePeople = people.slice(relayPeople.length);
        // The server's own CPU time for the same work: unlike latency, hardly moved by the machine's other work.
        const cpuMs = async <T>(row: string, work: () => Promise<T>): Promise<T> => {
          const before = cpuNanoseconds(server);
          const result = await work();
          record(`${row}: server CPU (ms)`, quotas, (cpuNanoseconds(server) - before) / 1e6);
          return result;
        };
        for (const size of SIZE.relay) {
          const { latencies } = await cpuMs(`relay, ${size.clients} clients (joining, ${size.rounds} rounds)`, () =>
            relayLatency(server, { ...size, docName: `${cost.spaceId}/page/quota-relay-${size.clients}-${block}`, people: relayPeople.slice(0, size.clients) }),
          );
          record(`relay latency, ${size.clients} clients: p50 (ms)`, quotas, percentile(latencies, 50));
          record(`relay latency, ${size.clients} clients: p99 (ms)`, quotas, percentile(latencies, 99));
        }
        for (const [k, variant] of (['stayed-open', 'fresh-start'] as const).entries()) {
          const label = variant === 'stayed-open' ? W.stayedOpen : W.freshStart;
          const day = await cpuMs(label, () =>
            offlineDay(server, variant, { ...SIZE.offlineDay, prefix: `quota-day-${variant}-${block}`, space: cost.spaceId, as: devicePeople[block * offlineKinds.length + k] }),
          );
          record(`${label}: time until the server holds everything (ms)`, quotas, day.timeMs);
        }
        const realistic = await cpuMs(W.realistic, () =>
          offlineDayRealistic(server, { ...SIZE.realistic, prefix: `quota-realistic-${block}`, space: cost.spaceId, as: devicePeople[block * offlineKinds.length + 2] }),
        );
        record(`${W.realistic}: time until both sides hold everything (ms)`, quotas, realistic.timeMs);
        log(`kring ${cost.name} ${quotas}, block ${block + 1}: relay and offline day done`);
      }
    }
  } finally {
    await Promise.all(servers.map(({ server }) => server.stop()));
  }
  return [...figures].map(([row, { on, off }]) => {
    const withQuotas = median(on);
    const without = median(off);
    // How sure the ratio is, from how the blocks of each server lie apart: the goal is met when even the interval's
    // top is within it, missed when even its bottom is above it; otherwise the machine's other work moved the
    // figures more than the part could, and the row cannot tell.
    const [low, high] = ratioInterval(on, off);
    return { row, withQuotas, without, ratio: withQuotas / without, low, high, verdict: high <= cost.goal ? 'met' : low > cost.goal ? 'missed' : 'unsure' };
  });
}

interface QuotaCostRow {
  row: string;
  withQuotas: number;
  without: number;
  ratio: number;
  /** The 90 % bootstrap interval of the ratio over the blocks (`ratioInterval`). */
  low: number;
  high: number;
  verdict: 'met' | 'missed' | 'unsure';
}

function median(values: number[]): number {
  return percentile(values, 50);
}

async function writeQuotaCost(cost: CostSwitch, rows: QuotaCostRow[], seconds: number, loadAtEnd: number): Promise<void> {
  const m = machine();
  const goal = `with the ${cost.name} at most ${cost.goal.toFixed(2)} × without`;
  const verdict = (row: QuotaCostRow) =>
    row.verdict === 'met' ? 'met' : row.verdict === 'missed' ? '**not met**' : `cannot tell (${row.ratio <= cost.goal ? 'met' : 'not met'} by the medians only)`;
  const markdown = [
    `# What the ${cost.name} costs`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${process.version} (load average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end)` +
      `${QUICK ? ', quick mode (smaller sizes)' : ''}, in ${Math.round(seconds)} s: \`BENCH_ONLY=${cost.group}\`. Two Kring servers ran at once, one as it ships and one started with` +
      ` \`${cost.variable}=1\`; ${SIZE.quotaCost.blocks} blocks each, alternating, every figure the median of the blocks. Every simulated device is its own person, a member of \`${cost.spaceId}\`.`,
    '',
    `Goal per row: ${goal}. The interval is where the ratio lies with 90 % confidence (a bootstrap over the blocks, test/bench/lib/stats.ts): the goal is met when the interval's top is within it, not met when its bottom is above it, and otherwise the blocks lay too far apart (the machine's other work) for the row to tell; more blocks (\`BENCH_COST_BLOCKS\`) narrow it. The rows "server CPU" give the server process's own CPU time (all threads, \`/proc/<pid>/task/*/schedstat\`) for the same work: the machine's other work moves them far less than latencies, so they are the rows that show the part's cost.`,
    '',
    `| row | with the ${cost.name} | without | ratio | 90 % interval | goal |`,
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.row} | ${r.withQuotas.toFixed(2)} | ${r.without.toFixed(2)} | ${r.ratio.toFixed(2)} | ${r.low.toFixed(2)}–${r.high.toFixed(2)} | ${verdict(r)} |`),
    '',
  ].join('\n');
  const dir = join(BENCH, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, cost.file), markdown);
  log(`wrote test/bench/results/${cost.file}`);
  console.log(`\n${markdown}`);
}

/** Opens documents on all three servers in turn, then measures each again once its clients have been gone long enough. */
async function memoryWorkload(run: number): Promise<void> {
  const running: { server: RunningServer; open: OpenFigures }[] = [];
  try {
    for (const system of SERVERS) {
      await attempt(`${system} memory (run ${run + 1})`, async () => {
        const server = await startServer(system, { inspect: true });
        try {
          const open = await openAndLeave(server, SIZE.memory.docs, SIZE.memory.pageBytes, 'memory');
          running.push({ server, open });
          const perDocument = (open.open.heapUsed + open.open.external - open.baseline.heapUsed - open.baseline.external) / SIZE.memory.docs;
          results.add(W.memoryOpen, system, 'heap + external per open document', perDocument / 1000, 'kB');
          results.add(W.memoryOpen, system, 'RSS per open document', (open.open.rss - open.baseline.rss) / SIZE.memory.docs / 1000, 'kB');
          log(`${system} memory: ${(perDocument / 1000).toFixed(1)} kB per open document (${open.documentsOpen} open)`);
        } catch (error) {
          await server.stop();
          throw error;
        }
      });
    }
    for (const { server, open } of running) {
      await attempt(`${server.system} memory after idle (run ${run + 1})`, async () => {
        const idle = await afterIdle(server, open.leftAt, SIZE.memory.idleMs);
        results.add(W.memoryIdle, server.system, 'documents still in memory', idle.documentsInMemory, 'documents');
        results.add(W.memoryIdle, server.system, 'heap + external above the empty server', (idle.idle.heapUsed + idle.idle.external - open.baseline.heapUsed - open.baseline.external) / 1e6, 'MB');
        log(`${server.system} after idle: ${idle.documentsInMemory} documents in memory`);
      });
    }
  } finally {
    await Promise.all(running.map(({ server }) => server.stop()));
  }
}

async function documentLevel(): Promise<void> {
  const s = SIZE.document;
  const add = (workload: string, metric: string, unit: string, kring: number, automerge: number) => {
    results.add(workload, 'kring', metric, kring, unit);
    results.add(workload, 'automerge', metric, automerge, unit);
  };
  for (let run = 0; run < RUNS; run++) {
    await attempt('document level: offline day merge', async () => {
      const merge = mergeOfflineDay(s.docs, s.edits, s.chars);
      add(W.docMerge, 'time until the server copy holds everything', 'ms', merge.yjs.timeMs, merge.automerge.timeMs);
      add(W.docMerge, 'bytes exchanged', 'kB', merge.yjs.bytes / 1000, merge.automerge.bytes / 1000);
    });
    await attempt('document level: load', async () => {
      const load = loadPage(s.pageChars, s.loads);
      add(W.docLoad, 'load time', 'ms', load.yjs.timeMs, load.automerge.timeMs);
      add(W.docLoad, 'saved size', 'kB', load.yjs.bytes / 1000, load.automerge.bytes / 1000);
    });
  }
  await attempt('document level: memory', async () => {
    const memory = await memoryPerDocument(s.chars, s.memoryDocs);
    add(W.docMemory, 'heap + external it holds', 'kB', memory.yjs / 1000, memory.automerge / 1000);
  });
  log('document level done');
}

async function browserWorkloads(): Promise<void> {
  await withServer('kring', async (server) => {
    const size = await seedLargePage(server, SIZE.browser.pageBytes);
    results.note(`The browser's protocol page is ${(size / 1000).toFixed(1)} kB as a Yjs update.`);
    if (ONLY.has('browser')) {
      await attempt('browser: page open', async () => {
        const profile = await prepareDevice(server);
        try {
          for (let i = 0; i < SIZE.browser.opens; i++) {
            const figures = await openFromDevice(server, profile);
            results.add(W.coldOpen, 'kring', 'navigation start to the last paragraph shown', figures.coldMs, 'ms');
            results.add(W.inAppOpen, 'kring', 'click to the last paragraph shown', figures.inAppMs, 'ms');
            log(`browser open: cold ${figures.coldMs.toFixed(0)} ms, in the app ${figures.inAppMs.toFixed(0)} ms`);
          }
        } finally {
          await rm(profile, { recursive: true, force: true });
        }
      });
      await attempt(W.homeOpen, async () => {
        const profile = await prepareDevice(server, HOME_OPENED);
        try {
          for (let i = 0; i < SIZE.browser.opens; i++) {
            const figures = await openFromDevice(server, profile, HOME_OPENED);
            results.add(W.homeOpen, 'kring', 'navigation start to the day drawn', figures.coldMs, 'ms');
            results.add(W.homeOpen, 'kring', 'click to the day drawn', figures.inAppMs, 'ms');
            log(`home open: cold ${figures.coldMs.toFixed(0)} ms, in the app ${figures.inAppMs.toFixed(0)} ms`);
          }
        } finally {
          await rm(profile, { recursive: true, force: true });
        }
      });
      for (const [workload, route] of [
        [W.firstRoute, START_PAGE],
        [W.pageRoute, PROTOCOL_PAGE],
      ] as const) {
        await attempt(workload, async () => {
          const scripts = await routeScripts(server, route.path, route.ready);
          results.add(workload, 'kring', 'gzip -9, summed per file', scripts.gzipBytes / 1000, 'kB');
          results.add(workload, 'kring', 'uncompressed', scripts.rawBytes / 1000, 'kB');
          log(`${route.path}: ${scripts.files} scripts, ${(scripts.gzipBytes / 1000).toFixed(1)} kB gzip`);
        });
      }
    }
    if (ONLY.has('lighthouse')) {
      let ran = 0;
      let lastError = '';
      for (let i = 0; i < SIZE.lighthouse.runs; i++) {
        try {
          const lh = await lighthouseScore(`${server.httpUrl}/`, server.cookie as string);
          results.add(W.lighthouse, 'kring', 'performance score', lh.score, 'points', 'higher');
          results.add(W.lighthouse, 'kring', 'largest contentful paint (simulated)', lh.lcpMs, 'ms');
          results.add(W.lighthouse, 'kring', 'total blocking time (simulated)', lh.tbtMs, 'ms');
          log(`Lighthouse: ${lh.score.toFixed(0)} (LCP ${lh.lcpMs.toFixed(0)} ms, TBT ${lh.tbtMs.toFixed(0)} ms)`);
          ran++;
        } catch (error) {
          lastError = error instanceof Error ? error.message.split('\n')[0] : String(error);
          log(`Lighthouse could not run: ${lastError}`);
        }
      }
      if (ran === 0) results.note(`Lighthouse could not run here, so there is no score: ${lastError}`);
    }
  });
}

/**
 * Chat, Kring only: delivery to 50 members beside the plain relay (same server, same people, alternating blocks),
 * then a day's chat opened from the device in Chromium.
 */
async function chatWorkload(): Promise<void> {
  const s = SIZE.chat;
  await withServer('kring', async (server) => {
    await attempt(W.chatDelivery, async () => {
      const people = await seedPeople(server, s.members, { label: 'chat' });
      const rooms: { workload: string; room: Room }[] = [];
      try {
        rooms.push({ workload: W.chatDelivery, room: await openChatRoom(server, people, { spaceId: 'noord', earlier: s.earlier, intervalMs: s.intervalMs }) });
        rooms.push({ workload: W.chatRelay, room: await openRelayRoom(server, people, { spaceId: 'noord', intervalMs: s.intervalMs }) });
        for (let block = 0; block < s.blocks; block++) {
          for (const { workload, room } of block % 2 === 0 ? rooms : [...rooms].reverse()) {
            const { latencies, cpuMicrosPerUpdate } = await room.measure(s.rounds);
            results.add(workload, 'kring', 'p50', percentile(latencies, 50), 'ms');
            results.add(workload, 'kring', 'p99', percentile(latencies, 99), 'ms');
            results.add(workload, 'kring', 'server CPU per update', cpuMicrosPerUpdate, 'µs');
            log(`${workload}: p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, ${cpuMicrosPerUpdate.toFixed(0)} µs CPU per update`);
          }
        }
      } finally {
        for (const { room } of rooms) room.close();
      }
    });
  });
  // A server of its own: the delivery filled this month's chat of the space.
  await withServer('kring', async (server) => {
    await attempt(W.chatOpen, async () => {
      const opened = await seedChatDay(server, s.dayMessages, { spaceId: 'noord', writers: 5 });
      const profile = await prepareDevice(server, opened);
      try {
        for (let i = 0; i < s.opens; i++) {
          const figures = await openFromDevice(server, profile, opened);
          results.add(W.chatOpen, 'kring', 'navigation start to the newest message shown', figures.coldMs, 'ms');
          results.add(W.chatOpen, 'kring', 'click to the newest message shown', figures.inAppMs, 'ms');
          log(`chat day open: cold ${figures.coldMs.toFixed(0)} ms, in the app ${figures.inAppMs.toFixed(0)} ms`);
        }
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    });
  });
}

/** The inbox, Kring only: Anna names Bram, one mention after the other, until his open app shows it. */
async function inboxWorkload(): Promise<void> {
  await withServer('kring', async (server) => {
    await attempt(W.inboxMention, async () => {
      const [anna, bram] = await seedPeople(server, 2, { label: 'inbox' });
      const latencies = await mentionToOpenApp(server, anna, bram, SIZE.inbox.rounds, { spaceId: 'noord', warmup: SIZE.inbox.warmup });
      results.add(W.inboxMention, 'kring', 'p50', percentile(latencies, 50), 'ms');
      results.add(W.inboxMention, 'kring', 'p99', percentile(latencies, 99), 'ms');
      log(`${W.inboxMention}: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms over ${latencies.length} mentions`);
    });
  });
}

/** A news article to the whole organisation, Kring only: until every inbox holds it, and the relay meanwhile. */
async function fanoutWorkload(): Promise<void> {
  await withServer('kring', async (server) => {
    await attempt(W.fanout, async () => {
      const f = await fanOutNews(server, SIZE.fanout);
      const lastSample = Math.max(...f.sampleMs);
      results.add(W.fanout, 'kring', 'publish request to its answer', f.answeredMs, 'ms');
      results.add(W.fanout, 'kring', 'to a news row for every person in the database', f.databaseMs, 'ms');
      results.add(W.fanout, 'kring', `to the last of ${f.sampleMs.length} sampled open apps showing it`, lastSample, 'ms');
      results.add(W.fanout, 'kring', `sampled open apps showing it, p50`, percentile(f.sampleMs, 50), 'ms');
      results.add(W.fanout, 'kring', 'news rows in the database at the end', f.rows, 'rows', 'higher');
      results.add(W.fanoutRelay, 'kring', 'idle p50', percentile(f.relayIdle, 50), 'ms');
      results.add(W.fanoutRelay, 'kring', 'idle p99', percentile(f.relayIdle, 99), 'ms');
      results.add(W.fanoutRelay, 'kring', 'during the fan-out p50', percentile(f.relayDuring, 50), 'ms');
      results.add(W.fanoutRelay, 'kring', 'during the fan-out p99', percentile(f.relayDuring, 99), 'ms');
      results.add(W.fanoutRelay, 'kring', 'during the fan-out max', Math.max(...f.relayDuring), 'ms');
      results.add(W.fanoutRelay, 'kring', 'keystrokes timed during the fan-out', f.relayDuring.length, 'keystrokes', 'higher');
      log(
        `${W.fanout}: answered ${f.answeredMs.toFixed(0)} ms, database ${f.databaseMs.toFixed(0)} ms (${f.rows} rows), last sample ${lastSample.toFixed(0)} ms; ` +
          `relay idle p99 ${percentile(f.relayIdle, 99).toFixed(1)} ms, during p99 ${percentile(f.relayDuring, 99).toFixed(1)} ms over ${f.relayDuring.length} keystrokes`,
      );
    });
  });
}

/** `BENCH_ONLY=fanout`: results/fanout.md, with the goals. */
async function writeFanout(): Promise<void> {
  const s = SIZE.fanout;
  const rows = results.results().filter((row) => row.workload === W.fanout || row.workload === W.fanoutRelay);
  await writeAlone('fanout.md', [
    '# Fan-out: a news article to everyone',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} × ${machine().cpuModel}, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end (${loadAtStart.toFixed(1)} at the start), with \`BENCH_ONLY=fanout\`${QUICK ? ' (quick mode: fewer people, not for the README)' : ''}. The machine was shared with other work (browser tests among it): every figure includes it.`,
    `Kring as it ships, with ${s.people.toLocaleString('en')} active employees written into the demo organisation's SQLite file before anything is timed (each a member of Noord or Zuid; inviting them through the API hashes a password each, minutes), so with the demo accounts everyone but the author and the editor hears of the article. ${s.samples} of them, spread over the list (the last included), have a session and an open app as the app has it: the live stream (GET /api/notifications/events) and, at each "changed", GET /api/notifications. Eva, the demo editor, reads a waiting submission and publishes it (POST /api/editorial/submissions/<id>/publish with the version she read).`,
    `Timed from sending the publish request: until its answer; until the server's database (read by the benchmark, read-only, every 20 ms) holds a \`news\` row for this article for every one of the ${s.people.toLocaleString('en')}; until each sampled app's inbox answer holds it. Every inbox is read from that table, so the database figure is the moment the last person has it; the samples check it over HTTP, each with their own session.`,
    `The relay: two more people of Noord on a 10 kB page, in turn one types a character, at most every ${s.intervalMs} ms, timed until the other applied it: ${s.idleRounds} keystrokes before the publish, then from the publish request until the fan-out is done (the database and every sample).`,
    '',
    '| workload | metric | value |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.workload} | ${row.metric} | ${row.unit === 'ms' ? row.value.toFixed(1) : row.value} ${row.unit} |`),
    '',
    ...goals()
      .filter((entry) => entry.goal.startsWith('fan-out'))
      .map(goalLine),
  ]);
}

/** `BENCH_ONLY=inbox`: results/inbox.md, with the goal. */
async function writeInbox(): Promise<void> {
  const v = (metric: string) => results.value(W.inboxMention, 'kring', metric)?.toFixed(1) ?? 'not measured';
  await writeAlone('inbox.md', [
    '# The inbox',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} × ${machine().cpuModel}, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end, with \`BENCH_ONLY=inbox\`.`,
    `Two people invited into Noord through the API. Anna's device (a Yjs client in Node, as the app's socket) posts naming Bram, ${SIZE.inbox.rounds} times one after the other (after ${SIZE.inbox.warmup} not counted); Bram's open app is what the app does: the live stream (GET /api/notifications/events) and, at each "changed", GET /api/notifications with its ETag. From the post made on Anna's device until Bram's inbox answer holds it: the server stores the update ("saved"), derives and stores the notification, tells the stream, and answers the inbox.`,
    '',
    '| workload | metric | value |',
    '|---|---|---|',
    ...['p50', 'p99'].map((metric) => `| ${W.inboxMention} | ${metric} | ${v(metric)} ms |`),
    '',
    ...goals()
      .filter((entry) => entry.goal.startsWith('inbox'))
      .map(goalLine),
  ]);
}

/** A goal as a results file states it: met or not, with the figures. */
function goalLine(goal: { goal: string; met: boolean | null; figure: string }): string {
  return `Goal: ${goal.goal}: ${goal.met === null ? 'not measured' : goal.met ? 'met' : '**not met**'} (${goal.figure}).`;
}

/** A group run alone writes its own file under results/: `lines`, then what failed, so the table of the peers stays as it was. */
async function writeAlone(file: string, lines: string[]): Promise<void> {
  const failed = results.notes.filter((note) => note.startsWith('FAILED')).map((note) => `\n${note}`);
  await mkdir(join(BENCH, 'results'), { recursive: true });
  await writeFile(join(BENCH, 'results', file), [...lines, ...failed, ''].join('\n'));
}

/** `BENCH_ONLY=chat`: results/chat.md, with the goals. */
async function writeChat(): Promise<void> {
  const chatGoals = goals().filter((entry) => entry.goal.startsWith('chat'));
  const v = (workload: string, metric: string) => results.value(workload, 'kring', metric)?.toFixed(1) ?? 'not measured';
  await writeAlone('chat.md', [
    `# Chat`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} × ${machine().cpuModel}, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end (${loadAtStart.toFixed(1)} at the start), with \`BENCH_ONLY=chat\`.`,
    `Delivery: ${SIZE.chat.members} devices in Node, each its own person (invited and logged in through the API), on Kring as it ships; the space's chat holds ${SIZE.chat.earlier} earlier messages; ${SIZE.chat.blocks} blocks of ${SIZE.chat.rounds} messages, alternating with the same people on a plain page; each figure is the median of the blocks.`,
    `Open: the built app in Debian's Chromium, logged in as Anna, who opened the chat once online; then the browser starts with no network, goes to the chat (cold, app start included) and, from the start page, follows a link to it (in the app); until the newest message is drawn. ${SIZE.chat.opens} times, the median.`,
    '',
    '| workload | metric | value |',
    '|---|---|---|',
    ...[W.chatDelivery, W.chatRelay].flatMap((workload) => ['p50', 'p99', 'server CPU per update'].map((metric) => `| ${workload} | ${metric} | ${v(workload, metric)} ${metric.includes('CPU') ? 'µs' : 'ms'} |`)),
    `| ${W.chatOpen} | navigation start to the newest message shown | ${v(W.chatOpen, 'navigation start to the newest message shown')} ms |`,
    `| ${W.chatOpen} | click to the newest message shown | ${v(W.chatOpen, 'click to the newest message shown')} ms |`,
    '',
    ...chatGoals.map(goalLine),
  ]);
}

async function peopleWorkload(): Promise<void> {
  await withServer('kring', async (server) => {
    const { keys, cpu, people } = await searchPeople(server, SIZE.people.count);
    if (people === 0) throw new Error('the smoelenboek showed nobody');
    const samples = keys.map((key) => key.timer);
    const drawn = keys.map((key) => key.drawn);
    results.add(W.people, 'kring', 'p50', percentile(samples, 50), 'ms');
    results.add(W.people, 'kring', 'p99', percentile(samples, 99), 'ms');
    results.add(W.people, 'kring', 'p50 searched and drawn', percentile(drawn, 50), 'ms');
    results.add(W.people, 'kring', 'p99 searched and drawn', percentile(drawn, 99), 'ms');
    results.add(W.people, 'kring', 'p50 main-thread CPU', percentile(cpu, 50), 'ms');
    results.add(W.people, 'kring', 'p99 main-thread CPU', percentile(cpu, 99), 'ms');
    results.add(W.people, 'kring', 'keystrokes timed', samples.length, 'count', 'higher');
    const slowest = [...keys].sort((a, b) => b.timer - a.timer).slice(0, 5);
    results.note(`smoelenboek: the slowest keystrokes (typed: until drawn / until the timer): ${slowest.map((key) => `"${key.typed}" ${key.drawn.toFixed(1)} / ${key.timer.toFixed(1)} ms`).join(', ')}`);
    log(`smoelenboek: p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms over ${samples.length} keystrokes (drawn: p50 ${percentile(drawn, 50).toFixed(1)}, p99 ${percentile(drawn, 99).toFixed(1)})`);
  });
}

/**
 * The throughput workload on Kring with its documents in SQLite and on Kring with them in Postgres (a server the
 * benchmark starts, test/support/postgres.ts: fsync on, on this machine's disk), alternating per run so other work
 * on the machine falls on both.
 */
const postgresRuns: string[] = [];

async function postgresWorkload(): Promise<void> {
  const postgres = await startPostgres();
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const storage of ['SQLite', 'Postgres'] as const) {
        const env = storage === 'Postgres' ? { DATABASE_URL: await postgres.createDatabase() } : undefined;
        await attempt(`kring throughput, documents in ${storage} (run ${run + 1})`, async () => {
          const server = await startServer('kring', { env });
          try {
            const perSecond = await durableThroughput(server, { ...SIZE.throughput, prefix: 'storage' });
            results.add(W.postgres, 'kring', `updates acknowledged per second, ${storage}`, perSecond, 'updates/s', 'higher');
            postgresRuns.push(`${storage} ${perSecond.toFixed(0)}`);
            log(`kring throughput, documents in ${storage}: ${perSecond.toFixed(0)} updates/s`);
          } catch (error) {
            throw diagnose(server, error);
          } finally {
            await server.stop();
          }
        });
      }
    }
  } finally {
    await postgres.stop();
  }
}

/** `BENCH_ONLY=postgres`: results/postgres.md, with the goal. */
async function writePostgres(loadAtStart: number): Promise<void> {
  const goal = goals().find((entry) => entry.goal.includes('Postgres'))!;
  const v = (storage: string) => results.value(W.postgres, 'kring', `updates acknowledged per second, ${storage}`);
  await writeAlone('postgres.md', [
    `# ${W.postgres}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} × ${machine().cpuModel}, Node ${process.version}, load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end (the machine is shared), with \`BENCH_ONLY=postgres\`; medians of ${RUNS} runs each, alternating.`,
    `The throughput workload (${SIZE.throughput.writers} writers on their own documents, each its own person, at most ${SIZE.throughput.maxRatePerWriter} updates/s each, batches of ${SIZE.throughput.batch} with ${SIZE.throughput.inFlightBatches} in flight, ${SIZE.throughput.measureMs / 1000} s measured after ${SIZE.throughput.warmupMs / 1000} s) on the built app, once with the documents in its SQLite file (WAL, synchronous = FULL) and once with DATABASE_URL set to a Postgres ${postgresVersion()} on the same machine and disk (fsync on, synchronous_commit on): an update counts once Kring said "saved".`,
    '',
    '| documents in | updates acknowledged per second |',
    '|---|---|',
    `| SQLite | ${v('SQLite')?.toFixed(0) ?? 'not measured'} |`,
    `| Postgres | ${v('Postgres')?.toFixed(0) ?? 'not measured'} |`,
    '',
    `Every run in order (updates/s): ${postgresRuns.join(', ')}. Runs differ a lot on this shared machine (other work, a cold process; for Postgres also a fresh cluster still making its write-ahead log files): the medians are what to compare.`,
    '',
    goalLine(goal),
  ]);
}

function postgresVersion(): string {
  try {
    return readdirSync('/usr/lib/postgresql').sort().at(-1) ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function searchWorkload(): Promise<void> {
  await withServer('kring', async (server) => {
    const figures = await searchDocuments(server, SIZE.search.documents);
    const samples = figures.keys.map((key) => key.ms);
    results.add(W.searchIndex, 'kring', 'time', figures.indexMs, 'ms');
    results.add(W.searchIndex, 'kring', "main thread's longest task", figures.longestTaskMs, 'ms');
    results.add(W.searchQuery, 'kring', 'p50', percentile(samples, 50), 'ms');
    results.add(W.searchQuery, 'kring', 'p99', percentile(samples, 99), 'ms');
    results.add(W.searchQuery, 'kring', 'keystrokes timed', samples.length, 'count', 'higher');
    const slowest = [...figures.keys].sort((a, b) => b.ms - a.ms).slice(0, 5);
    results.note(`search: the slowest keystrokes: ${slowest.map((key) => `"${key.typed}" ${key.ms.toFixed(1)} ms`).join(', ')}`);
    log(`search: indexed ${figures.documents} in ${(figures.indexMs / 1000).toFixed(1)} s (longest task ${figures.longestTaskMs.toFixed(0)} ms); query p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms over ${samples.length} keystrokes`);
  });
}

/** `BENCH_ONLY=search`: results/search.md, with the goal. */
async function writeSearch(): Promise<void> {
  const v = (workload: string, metric: string) => results.value(workload, 'kring', metric);
  const p99 = v(W.searchQuery, 'p99');
  await writeAlone('search.md', [
    `# Search on the device: ${SIZE.search.documents} documents (4× CPU throttling)`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} × ${machine().cpuModel}, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}, with \`BENCH_ONLY=search\`.`,
    `The built app's /search page at 360 px, logged in as Anna, with ${SIZE.search.documents} generated pages (a title and four paragraphs of Dutch care words each) put into her IndexedDB as y-dexie keeps them. See test/bench/workloads/search.ts.`,
    '',
    '| metric | value |',
    '|---|---|',
    `| index ${SIZE.search.documents} documents in the background, from opening the search page (1.5 s wait for quiet included) | ${((v(W.searchIndex, 'time') ?? NaN) / 1000).toFixed(1)} s |`,
    `| the page's longest main-thread task meanwhile (0: none over 50 ms) | ${v(W.searchIndex, "main thread's longest task")?.toFixed(0)} ms |`,
    `| query, p50 per keystroke until the answer is drawn | ${v(W.searchQuery, 'p50')?.toFixed(1)} ms |`,
    `| query, p99 per keystroke until the answer is drawn | ${p99?.toFixed(1)} ms |`,
    `| keystrokes timed | ${v(W.searchQuery, 'keystrokes timed')} |`,
    '',
    ...results.notes.filter((note) => note.startsWith('search:')),
    '',
    `Goal: a query over them answers in under 30 ms p99: ${p99 === undefined ? 'not measured' : p99 < 30 ? 'met' : '**not met**'}.`,
  ]);
}

/** `BENCH_ONLY=people`: results/people-search.md, with the goal. */
async function writePeopleSearch(): Promise<void> {
  const goal = goals().find((entry) => entry.goal.startsWith('smoelenboek'))!;
  const v = (metric: string) => results.value(W.people, 'kring', metric);
  await writeAlone('people-search.md', [
    `# ${W.people}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine().cpus} × ${machine().cpuModel}, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}, with \`BENCH_ONLY=people\`.`,
    `The built app's /people page at 360 px, logged in as Anna, its \`GET /api/people\` answered with ${SIZE.people.count} generated colleagues; ${QUERIES_NOTE}`,
    '',
    '| metric | value |',
    '|---|---|',
    `| p50 per keystroke | ${v('p50')?.toFixed(1)} ms |`,
    `| p99 per keystroke | ${v('p99')?.toFixed(1)} ms |`,
    `| p50 until searched and drawn | ${v('p50 searched and drawn')?.toFixed(1)} ms |`,
    `| p99 until searched and drawn | ${v('p99 searched and drawn')?.toFixed(1)} ms |`,
    `| p50 main-thread CPU, unthrottled | ${v('p50 main-thread CPU')?.toFixed(1)} ms |`,
    `| p99 main-thread CPU, unthrottled | ${v('p99 main-thread CPU')?.toFixed(1)} ms |`,
    `| keystrokes timed | ${v('keystrokes timed')} |`,
    '',
    'The times are wall-clock in the throttled page, so other work on the machine adds to them. The main-thread CPU time comes from a second pass without throttling (Chromium\'s `ThreadTime` around every keystroke, until the next frame was drawn and a timer after it; about 1.5 ms of it is the asking): other processes do not inflate it, and four times it is what a phone four times slower would spend.',
    '',
    ...results.notes.filter((note) => note.startsWith('smoelenboek:')),
    '',
    goalLine(goal),
  ]);
}

const QUERIES_NOTE =
  '14 queries typed a key at a time (the first one as warm-up), each key timed in the page from its input event until a timer after Svelte drew the new list (the search, and the first 20 people drawn), then once more without throttling for the page’s main-thread CPU time per keystroke.';

/** Each goal of issue 5 against the medians: met or not, with the figures. */
function goals(): { goal: string; met: boolean | null; figure: string }[] {
  const v = (workload: string, system: System, metric: string) => results.value(workload, system, metric);
  const fmt = (value: number | undefined, digits = 1) => (value === undefined ? 'not measured' : value.toFixed(digits));
  const out: { goal: string; met: boolean | null; figure: string }[] = [];
  const check = (goal: string, met: boolean | null, figure: string) => out.push({ goal, met, figure });

  const p99 = v(W.relay100, 'kring', 'p99');
  const peerP99 = [v(W.relay100, 'y-websocket-server', 'p99'), v(W.relay100, 'hocuspocus', 'p99')].filter((x): x is number => x !== undefined);
  const bestPeer = peerP99.length > 0 ? Math.min(...peerP99) : undefined;
  check(
    'relay p99 at 100 clients no worse than the best peer (ratio ≤ 1.0)',
    p99 === undefined || bestPeer === undefined ? null : p99 <= bestPeer,
    `Kring ${fmt(p99, 2)} ms, best peer ${fmt(bestPeer, 2)} ms, ratio ${p99 !== undefined && bestPeer ? (p99 / bestPeer).toFixed(2) : '–'}`,
  );
  for (const workload of [W.stayedOpen, W.freshStart]) {
    const kring = v(workload, 'kring', 'time until the server holds everything');
    const reference = v(workload, 'y-websocket-server', 'time until the server holds everything');
    check(
      `${workload}: at most half the reference server's time`,
      kring === undefined || reference === undefined ? null : kring <= reference / 2,
      `Kring ${fmt(kring, 0)} ms, reference ${fmt(reference, 0)} ms, ratio ${kring !== undefined && reference ? (kring / reference).toFixed(2) : '–'}`,
    );
  }
  const sockets = v(W.realistic, 'kring', 'sockets opened');
  check(
    `${W.realistic}: without one socket and one round trip per document`,
    sockets === undefined ? null : sockets < SIZE.realistic.docs / 2,
    `Kring opened ${fmt(sockets, 0)} sockets` +
      `${v(W.realistic, 'kring', 'HTTP requests') ? ` and made ${fmt(v(W.realistic, 'kring', 'HTTP requests'), 0)} HTTP requests` : ''}` +
      ` for ${SIZE.realistic.docs} documents in ${fmt(v(W.realistic, 'kring', 'time until both sides hold everything'), 0)} ms`,
  );
  const idle = v(W.memoryIdle, 'kring', 'documents still in memory');
  check('no document in server memory 30 s after its last client left', idle === undefined ? null : idle === 0, `Kring holds ${fmt(idle, 0)} documents`);
  const perDoc = v(W.memoryOpen, 'kring', 'heap + external per open document');
  const refPerDoc = v(W.memoryOpen, 'y-websocket-server', 'heap + external per open document');
  check(
    "heap per open document at most half the reference server's",
    perDoc === undefined || refPerDoc === undefined ? null : perDoc <= refPerDoc / 2,
    `Kring ${fmt(perDoc)} kB, reference ${fmt(refPerDoc)} kB, ratio ${perDoc !== undefined && refPerDoc ? (perDoc / refPerDoc).toFixed(2) : '–'}`,
  );
  const throughput = v(W.throughput, 'kring', 'updates acknowledged per second');
  const cap = SIZE.throughput.writers * SIZE.throughput.maxRatePerWriter;
  check(
    'at least 5,000 durable updates per second',
    throughput === undefined ? null : throughput >= 5000,
    `Kring ${fmt(throughput, 0)} updates/s stored and acknowledged (the harness offers at most ${cap}/s)`,
  );
  const onPostgres = v(W.postgres, 'kring', 'updates acknowledged per second, Postgres');
  const onSqlite = v(W.postgres, 'kring', 'updates acknowledged per second, SQLite');
  check(
    'at least 5,000 durable updates per second with the documents in Postgres',
    onPostgres === undefined ? null : onPostgres >= 5000,
    `Kring on Postgres ${fmt(onPostgres, 0)} updates/s, on SQLite ${fmt(onSqlite, 0)} updates/s in the same alternating runs (the harness offers at most ${cap}/s)`,
  );
  const checksOn = v(W.feed, 'kring', 'server CPU per update, checks on');
  const checksOff = v(W.feed, 'kring', 'server CPU per update, checks off');
  check(
    'authorship checks on a feed: server CPU per update at most 1.10 × without them',
    checksOn === undefined || checksOff === undefined ? null : checksOn <= 1.1 * checksOff,
    `with ${fmt(checksOn, 0)} µs, without ${fmt(checksOff, 0)} µs, ratio ${checksOn !== undefined && checksOff ? (checksOn / checksOff).toFixed(2) : '–'} (median of ${SIZE.feed.blocks} blocks of ${SIZE.feed.rounds} updates)`,
  );
  const cold = v(W.coldOpen, 'kring', 'navigation start to the last paragraph shown');
  const inApp = v(W.inAppOpen, 'kring', 'click to the last paragraph shown');
  check(
    'the 100 KB page open in under 100 ms (cold open from IndexedDB)',
    cold === undefined ? null : cold < 100,
    `cold open ${fmt(cold, 0)} ms (app start included); opened from within the running app ${fmt(inApp, 0)} ms`,
  );
  const homeInApp = v(W.homeOpen, 'kring', 'click to the day drawn');
  check(
    'home "Vandaag" opens from the device in under 300 ms',
    homeInApp === undefined ? null : homeInApp < 300,
    `from within the app ${fmt(homeInApp, 0)} ms; cold open (app start included) ${fmt(v(W.homeOpen, 'kring', 'navigation start to the day drawn'), 0)} ms`,
  );
  const js = v(W.firstRoute, 'kring', 'gzip -9, summed per file');
  check('at most 150 KB gzip of JavaScript for the first route', js === undefined ? null : js <= 150, `${fmt(js)} kB`);
  const peopleP99 = v(W.people, 'kring', 'p99');
  check(
    'smoelenboek: a search among 5,000 people answers in under 30 ms p99 (Chromium, 4× CPU throttling)',
    peopleP99 === undefined ? null : peopleP99 < 30,
    `p99 ${fmt(peopleP99)} ms, p50 ${fmt(v(W.people, 'kring', 'p50'))} ms per keystroke (search and drawing the first 20)`,
  );
  for (const metric of ['p50', 'p99']) {
    const chat = v(W.chatDelivery, 'kring', metric);
    const relay = v(W.chatRelay, 'kring', metric);
    check(
      `chat: a message delivered to ${SIZE.chat.members} members no slower than the plain relay (${metric})`,
      chat === undefined || relay === undefined ? null : chat <= relay,
      `chat ${fmt(chat, 2)} ms, relay ${fmt(relay, 2)} ms, ratio ${chat !== undefined && relay ? (chat / relay).toFixed(2) : '–'}`,
    );
  }
  const mentionP99 = v(W.inboxMention, 'kring', 'p99');
  check("inbox: a mention reaches the other person's open app in under 2 s (p99)", mentionP99 === undefined ? null : mentionP99 < 2000, `p99 ${fmt(mentionP99, 0)} ms, p50 ${fmt(v(W.inboxMention, 'kring', 'p50'), 0)} ms`);
  const fanoutDatabase = v(W.fanout, 'kring', 'to a news row for every person in the database');
  const fanoutSample = results.results().find((row) => row.workload === W.fanout && row.metric.startsWith('to the last of'))?.value;
  const fanoutAll = fanoutDatabase === undefined || fanoutSample === undefined ? undefined : Math.max(fanoutDatabase, fanoutSample);
  check(
    `fan-out: every inbox holds a news article within ${FANOUT_GOAL_MS / 1000} s of publishing it to ${SIZE.fanout.people.toLocaleString('en')} people`,
    fanoutAll === undefined ? null : fanoutAll < FANOUT_GOAL_MS && v(W.fanout, 'kring', 'news rows in the database at the end') === SIZE.fanout.people,
    `database ${fmt(fanoutDatabase, 0)} ms (${fmt(v(W.fanout, 'kring', 'news rows in the database at the end'), 0)} rows), last sampled app ${fmt(fanoutSample, 0)} ms, publish answered in ${fmt(v(W.fanout, 'kring', 'publish request to its answer'), 0)} ms`,
  );
  const idleP99 = v(W.fanoutRelay, 'kring', 'idle p99');
  const duringP99 = v(W.fanoutRelay, 'kring', 'during the fan-out p99');
  check(
    `fan-out: the relay unaffected meanwhile (p99 during the fan-out at most ${FANOUT_RELAY_RATIO} × idle, or under ${FANOUT_RELAY_MS} ms)`,
    idleP99 === undefined || duringP99 === undefined ? null : duringP99 <= FANOUT_RELAY_RATIO * idleP99 || duringP99 < FANOUT_RELAY_MS,
    `p99 ${fmt(duringP99)} ms during (max ${fmt(v(W.fanoutRelay, 'kring', 'during the fan-out max'))} ms, ${fmt(v(W.fanoutRelay, 'kring', 'keystrokes timed during the fan-out'), 0)} keystrokes), ${fmt(idleP99)} ms idle; p50 ${fmt(v(W.fanoutRelay, 'kring', 'during the fan-out p50'))} ms during, ${fmt(v(W.fanoutRelay, 'kring', 'idle p50'))} ms idle`,
  );
  const chatCold = v(W.chatOpen, 'kring', 'navigation start to the newest message shown');
  const chatInApp = v(W.chatOpen, 'kring', 'click to the newest message shown');
  check(
    `chat: a day's chat (${SIZE.chat.dayMessages.toLocaleString('en')} messages) opened from the device in under 100 ms`,
    chatInApp === undefined ? null : chatInApp < 100,
    `from within the app ${fmt(chatInApp, 0)} ms; cold open (app start included) ${fmt(chatCold, 0)} ms`,
  );
  const score = v(W.lighthouse, 'kring', 'performance score');
  check(
    'Lighthouse performance at least 95',
    score === undefined ? null : score >= 95,
    score === undefined
      ? 'no score (see notes)'
      : `${fmt(score, 0)} (LCP ${fmt(v(W.lighthouse, 'kring', 'largest contentful paint (simulated)'), 0)} ms, TBT ${fmt(v(W.lighthouse, 'kring', 'total blocking time (simulated)'), 0)} ms, simulated mobile)`,
  );
  return out;
}

function versions(): Record<string, string> {
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(BENCH, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  const command = (file: string, args: string[]) => {
    try {
      return execFileSync(file, args, { encoding: 'utf8', cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  };
  const kring = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    kring: `${kring} (${command('git', ['rev-parse', '--short', 'HEAD'])}${command('git', ['status', '--porcelain']) ? ', with uncommitted changes' : ''})`,
    node: process.version,
    yjs: version('yjs'),
    'y-websocket': version('y-websocket'),
    '@y/websocket-server': version('@y/websocket-server'),
    '@hocuspocus/server': version('@hocuspocus/server'),
    '@hocuspocus/provider': version('@hocuspocus/provider'),
    '@automerge/automerge': version('@automerge/automerge'),
    lighthouse: version('lighthouse'),
    'playwright-core': version('playwright-core'),
    chromium: command(CHROMIUM, ['--version']),
  };
}

async function main(): Promise<void> {
  log(`bench: ${QUICK ? 'quick mode, ' : ''}${RUNS} run(s) of ${[...ONLY].join(', ')}`);
  if (ONLY.has('document')) await documentLevel();
  if (['relay', 'offline', 'throughput'].some((group) => ONLY.has(group))) {
    const runsFrom = performance.now();
    for (let run = 0; run < RUNS; run++) {
      const elapsed = (performance.now() - started) / 1000;
      const perRun = run === 0 ? 0 : (performance.now() - runsFrom) / 1000 / run;
      if (run > 0 && elapsed + perRun + AFTER_RUNS_SECONDS > BUDGET_SECONDS) {
        results.note(`The server workloads ran ${run} time(s), not ${RUNS}: one more run (about ${perRun.toFixed(0)} s on this machine now) would have overrun the time budget.`);
        log(`skipping the remaining runs: ${run} done, each took about ${perRun.toFixed(0)} s`);
        break;
      }
      await serverWorkloads(run);
      serverRuns = run + 1;
    }
  }
  if (ONLY.has('feed')) await attempt('feed relay with and without the authorship checks', feedWorkload);
  if (ONLY.has('memory')) for (let run = 0; run < SIZE.memory.runs; run++) await memoryWorkload(run);
  if (ONLY.has('browser') || ONLY.has('lighthouse')) await attempt('browser workloads', browserWorkloads);
  if (ONLY.has('people')) await attempt('smoelenboek search', peopleWorkload);
  // Search on the device only when asked (BENCH_ONLY=search): its own file, the table of the peers stays as it was.
  if (ONLY.has('search')) await attempt('search on the device', searchWorkload);
  if (ONLY.size === 1 && ONLY.has('search')) return writeSearch();
  if (ONLY.has('postgres')) await attempt('throughput with the documents in Postgres', postgresWorkload);
  // Postgres alone: its own file, the table of the peers stays as it was.
  if (ONLY.size === 1 && ONLY.has('postgres')) return writePostgres(loadAtStart);
  // The smoelenboek alone: its own file, the table of the peers stays as it was.
  if (ONLY.size === 1 && ONLY.has('people')) return writePeopleSearch();
  if (ONLY.has('chat')) await attempt('chat', chatWorkload);
  if (ONLY.size === 1 && ONLY.has('chat')) return writeChat();
  if (ONLY.has('inbox')) await attempt('inbox', inboxWorkload);
  if (ONLY.size === 1 && ONLY.has('inbox')) return writeInbox();
  if (ONLY.has('fanout')) await attempt('fan-out', fanoutWorkload);
  if (ONLY.size === 1 && ONLY.has('fanout')) return writeFanout();
  const costs = COST_SWITCHES.filter((cost) => ONLY.has(cost.group));
  for (const cost of costs) {
    await attempt(`what the ${cost.name} costs`, async () => {
      const rows = await quotaCostWorkload(cost);
      await writeQuotaCost(cost, rows, (performance.now() - started) / 1000, loadavg()[0]);
    });
  }
  // Only such comparisons ran: the table of the peers stays as it was.
  if (costs.length > 0 && costs.length === ONLY.size) return;

  const seconds = (performance.now() - started) / 1000;
  const loadAtEnd = loadavg()[0];
  results.note(
    'Kring runs as it ships (auth, access policy, every update in SQLite with synchronous = FULL before "saved"); the reference server and Hocuspocus run in memory. ' +
      "\"Holds everything\" means Kring's durable \"saved\" for Kring, and applied in memory (reported by the peer's own process over IPC) for the peers.",
  );
  results.note(
    'Document level: "kring" is Kring\'s document format (Yjs 13) on its own, as Kring\'s server checks and merges it, without network or storage; "automerge" is Automerge 3 with its sync protocol, on the same text and keystrokes.',
  );
  results.note(
    'All clients run in the benchmark process on the same 2 cores as the server, so latencies include the clients\' own work, the same for every system.',
  );
  const goalList = goals();
  const output = {
    machine: { ...machine(), loadAverage1m: { atStart: loadAtStart, atEnd: loadAtEnd } },
    date: new Date().toISOString(),
    versions: versions(),
    settings: { quick: QUICK, runs: serverRuns, memoryRuns: SIZE.memory.runs, sizes: SIZE, durationSeconds: Math.round(seconds) },
    results: results.results(),
    goals: goalList,
    notes: results.notes,
    samples: results.samples(),
  };
  const dir = join(BENCH, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'latest.json'), `${JSON.stringify(output, null, 2)}\n`);
  const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : '**not met**');
  const markdown = [
    `Measured ${output.date.slice(0, 10)} on ${output.machine.cpus} × ${output.machine.cpuModel}, ${output.machine.memoryGiB} GiB, Node ${process.version} ` +
      `(load average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end)` +
      `${QUICK ? ' (quick mode: smaller sizes, not for the README)' : ''}; medians of ${serverRuns} runs (memory: ${SIZE.memory.runs}, browser opens: ${SIZE.browser.opens}, Lighthouse: ${SIZE.lighthouse.runs}); the measurements took ${Math.round(seconds)} s after the build.`,
    '',
    results.table(),
    '',
    '| goal | status | measured |',
    '|---|---|---|',
    ...goalList.map((g) => `| ${g.goal} | ${mark(g.met)} | ${g.figure} |`),
    '',
    ...results.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
  await writeFile(join(dir, 'latest.md'), markdown);
  log(`wrote ${join('test', 'bench', 'results', 'latest.json')} and latest.md`);
  console.log(`\n${markdown}`);
}

await main();
// Providers and sockets of the clients may keep timers alive; every server has been stopped by now.
process.exit(failures > 0 ? 1 : 0);
