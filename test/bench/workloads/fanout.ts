/**
 * Fan-out (issue 17): a news article reaching a whole organisation. 5,000 active employees are written straight
 * into the server's SQLite file (inviting them through the API hashes a password each: minutes), each a member of
 * a team space; a sample of them, spread over the list, get a session and an open app (the live stream and, at
 * each "changed", the inbox asked again, as the app does). Eva, the demo editor, reads a waiting submission and
 * publishes it over HTTP; the server answers once it has stored a `news` notification for every reader
 * (editorial/publishing.ts `tellReaders`). Meanwhile two other people type on a page in Noord, one character in
 * turn, and each keystroke's relay is timed, beside the same without a fan-out.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import * as Y from 'yjs';
import { versionOf } from '@kring/shapes';
import { Device } from '../lib/clients.ts';
import type { Person } from '../lib/people.ts';
import { DEMO_PASSWORD, login, type RunningServer } from '../lib/servers.ts';
import { delay, withTimeout } from '../lib/wait.ts';
import { openRelayRoom } from './chat.ts';
import { OpenApp } from './inbox.ts';

const ORGANISATION = 'zorg-aan-zee';
const TEAMS = ['noord', 'zuid'];
const EDITOR_EMAIL = 'eva@kring.test';
/** The seeded people's login names start with this, so the database can be asked about them alone. */
const LOGIN_PREFIX = 'fanout-';

export interface FanoutOptions {
  /** Active employees written into the organisation. */
  people: number;
  /** Of them, this many get a session and an open app, spread evenly over the list (the last one included). */
  samples: number;
  /** Relay rounds without a fan-out, before it. */
  idleRounds: number;
  /** A relay round at most this often (ms). */
  intervalMs: number;
  /** Give up on the fan-out after this long (ms). */
  timeoutMs: number;
}

export interface FanoutFigures {
  /** From sending the publish request until its answer (ms). */
  answeredMs: number;
  /** Per sampled person: from the publish request until their open app's inbox showed the article (ms). */
  sampleMs: number[];
  /** From the publish request until the database held a `news` row for every seeded person (ms). */
  databaseMs: number;
  /** The seeded people's `news` rows for this article at the end (should be `people`). */
  rows: number;
  /** Relay latencies (ms) before the fan-out, and while it ran (from the request until the last of the above). */
  relayIdle: number[];
  relayDuring: number[];
}

/** Makes the people, opens the apps and the relay, publishes, and times it all. */
export async function fanOutNews(server: RunningServer, options: FanoutOptions): Promise<FanoutFigures> {
  if (server.system !== 'kring' || !server.httpUrl || !server.dataDir) throw new Error('only Kring publishes news');
  const httpUrl = server.httpUrl;
  const file = join(server.dataDir, 'kring.sqlite');
  const { sampled, relayPeople } = seedOrganisation(file, options);

  const apps = sampled.map((person) => new OpenApp(server, person));
  const room = await openRelayRoom(server, relayPeople, { spaceId: 'noord', intervalMs: options.intervalMs });
  const reader = new DatabaseSync(file, { readOnly: true });
  try {
    await Promise.all(apps.map((app) => app.open()));
    const { id, title, reviewed, editor } = await waitingArticle(server);
    const count = reader.prepare(
      `SELECT count(*) AS rows FROM notifications WHERE kind = 'news' AND excerpt = ? AND recipient_id IN (SELECT id FROM users WHERE email LIKE '${LOGIN_PREFIX}%')`,
    );
    const rowsNow = () => Number((count.get(title.slice(0, 200)) as { rows: number }).rows);
    if (rowsNow() !== 0) throw new Error('the article was told before it was published');

    const relayIdle = (await room.measure(options.idleRounds)).latencies;

    let start = 0;
    let done = false;
    let begin!: () => void;
    const fanOut = new Promise<void>((resolve) => (begin = resolve)).then(async () => {
      const answered = fetch(`${httpUrl}/api/editorial/submissions/${id}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: editor },
        body: JSON.stringify({ reviewed }),
      }).then(async (response) => {
        if (response.status !== 200) throw new Error(`publishing answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
        return performance.now() - start;
      });
      const shown = apps.map((app) => app.shows(title.slice(0, 200), options.timeoutMs).then(() => performance.now() - start));
      const stored = (async () => {
        const deadline = start + options.timeoutMs;
        while (rowsNow() < options.people) {
          if (performance.now() > deadline) throw new Error(`after ${options.timeoutMs} ms the database held ${rowsNow()} of ${options.people} news rows`);
          await delay(20);
        }
        return performance.now() - start;
      })();
      const [answeredMs, databaseMs, ...sampleMs] = await Promise.all([answered, stored, ...shown]);
      return { answeredMs, databaseMs, sampleMs };
    });
    void fanOut.finally(() => (done = true)).catch(() => undefined);
    // The relay's rounds run from the moment the publish request goes out until the fan-out is done.
    const during = room.measure(Number.MAX_SAFE_INTEGER, {
      started: () => {
        start = performance.now();
        begin();
      },
      stop: () => done,
      // A keystroke may wait as long as the whole fan-out: that is what is measured, not a failure.
      roundTimeoutMs: options.timeoutMs,
    });
    const relayDuring = (await withTimeout(during, 'the relay beside the fan-out', options.timeoutMs * 2)).latencies;
    const figures = await fanOut;
    // A row added after "all" was counted would mean the count was wrong: read it again once the server is quiet.
    await delay(500);
    return { ...figures, rows: rowsNow(), relayIdle, relayDuring };
  } finally {
    reader.close();
    room.close();
    for (const app of apps) app.close();
  }
}

