/**
 * One person per simulated device, as real use has it: every person's quotas (docs/api.md, "Quotas") then count
 * what one person does, not what a hundred devices do together. Each is invited by the demo administrator into
 * a team space and accepts through the real API (`POST /api/admin/invites`, `POST /api/invites/<code>/accept`),
 * which logs them in.
 */
import { DEMO_PASSWORD, login, type RunningServer } from './servers.ts';
import { inBatches } from './wait.ts';

export interface Person {
  id: string;
  name: string;
  /** The `Cookie` header value of the person's session. */
  cookie: string;
}

const ADMIN_EMAIL = 'admin@kring.test';

/**
 * Makes `count` employees, members of `spaceId`, each logged in once. Accepting hashes a password (argon2), so
 * a few go at once, not all: the server's thread pool has the machine's two cores.
 */
export async function seedPeople(server: RunningServer, count: number, options: { spaceId?: string; label?: string } = {}): Promise<Person[]> {
  const httpUrl = server.httpUrl;
  if (server.system !== 'kring' || !httpUrl) throw new Error('only Kring has people');
  const spaceId = options.spaceId ?? 'noord';
  const label = options.label ?? 'bench';
  const admin = await login(httpUrl, ADMIN_EMAIL, DEMO_PASSWORD);
  return inBatches(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const loginName = `${label}-${i + 1}-${crypto.randomUUID().slice(0, 8)}@kring.test`;
      const invite = await post<{ code: string }>(httpUrl, '/api/admin/invites', { role: 'employee', loginName, spaces: [{ spaceId, role: 'member' }] }, admin);
      const name = `${label} ${i + 1}`;
      const response = await fetch(`${httpUrl}/api/invites/${invite.body.code}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password: `${label}-wachtwoord-${i}` }),
      });
      if (response.status !== 201) throw new Error(`accepting an invite answered ${response.status}: ${await response.text()}`);
      const { user } = (await response.json()) as { user: { id: string; name: string } };
      return { id: user.id, name: user.name, cookie: sessionCookie(response) };
    },
  );
}

async function post<T>(httpUrl: string, path: string, body: unknown, cookie: string): Promise<{ body: T }> {
  const response = await fetch(`${httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return { body: (await response.json()) as T };
}

export function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith('kring_session='));
  if (!cookie) throw new Error('no kring_session cookie was set');
  return cookie.split(';')[0];
}
