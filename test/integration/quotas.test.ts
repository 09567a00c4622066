/**
 * Each person's and space's allowances (issue 13, finding 5): one client opened 500 sockets on 500 new documents
 * and stored 36 MiB in 0.6 s through the batch. Replayed against the defaults, it is stopped with clear answers,
 * nothing stored before is lost and other people carry on; storage full is tested with a small limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, encodeBatchRequest, type BatchRequestItem } from '../../packages/protocol/src/index.ts';
import { syncUpdate } from '../support/messages.ts';
import { loadText, openSynced, waitForSaved } from '../support/providers.ts';
import { RawSocket, type RawOutcome } from '../support/RawSocket.ts';
import { login, startKring, useKring, type KringServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const MiB = 1024 * 1024;

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

async function postBatch(url: string, cookie: string, items: BatchRequestItem[]): Promise<Response> {
  const body = encodeBatchRequest(items);
  return fetch(`${url}/api/sync/batch`, { method: 'POST', headers: { cookie, 'content-type': 'application/octet-stream' }, body: body.slice().buffer });
}

/** Writes `text` into `docName` over a socket as a device does, and waits until the server holds it. */
async function writeDocument(url: string, docName: string, cookie: string, text: string): Promise<void> {
  const provider = await openSynced(url, docName, cookie);
  try {
    provider.doc.getText('body').insert(0, text);
    await waitForSaved(provider);
  } finally {
    provider.destroy();
  }
}

describe('quotas at their defaults', () => {
  const kring = useKring();
  let anna: string;
  let bram: string;
  const earlier = 'Overdracht: mevrouw Jansen valt vaker, rollator naast het bed.';

  beforeAll(async () => {
    anna = await login(kring.url, 'anna@kring.test');
    bram = await login(kring.url, 'bram@kring.test');
    await writeDocument(kring.url, 'noord/page/eerder', anna, earlier);
    // The earlier document's socket has closed, so all of the person's sockets are free again.
    await waitFor(async () => ((await (await fetch(`${kring.url}/healthz`)).json()) as { sync: { connectionsOpen: number } }).sync.connectionsOpen === 0, 'no socket open');
  });

  it('replays the finding: of 500 sockets on 500 new documents 100 open, and 36 MiB through the batch stops at 16 MiB a minute', async () => {
    const names = Array.from({ length: 500 }, (_, i) => `noord/page/nieuw-${i}`);
    const sockets = names.map((name) => new RawSocket(kring.url, name, { cookie: anna }));
    // The server decided on a socket once it sent its sync step 1 (let in) or closed it (refused).
    const outcomes: (RawOutcome | undefined)[] = [];
    sockets.forEach((socket, i) => void socket.waitForOutcome(60_000).then((outcome) => (outcomes[i] = outcome), () => undefined));
    await waitFor(() => sockets.every((socket, i) => outcomes[i] || socket.received.length > 0), 'the server to decide on every socket', { timeoutMs: 30_000 });
    const open = sockets.filter((_, i) => !outcomes[i]);
    const refused = outcomes.filter((outcome) => outcome !== undefined);
    expect(open.length).toBe(100);
    expect(refused).toHaveLength(400);
    for (const outcome of refused) expect(outcome).toEqual({ kind: 'closed', code: CloseCode.overQuota, reason: 'over quota (sockets)' });

    // Each open socket makes its document: within the hundred new documents an hour, one of them (the earlier
    // document took one) is closed with the same try-later code.
    await Promise.all(open.map((socket, i) => socket.send(syncUpdate(textUpdate(`nieuw ${i}`)))));
    const overDocuments = await waitFor(
      () => {
        const closed = open.filter((socket) => !socket.isOpen);
        return closed.length >= 1 ? closed : undefined;
      },
      'a socket over the new documents an hour',
    );
    expect(overDocuments).toHaveLength(1);
    expect(await overDocuments[0].waitForClose()).toMatchObject({ code: CloseCode.overQuota, reason: 'over quota (new-documents)' });
    const made = names.filter((_, i) => !outcomes[i] && sockets[i].isOpen);
    for (const socket of sockets) socket.close();

    // 36 MiB at once, in three batches of 12 MiB to documents that exist now.
    const batchOf12MiB = (n: number) =>
      Array.from({ length: 12 }, (_, i) => {
        const update = textUpdate(`${n}-${i}`.padEnd(MiB, 'x'));
        return { docName: made[i], stateVector: new Uint8Array([0]), update };
      });
    const batches = [0, 1, 2].map(batchOf12MiB);
    const answers = await Promise.all(batches.map((items) => postBatch(kring.url, anna, items)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 429, 429]);
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await answer.json()).toMatchObject({ error: { code: 'throttled' } });
    }

    // Nothing stored before is lost, and other people carry on as usual.
    expect(await loadText(kring.url, 'noord/page/eerder', anna)).toBe(earlier);
    await writeDocument(kring.url, 'zuid/page/bram', bram, 'Bram schrijft gewoon door.');
    expect(await loadText(kring.url, 'zuid/page/bram', bram)).toBe('Bram schrijft gewoon door.');
    const bramsBatch = await postBatch(kring.url, bram, [{ docName: 'zuid/page/bram-batch', stateVector: new Uint8Array([0]), update: textUpdate('ook per batch') }]);
    expect(bramsBatch.status).toBe(200);
  });
});

describe('storage full', () => {
  let kring: KringServer;
  let anna: string;
  let bram: string;
  const earlier = 'Afspraak fysiotherapie dinsdag.';

  beforeAll(async () => {
    kring = await startKring({ env: { QUOTA_BYTES_PER_PERSON: String(64 * 1024) } });
    anna = await login(kring.url, 'anna@kring.test');
    bram = await login(kring.url, 'bram@kring.test');
    await writeDocument(kring.url, 'noord/page/eerder', anna, earlier);
  });
  afterAll(() => kring?.stop());

  it('refuses for good (batch 413 storage_full, socket 4414) and keeps what the person stored before', async () => {
    const tooMuch = textUpdate('x'.repeat(64 * 1024));
    const answer = await postBatch(kring.url, anna, [{ docName: 'noord/page/eerder', stateVector: new Uint8Array([0]), update: tooMuch }]);
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ error: { code: 'storage_full' } });

    const socket = new RawSocket(kring.url, 'noord/page/eerder', { cookie: anna });
    await socket.waitForOpen();
    await socket.send(syncUpdate(tooMuch));
    expect(await socket.waitForClose()).toMatchObject({ code: CloseCode.storageFull, reason: 'storage full (person-storage)' });

    expect(await loadText(kring.url, 'noord/page/eerder', anna)).toBe(earlier);
    await writeDocument(kring.url, 'zuid/page/bram', bram, 'Bram heeft nog ruimte.');
    expect(await loadText(kring.url, 'zuid/page/bram', bram)).toBe('Bram heeft nog ruimte.');
  });
});
