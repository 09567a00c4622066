import { describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '@kring/storage';
import { Quotas } from './quotas.ts';

const anna = { sessionId: 's-anna', userId: 'anna', name: 'Anna' };
const bram = { sessionId: 's-bram', userId: 'bram', name: 'Bram' };
const write = (docName: string, bytes: number, creates = false) => ({ docName, bytes, creates });

/** Quotas on a clock the test moves (ms). */
function quotasAt(limits: ConstructorParameters<typeof Quotas>[0]) {
  const clock = { now: 0 };
  return { quotas: new Quotas(limits, () => clock.now), clock };
}

describe('Quotas', () => {
  it('lets a person open as many sockets as allowed, counting across devices, and frees one when it closes', () => {
    const { quotas } = quotasAt({ socketsPerPerson: 2 });
    const first = quotas.openSocket(anna);
    const second = quotas.openSocket({ ...anna, sessionId: 's-anna-phone' });
    expect(typeof first).toBe('function');
    expect(typeof second).toBe('function');
    expect(quotas.openSocket(anna)).toEqual({ limit: 'sockets', retryAfterSeconds: 10 });
    expect(typeof quotas.openSocket(bram)).toBe('function');
    (first as () => void)();
    (first as () => void)();
    expect(typeof quotas.openSocket(anna)).toBe('function');
    expect(quotas.openSocket(anna)).toMatchObject({ limit: 'sockets' });
  });

  it('refuses bytes over a minute’s allowance with the wait, takes nothing of a refused batch, and refills', () => {
    const { quotas, clock } = quotasAt({ bytesPerMinute: 600 });
    expect(quotas.spend(anna, [write('noord/page/a', 400)])).toBeNull();
    expect(quotas.spend(anna, [write('noord/page/a', 100), write('noord/page/b', 200)])).toEqual({ limit: 'bytes-per-minute', retryAfterSeconds: 10 });
    expect(quotas.spend(anna, [write('noord/page/a', 200)])).toBeNull();
    expect(quotas.spend(bram, [write('noord/page/a', 600)])).toBeNull();
    clock.now = 30_000;
    expect(quotas.spend(anna, [write('noord/page/a', 300)])).toBeNull();
    expect(quotas.spend(anna, [write('noord/page/a', 601)])).toEqual({ limit: 'bytes-per-minute', retryAfterSeconds: null });
  });

  it('counts only writes that make a new document against the hourly allowance', () => {
    const { quotas, clock } = quotasAt({ newDocumentsPerHour: 2 });
    expect(quotas.spend(anna, [write('noord/page/a', 10, true), write('noord/page/old', 10)])).toBeNull();
    expect(quotas.spend(anna, [write('noord/page/b', 10, true), write('noord/page/c', 10, true)])).toEqual({ limit: 'new-documents', retryAfterSeconds: 1800 });
    expect(quotas.spend(anna, [write('noord/page/b', 10, true)])).toBeNull();
    expect(quotas.spend(anna, [write('noord/page/old', 10)])).toBeNull();
    clock.now = 1_800_000;
    expect(quotas.spend(anna, [write('noord/page/c', 10, true)])).toBeNull();
  });

  it('refuses for good once a person or a space is full, starting from what the store holds', async () => {
    const store = new MemoryDocumentStore();
    await store.append('noord/page/a', new Uint8Array(900), 'anna');
    await store.append('zuid/page/a', new Uint8Array(50), null);
    const quotas = await Quotas.open(store, { bytesPerPerson: 1000, bytesPerSpace: 1000 });
    expect(quotas.spend(anna, [write('zuid/page/b', 101)])).toEqual({ limit: 'person-storage', retryAfterSeconds: null });
    expect(quotas.spend(anna, [write('zuid/page/b', 100)])).toBeNull();
    expect(quotas.spend(bram, [write('noord/page/a', 101)])).toEqual({ limit: 'space-storage', retryAfterSeconds: null });
    expect(quotas.spend(bram, [write('zuid/page/a', 500)])).toBeNull();
    await store.close();
  });

  it('counts uploads against the same minute and storage as writes, and gives storage back when a file goes', () => {
    const { quotas, clock } = quotasAt({ bytesPerMinute: 600, bytesPerPerson: 1000 });
    expect(quotas.spendFile('anna', 'noord', 500)).toBeNull();
    expect(quotas.spend(anna, [write('noord/page/a', 200)])).toMatchObject({ limit: 'bytes-per-minute' });
    clock.now += 60_000;
    expect(quotas.spendFile('anna', 'noord', 600)).toEqual({ limit: 'person-storage', retryAfterSeconds: null });
    quotas.stored('anna', 'noord', -500);
    expect(quotas.spendFile('anna', 'noord', 600)).toBeNull();
  });
});
