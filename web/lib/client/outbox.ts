/**
 * Requests only the server can decide (an activity sign-up, sending in an article), made on a device that may be
 * offline. Each request is kept in the device's IndexedDB until the server answered it, and shown as "not sent
 * yet" meanwhile. A request carries an id made once by the device, so sending it again after a lost answer is the
 * same request to the server (it answers the first result again) and never does the thing twice.
 *
 * One database per person (`kring-outbox-<userId>`), like the documents, so people sharing a tablet never send
 * each other's requests. The same database keeps the server's last answers to a few lists (`remember`), so the
 * person sees their activities and articles with no network.
 */
import { Dexie, type EntityTable } from 'dexie';
import { Observable } from './observable.ts';

/** A request waiting for the server, or one the server refused (kept until the person has seen why). */
export interface OutboxRequest {
  /** Made once by the device; the server recognises a retry by it (e.g. the sign-up's `requestId`). */
  id: string;
  /** What kind of request, for the UI: e.g. `activity-signup`, `submission-send`. */
  kind: string;
  /** What it is about, for the UI: e.g. the activity's id or the article's document name. */
  subject: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path on the app's origin, e.g. `/api/activities/<id>/signup`. */
  path: string;
  /** Sent as JSON; bytes (a picture) are sent as they are. */
  body: unknown;
  /** A few words to show beside it (e.g. the activity's title), in the person's language. */
  label: string;
  createdAt: number;
  attempts: number;
  state: 'pending' | 'failed';
  /** Why the server refused it: the HTTP status, the API's error code and its answer (e.g. a room's free alternatives). */
  failure?: { status: number; code: string; answer?: unknown };
}

/** What the server answered to one request. */
export interface OutboxAnswer {
  request: OutboxRequest;
  status: number;
  body: unknown;
}

export type FlushResult = 'done' | 'offline' | 'logged-out';

