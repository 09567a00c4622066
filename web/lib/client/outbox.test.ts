import { afterEach, describe, expect, it, vi } from 'vitest';
import { Outbox, type OutboxAnswer } from './outbox.ts';

const ORIGIN = 'https://kring.test';
let made: Outbox[] = [];
let people = 0;

/** A fake server: answers with the next status from `script` (or throws for 'offline'), and records each call. */
function server(script: Array<number | 'offline'>, body: (path: string) => unknown = () => ({ ok: true })) {
  const calls: { path: string; method: string; body: unknown }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const path = url.slice(ORIGIN.length);
    calls.push({ path, method: String(init.method), body: init.body instanceof Blob ? new Uint8Array(await init.body.arrayBuffer()) : JSON.parse(String(init.body)) });
    const next = script.length > 1 ? script.shift()! : script[0];
    if (next === 'offline') throw new TypeError('Failed to fetch');
    const answer = next >= 400 ? { error: { code: next === 409 ? 'started' : 'error', message: '' } } : body(path);
    return new Response(JSON.stringify(answer), { status: next, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

/** An outbox that tries again by itself only after a minute (longer than any test), unless told otherwise. */
function outbox(fetchImpl: typeof fetch, userId = `person-${++people}`, firstRetryMs = 60_000): Outbox {
  const box = new Outbox(userId, { origin: ORIGIN, fetch: fetchImpl, firstRetryMs, maxRetryMs: firstRetryMs * 4 });
  made.push(box);
  return box;
}

const signup = (activityId: string, requestId: string) => ({
  id: requestId,
  kind: 'activity-signup',
  subject: activityId,
  method: 'POST' as const,
  path: `/api/activities/${activityId}/signup`,
  body: { requestId },
  label: 'Koffieochtend',
});

afterEach(async () => {
  for (const box of made) await box.deleteAll();
  made = [];
});

describe('Outbox', () => {
  it('keeps a picture’s bytes on the device and sends them as they are', async () => {
    const offline = server(['offline']);
    const first = outbox(offline.fetchImpl, 'anna');
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    await first.add({ id: 'k1', kind: 'picture', subject: 'noord/feed/2026-12/k1', method: 'POST', path: '/api/files?document=noord%2Ffeed%2F2026-12&key=k1', body: bytes, label: 'Foto' });
    expect(await first.flush()).toBe('offline');
    first.close();
    const online = server([201]);
    const second = outbox(online.fetchImpl, 'anna');
    await second.ready();
    expect(await second.flush()).toBe('done');
    expect(online.calls).toEqual([{ path: '/api/files?document=noord%2Ffeed%2F2026-12&key=k1', method: 'POST', body: bytes }]);
    expect(second.requests.value).toEqual([]);
  });

  it('keeps a request made offline on the device, across a restart, until the server answers it', async () => {
    const offline = server(['offline']);
    const first = outbox(offline.fetchImpl, 'daan');
    await first.add(signup('a1', 'req-00000001'));
    expect(await first.flush()).toBe('offline');
    expect(first.requests.value.map((r) => [r.id, r.state])).toEqual([['req-00000001', 'pending']]);
    first.close();

    // The app is opened again later, with a network.
    const online = server([201], () => ({ signup: { status: 'waiting', position: 2 } }));
    const second = outbox(online.fetchImpl, 'daan');
    await second.ready();
    expect(second.find('activity-signup', 'a1')?.state).toBe('pending');
    const answers: OutboxAnswer[] = [];
    second.onAnswer((answer) => answers.push(answer));
    expect(await second.flush()).toBe('done');
    expect(online.calls).toEqual([{ path: '/api/activities/a1/signup', method: 'POST', body: { requestId: 'req-00000001' } }]);
    expect(answers.map((a) => [a.request.id, a.status, a.body])).toEqual([['req-00000001', 201, { signup: { status: 'waiting', position: 2 } }]]);
    expect(second.requests.value).toEqual([]);
  });

  it('sends a retried request with the same id, so the server can tell it is the same one', async () => {
    const flaky = server(['offline', 'offline', 200]);
    const box = outbox(flaky.fetchImpl);
    await box.add(signup('a1', 'req-00000002'));
    await box.flush();
    await box.flush();
    expect(await box.flush()).toBe('done');
    expect(flaky.calls.map((call) => call.body)).toEqual([{ requestId: 'req-00000002' }, { requestId: 'req-00000002' }, { requestId: 'req-00000002' }]);
    expect(box.requests.value).toEqual([]);
  });

  it('tries again by itself while the server cannot be reached, and stops once it answered', async () => {
    const flaky = server(['offline', 'offline', 'offline', 201]);
    const box = outbox(flaky.fetchImpl, undefined, 10);
    await box.add(signup('a1', 'req-00000011'));
    await vi.waitFor(() => expect(box.requests.value).toEqual([]), { timeout: 5_000, interval: 20 });
    expect(flaky.calls.map((call) => call.body)).toEqual(Array(4).fill({ requestId: 'req-00000011' }));
  });

  it('marks a refused request as failed with the reason, never sends it again, and forgets it when dismissed', async () => {
    const refusing = server([409]);
    const box = outbox(refusing.fetchImpl);
    await box.add(signup('a1', 'req-00000003'));
    await box.flush();
    // The refusal's whole answer is kept with it (a room's free alternatives), also for a view opened later.
    expect(box.find('activity-signup', 'a1')).toMatchObject({ state: 'failed', failure: { status: 409, code: 'started', answer: { error: { code: 'started' } } } });
    const calls = refusing.calls.length;
    await box.flush();
    expect(refusing.calls.length).toBe(calls);
    await box.remove('req-00000003');
    expect(box.requests.value).toEqual([]);
  });

  it('keeps a request the server could not take now (503, 429) and does not send later ones before it', async () => {
    const busy = server([503]);
    const box = outbox(busy.fetchImpl);
    await box.add(signup('a1', 'req-00000004'));
    await box.add(signup('a2', 'req-00000005'));
    expect(await box.flush()).toBe('offline');
    expect(new Set(busy.calls.map((call) => call.path))).toEqual(new Set(['/api/activities/a1/signup']));
    expect(box.requests.value.map((r) => [r.id, r.state])).toEqual([
      ['req-00000004', 'pending'],
      ['req-00000005', 'pending'],
    ]);
  });

  it('keeps the request when the session ended, for after logging in again', async () => {
    const box = outbox(server([401]).fetchImpl);
    await box.add(signup('a1', 'req-00000006'));
    expect(await box.flush()).toBe('logged-out');
    expect(box.find('activity-signup', 'a1')?.state).toBe('pending');
  });

  it('never sends a request that was taken back before it went', async () => {
    const offline = server(['offline']);
    const box = outbox(offline.fetchImpl, 'taken-back');
    await box.add(signup('a1', 'req-00000007'));
    await box.flush();
    await box.remove('req-00000007');
    const online = server([201]);
    const again = outbox(online.fetchImpl, 'taken-back');
    await again.ready();
    expect(await again.flush()).toBe('done');
    expect(online.calls).toEqual([]);
  });

  it('sends each request once when flushes overlap, in the order they were made', async () => {
    const ok = server([201]);
    const box = outbox(ok.fetchImpl);
    await Promise.all([box.add(signup('a1', 'req-00000008')), box.add(signup('a2', 'req-00000009'))]);
    await Promise.all([box.flush(), box.flush(), box.flush()]);
    await box.flush();
    expect(ok.calls.map((call) => call.path)).toEqual(['/api/activities/a1/signup', '/api/activities/a2/signup']);
  });

  it('keeps the outboxes of two people on one device apart', async () => {
    const offline = server(['offline']);
    const daan = outbox(offline.fetchImpl, 'shared-daan');
    const eva = outbox(offline.fetchImpl, 'shared-eva');
    await daan.add(signup('a1', 'req-00000010'));
    await daan.flush();
    await eva.ready();
    expect(eva.requests.value).toEqual([]);
  });

  it('remembers the last answer to a list for showing offline', async () => {
    const box = outbox(server([200]).fetchImpl);
    expect(await box.recall('activities:clientenplein')).toBeUndefined();
    await box.remember('activities:clientenplein', [{ id: 'a1' }]);
    expect((await box.recall<{ id: string }[]>('activities:clientenplein'))?.value).toEqual([{ id: 'a1' }]);
  });
});