/**
 * Writes `options.people` active employees into the organisation, each a member of a team, named so that the
 * server's list (by name) has them in this order; sessions for the sampled ones and for two more who type on a
 * page. One transaction: a few hundred milliseconds. Every seeded account shares one real argon2 hash (the demo
 * administrator's): nobody logs in with it.
 */
function seedOrganisation(file: string, options: FanoutOptions): { sampled: Person[]; relayPeople: Person[] } {
  const db = new DatabaseSync(file, { timeout: 5_000 });
  try {
    const { password_hash: hash } = db.prepare(`SELECT password_hash FROM users WHERE email = 'admin@kring.test'`).get() as { password_hash: string };
    const now = Date.now();
    const addUser = db.prepare(`INSERT INTO users (id, organisation_id, email, name, password_hash, role, active, created_at) VALUES (?, ?, ?, ?, ?, 'employee', 1, ?)`);
    const addMembership = db.prepare(`INSERT INTO memberships (space_id, user_id, role) VALUES (?, ?, 'member')`);
    const addSession = db.prepare(`INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)`);
    const session = (id: string, name: string): Person => {
      const token = randomBytes(20).toString('hex');
      addSession.run(createHash('sha256').update(token).digest('hex'), id, now + 24 * 3600_000, now);
      return { id, name, cookie: `kring_session=${token}` };
    };
    const every = options.people / options.samples;
    const sampledAt = new Set(Array.from({ length: options.samples }, (_, i) => Math.round((i + 1) * every) - 1));
    const sampled: Person[] = [];
    const relayPeople: Person[] = [];
    db.exec('BEGIN');
    try {
      for (let i = 0; i < options.people; i++) {
        const id = randomUUID();
        const name = `Medewerker ${String(i + 1).padStart(5, '0')}`;
        addUser.run(id, ORGANISATION, `${LOGIN_PREFIX}${i + 1}@kring.test`, name, hash, now);
        addMembership.run(TEAMS[i % TEAMS.length], id);
        if (sampledAt.has(i)) sampled.push(session(id, name));
      }
      // The two who type beside it: members of Noord, outside the counted people (they hear of the article too).
      for (const n of [1, 2]) {
        const id = randomUUID();
        const name = `Typist ${n}`;
        addUser.run(id, ORGANISATION, `typist-${n}@kring.test`, name, hash, now);
        addMembership.run('noord', id);
        relayPeople.push(session(id, name));
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    return { sampled, relayPeople };
  } finally {
    db.close();
  }
}

/** Eva's session and a submission waiting for her, with the version she read (as the editorial screen sends it). */
async function waitingArticle(server: RunningServer): Promise<{ id: string; title: string; reviewed: string; editor: string }> {
  const editor = await login(server.httpUrl!, EDITOR_EMAIL, DEMO_PASSWORD);
  const response = await fetch(`${server.httpUrl}/api/editorial/submissions`, { headers: { cookie: editor } });
  if (!response.ok) throw new Error(`the editorial queue answered ${response.status}`);
  const { submissions } = (await response.json()) as { submissions: { id: string; docName: string; status: string; title: string }[] };
  const submission = submissions.find((entry) => entry.status === 'submitted');
  if (!submission) throw new Error('no submission is waiting in the demo');
  const device = new Device(server);
  try {
    const client = device.open(submission.docName, new Y.Doc(), { as: { id: '', name: 'Eva', cookie: editor } });
    await client.synced(10_000);
    return { id: submission.id, title: submission.title, reviewed: versionOf(client.doc), editor };
  } finally {
    device.destroy();
  }
}
