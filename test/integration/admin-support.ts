/**
 * Helpers for the administration, editorial, activity and privacy tests: JSON calls to the API, and people and
 * spaces made the way an administrator makes them (invites, the admin API), never by writing to the database.
 */
import * as Y from 'yjs';
import { createPost, listMessages, listPosts, sendMessage } from '../../packages/shapes/src/index.ts';
import { RawSocket } from '../support/RawSocket.ts';
import { me } from '../support/server.ts';
import { SECOND_FACTOR_ROLES, setUpTwoFactor } from '../support/two-factor.ts';
import { syncStep1, syncUpdate } from '../support/messages.ts';
import { WAIT_MS, waitFor } from '../support/wait.ts';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON request to the API; `cookie` may be '' for none. The body is parsed as JSON when there is one. */
export async function api<T = Record<string, unknown>>(url: string, cookie: string, method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
}

/** The session cookie from a response that set one. */
export function sessionCookie(headers: Headers): string {
  const cookie = headers.getSetCookie().find((header) => header.startsWith('kring_session='));
  if (!cookie) throw new Error('no kring_session cookie in the response');
  return cookie.split(';')[0];
}

export interface Invited {
  id: string;
  cookie: string;
  email: string;
}

let counter = 0;

/**
 * Invites a person as `adminCookie` and accepts the invite: the new account, logged in.
 * @param spaces memberships the invite carries
 */
export async function invitePerson(
  url: string,
  adminCookie: string,
  role: string,
  spaces: { spaceId: string; role: string }[] = [],
  name = `Persoon ${++counter}`,
): Promise<Invited> {
  const email = `test-${Date.now().toString(36)}-${++counter}@kring.test`;
  const invite = await api<{ code: string }>(url, adminCookie, 'POST', '/api/admin/invites', { role, loginName: email, spaces });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const accepted = await api<{ user: { id: string } }>(url, '', 'POST', `/api/invites/${invite.body.code}/accept`, { name, password: 'welkom-123' });
  if (accepted.status !== 201) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const cookie = sessionCookie(accepted.headers);
  // An administrator or privacy officer turns on two-step sign-in before any other work (test/support/two-factor.ts).
  if (SECOND_FACTOR_ROLES.includes(role)) await setUpTwoFactor(url, cookie, email);
  return { id: accepted.body.user.id, cookie, email };
}

export async function createSpace(url: string, adminCookie: string, id: string, name: string, kind: string): Promise<void> {
  const response = await api(url, adminCookie, 'POST', '/api/admin/spaces', { id, name, kind });
  if (response.status !== 201) throw new Error(`create space failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export type Observed = 'none' | 'read' | 'write';

/**
 * What the server grants on a raw socket: refused (4403 before any message: 'none'), or open; then a write is
 * sent, followed by a request for the whole document: 'write' if the answer holds the write, else 'read'.
 * @returns the grant and every byte received, for looking for things that must not be there
 */
export async function observeSocket(url: string, cookie: string, docName: string, marker: string): Promise<{ access: Observed; closeCode?: number; received: RawSocket['received'] }> {
  const socket = new RawSocket(url, docName, { cookie });
  let outcome: Awaited<ReturnType<RawSocket['waitForOutcome']>> | undefined;
  void socket.waitForOutcome(WAIT_MS * 2).then(
    (o) => (outcome = o),
    () => undefined,
  );
  try {
    const state = await waitFor(() => (outcome ? 'ended' : socket.messages().some((m) => m.type === 'sync-step-1') ? 'open' : undefined), `${docName} to open or be refused`, {
      intervalMs: 5,
    });
    if (state === 'ended') {
      return { access: 'none', closeCode: outcome?.kind === 'closed' ? outcome.code : -1, received: socket.received };
    }
    // A feed and a chat take only posts and messages in the writer's own name (feed-authorship.test.ts,
    // chat.test.ts); elsewhere any text will do.
    const kind = docName.split('/')[1];
    const doc = new Y.Doc();
    if (kind === 'feed' || kind === 'chat') {
      const { id, name } = (await me(url, cookie)).user;
      if (kind === 'feed') createPost(doc, { authorId: id, authorName: name, text: marker });
      else sendMessage(doc, { authorId: id, authorName: name, text: marker });
    } else doc.getText('table').insert(0, marker);
    await socket.send(syncUpdate(Y.encodeStateAsUpdate(doc)));
    await socket.send(syncStep1(new Uint8Array([0])));
    const answer = await socket.waitForMessage((m) => m.type === 'sync-step-2', `the answer on ${docName}`);
    const copy = new Y.Doc();
    if (answer.type === 'sync-step-2') Y.applyUpdate(copy, answer.update);
    const written =
      kind === 'feed'
        ? listPosts(copy).some((post) => post.text === marker)
        : kind === 'chat'
          ? listMessages(copy).some((message) => message.text === marker)
          : copy.getText('table').toString().includes(marker);
    return { access: written ? 'write' : 'read', received: socket.received };
  } finally {
    socket.close();
  }
}

/** Everything a socket received, as text, for looking for names and content in it. */
export function receivedText(received: RawSocket['received']): string {
  return received.map((m) => Buffer.from(m.data).toString('latin1')).join('\n');
}

/** Runs `work` on every item with at most `limit` at a time. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}