export interface OutboxOptions {
  /** The app's origin; requests go to `<origin><path>`. */
  origin: string;
  fetch?: typeof fetch;
  /**
   * How long to wait before trying again when the server could not be reached, doubling each time up to
   * `maxRetryMs`. The browser's "online" event alone is not enough: it may come before the network works.
   */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

type OutboxDexie = Dexie & {
  requests: EntityTable<OutboxRequest, 'id'>;
  answers: EntityTable<{ key: string; value: unknown; at: number }, 'key'>;
};

/** Answers worth trying again later: the server was busy, overloaded or away. */
function isTransient(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export class Outbox {
  /** Every request not yet answered, and every refused one not yet dismissed, oldest first. */
  readonly requests = new Observable<OutboxRequest[]>([]);
  readonly userId: string;
  readonly #db: OutboxDexie;
  readonly #options: OutboxOptions;
  readonly #listeners = new Set<(answer: OutboxAnswer) => void>();
  readonly #loaded: Promise<void>;
  #flushing: Promise<FlushResult> | null = null;
  #again = false;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #retryMs: number;
  #closed = false;

  constructor(userId: string, options: OutboxOptions) {
    this.userId = userId;
    this.#options = options;
    this.#db = new Dexie(`kring-outbox-${userId}`) as OutboxDexie;
    this.#db.version(1).stores({ requests: 'id, createdAt', answers: 'key' });
    this.#retryMs = options.firstRetryMs ?? 2_000;
    this.#loaded = this.#reload();
  }

  /** Resolves when the requests kept on the device are loaded into `requests`. */
  ready(): Promise<void> {
    return this.#loaded;
  }

  /** The pending or refused request of this kind about this subject, if any. */
  find(kind: string, subject: string): OutboxRequest | undefined {
    return this.requests.value.find((request) => request.kind === kind && request.subject === subject);
  }

  /** Keeps the request on the device first, then tries to send everything waiting. */
  async add(request: Pick<OutboxRequest, 'id' | 'kind' | 'subject' | 'method' | 'path' | 'body' | 'label'>): Promise<OutboxRequest> {
    await this.#loaded;
    const stored: OutboxRequest = { ...request, createdAt: Date.now(), attempts: 0, state: 'pending' };
    await this.#db.requests.put(stored);
    await this.#reload();
    this.flush().catch((error: unknown) => console.error('outbox:', error));
    return stored;
  }

  /** Forgets a request: one not sent yet is never sent; a refused one is dismissed. */
  async remove(id: string): Promise<void> {
    await this.#db.requests.delete(id);
    await this.#reload();
  }

  /** Called with every answer the server gives, in order; returns the unsubscribe function. */
  onAnswer(listener: (answer: OutboxAnswer) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Sends the pending requests one by one, oldest first, and stops at the first that cannot reach the server
   * (so the order holds). A request the server answered is removed (2xx) or marked refused (other 4xx); one it
   * could not take now (408, 429, 5xx) stays for the next time. One flush runs at a time; a call meanwhile makes
   * it go round once more.
   */
  flush(): Promise<FlushResult> {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#flushing = (async () => {
      try {
        let result: FlushResult;
        do {
          this.#again = false;
          result = await this.#sendAll();
        } while (this.#again && result === 'done');
        this.#scheduleRetry(result);
        return result;
      } finally {
        this.#flushing = null;
      }
    })();
    return this.#flushing;
  }

  /** While requests wait, tries again later, less often each time it fails. */
  #scheduleRetry(result: FlushResult): void {
    const waiting = this.requests.value.some((request) => request.state === 'pending');
    if (result === 'done' || !waiting || this.#closed) {
      this.#retryMs = this.#options.firstRetryMs ?? 2_000;
      return;
    }
    const max = this.#options.maxRetryMs ?? 60_000;
    // After the session ended, only the slow round: the person has to log in first.
    const delay = result === 'logged-out' ? max : this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, max);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.flush().catch((error: unknown) => console.error('outbox:', error));
    }, delay);
  }

  /** Keeps the server's last answer for `key` on the device, to show when there is no network. */
  async remember(key: string, value: unknown): Promise<void> {
    await this.#db.answers.put({ key, value, at: Date.now() });
  }

  /** The last answer kept for `key`, and when it was kept. */
  async recall<T>(key: string): Promise<{ value: T; at: number } | undefined> {
    const entry = await this.#db.answers.get(key);
    return entry && { value: entry.value as T, at: entry.at };
  }

  /** Whether `close` or `deleteAll` ended this outbox. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Stops trying and lets go of the database. */
  close(): void {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#db.close();
  }

  /** Removes everything of this person from the device. */
  async deleteAll(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#db.delete();
    this.requests.set([]);
  }

  async #sendAll(): Promise<FlushResult> {
    await this.#loaded;
    const pending = (await this.#db.requests.orderBy('createdAt').toArray()).filter((request) => request.state === 'pending');
    for (const request of pending) {
      // Removed meanwhile (the person took it back): never send it.
      if (!(await this.#db.requests.get(request.id))) continue;
      let response: Response;
      try {
        const bytes = request.body instanceof Uint8Array ? request.body : null;
        response = await (this.#options.fetch ?? fetch)(`${this.#options.origin}${request.path}`, {
          method: request.method,
          headers: { 'content-type': bytes ? 'application/octet-stream' : 'application/json' },
          body: bytes ? new Blob([bytes.slice()]) : JSON.stringify(request.body),
          credentials: 'same-origin',
        });
      } catch {
        await this.#db.requests.update(request.id, { attempts: request.attempts + 1 });
        return 'offline';
      }
      const body = await readBody(response);
      if (response.status === 401) return 'logged-out';
      if (isTransient(response.status)) {
        await this.#db.requests.update(request.id, { attempts: request.attempts + 1 });
        return 'offline';
      }
      let answered: OutboxRequest = { ...request, attempts: request.attempts + 1 };
      if (response.ok) {
        await this.#db.requests.delete(request.id);
      } else {
        answered = { ...answered, state: 'failed', failure: { status: response.status, code: errorCode(body), answer: body } };
        await this.#db.requests.put(answered);
      }
      await this.#reload();
      for (const listener of this.#listeners) listener({ request: answered, status: response.status, body });
    }
    return 'done';
  }

  async #reload(): Promise<void> {
    this.requests.set(await this.#db.requests.orderBy('createdAt').toArray());
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function errorCode(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' ? code : 'error';
}

const outboxes = new Map<string, Outbox>();

/** Deletes a person's outbox from the device, open or not (their account was deactivated). */
export async function deleteOutbox(userId: string): Promise<void> {
  const open = outboxes.get(userId);
  outboxes.delete(userId);
  if (open) await open.deleteAll();
  else await Dexie.delete(`kring-outbox-${userId}`);
}

/** The one outbox of this person on this device (made on first use). */
export function outboxFor(userId: string, origin: string): Outbox {
  let outbox = outboxes.get(userId);
  if (!outbox || outbox.closed) {
    outbox = new Outbox(userId, { origin });
    outboxes.set(userId, outbox);
  }
  return outbox;
}
