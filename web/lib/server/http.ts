import { json, type RequestEvent } from '@sveltejs/kit';
import { parse, type ErrorCode, type Output, type Schema } from '@kring/contract';

/** A JSON error the client can act on: a stable `code` for code, a `message` for people. */
export function problem(status: number, code: ErrorCode, message: string, headers?: Record<string, string>): Response {
  return json({ error: { code, message } }, { status, headers });
}

/** A request the server refuses; thrown by guards and input readers, answered by `endpoint` as a problem. */
export class Refusal extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly headers?: Record<string, string>;
  constructor(status: number, code: ErrorCode, message: string, headers?: Record<string, string>) {
    super(message);
    this.name = 'Refusal';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/**
 * A route handler whose refusals are answered in one place: a thrown `Refusal`, or a domain error whose `code`
 * is in `statuses` (e.g. `{ self: 409 }`), becomes `{"error": {code, message}}`; anything else is a bug and
 * propagates.
 */
export function endpoint<E extends RequestEvent>(handler: (event: E) => Promise<Response>, statuses: Partial<Record<ErrorCode, number>> = {}) {
  return async (event: E): Promise<Response> => {
    try {
      return await handler(event);
    } catch (error) {
      if (error instanceof Refusal) return problem(error.status, error.code, error.message, error.headers);
      const code = (error as { code?: unknown } | null)?.code as ErrorCode | undefined;
      const status = error instanceof Error && code !== undefined ? statuses[code] : undefined;
      if (status !== undefined) return problem(status, code!, error instanceof Error ? error.message : code!);
      throw error;
    }
  };
}

/** Reads a JSON body of at most `maxBytes`; null when it is missing, too large or not JSON. */
export async function readJson(request: Request, maxBytes = 16 * 1024): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > maxBytes) return null;
  const text = await request.text();
  if (text.length > maxBytes) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Reads a JSON body against its schema in the contract; refuses `400 bad_request` naming what is wrong. */
export async function readBody<S extends Schema>(request: Request, schema: S): Promise<Output<S>> {
  return valid(schema, await readJson(request));
}

/**
 * As `readBody`, but a body over `maxBytes` is refused `413 too_large` rather than `400`, so a device can tell
 * "too much" from "wrong".
 */
export async function readBodyWithin<S extends Schema>(request: Request, schema: S, maxBytes: number): Promise<Output<S>> {
  const tooLarge = () => new Refusal(413, 'too_large', `Send at most ${maxBytes} bytes.`);
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge();
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Refusal(400, 'bad_request', 'The body must be JSON.');
  }
  return valid(schema, body);
}

/** Reads the query string against its schema in the contract; refuses `400 bad_request`. */
export function readQuery<S extends Schema>(url: URL, schema: S): Output<S> {
  return valid(schema, Object.fromEntries(url.searchParams));
}

/** Reads input already in hand against its schema in the contract; refuses `400 bad_request`. */
export function valid<S extends Schema>(schema: S, input: unknown): Output<S> {
  const parsed = parse(schema, input);
  if (!parsed.ok) throw new Refusal(400, 'bad_request', parsed.message);
  return parsed.value;
}

/** Methods that change nothing: a page of another origin may send them, and a browser does not let it read the answer. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * The one request that may come from anywhere: RFC 8058's one-click unsubscribe from the e-mail digest. A mail
 * provider posts it from its own servers (or its webmail page), as a form, with no Origin of ours; it acts only on
 * the signed token in its address and reads no session, so another origin can do nothing with it that the token's
 * holder could not do anyway.
 */
export const ONE_CLICK_UNSUBSCRIBE_PATH = '/api/digest/unsubscribe/one-click';

/** The bodies a plain HTML form can send (SvelteKit's list): a page of another origin sends them without CORS. */
const FORM_TYPES: ReadonlySet<string> = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * Whether a request that may change something comes from a page of another origin, as its `Sec-Fetch-Site` or
 * `Origin` says. A body-less POST from another port or subdomain is the same site, so the SameSite=Lax cookie
 * goes with it. A request with neither header is no browser's, and so carries no victim's cookie; but a form body
 * without our Origin is refused as SvelteKit's own check (turned off in svelte.config.js, so that the one-click
 * unsubscribe can pass) refused it. Same origin is the host the request was sent to, over http or https (as for
 * sync sockets), so a TLS proxy in front without `ORIGIN` set still works.
 */
export function fromAnotherOrigin(request: Request, url: URL): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  if (request.method === 'POST' && url.pathname === ONE_CLICK_UNSUBSCRIBE_PATH) return false;
  const site = request.headers.get('sec-fetch-site');
  if (site === 'same-site' || site === 'cross-site') return true;
  const origin = request.headers.get('origin');
  const ours = origin === `http://${url.host}` || origin === `https://${url.host}`;
  if (origin !== null && !ours) return true;
  const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase();
  return !ours && type !== undefined && FORM_TYPES.has(type);
}

/** Answers that change with every write are never cached. */
export const NO_STORE = { 'cache-control': 'no-store' } as const;

/** A zip to download: never cached (it is personal), offered under `fileName`. */
export function zipDownload({ fileName, zip }: { fileName: string; zip: Uint8Array }): Response {
  return new Response(zip.slice().buffer, {
    headers: { ...NO_STORE, 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '-')}"` },
  });
}

/** The version id from the path: a positive whole number, else 400. */
export function versionId(raw: string): number {
  const id = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(id) || id < 1) throw new Refusal(400, 'bad_request', 'id must be a version id.');
  return id;
}

