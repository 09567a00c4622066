import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './client.ts';

afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body: unknown) {
  const fetch = vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('api', () => {
  it('calls the endpoint of the contract, with the parts of its path encoded and the body as JSON', async () => {
    const fetch = answer(201, { signup: null });
    const result = await api.activities.signup('a/b', { requestId: 'su-12345678' });
    expect(result).toEqual({ ok: true, status: 201, body: { signup: null } });
    expect(fetch).toHaveBeenCalledWith('/api/activities/a%2Fb/signup', expect.objectContaining({ method: 'POST', body: '{"requestId":"su-12345678"}', credentials: 'same-origin' }));
  });

  it("answers a refusal with the server's code and status", async () => {
    answer(409, { error: { code: 'last_admin', message: 'The organisation needs at least one active administrator.' } });
    expect(await api.admin.changePerson('u1', { active: false })).toEqual({ ok: false, status: 409, code: 'last_admin' });
  });

  it('answers offline, apart from any refusal, when the request never reached the server', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    expect(await api.activities.list('plein')).toEqual({ ok: false, status: 0, code: 'offline' });
  });

  it('answers error for a failure without a code (a proxy page, say)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    expect(await api.admin.people()).toEqual({ ok: false, status: 502, code: 'error' });
  });

  it('puts the query in the URL and leaves out what is not given', async () => {
    const fetch = answer(200, { name: 'noord/page/a', changes: [] });
    await api.documents.history('noord/page/a', 1);
    await api.admin.audit();
    expect(fetch.mock.calls.map((call) => (call as unknown[])[0])).toEqual(['/api/documents/history?name=noord%2Fpage%2Fa&limit=1', '/api/admin/audit']);
  });
});
