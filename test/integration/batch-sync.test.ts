/**
 * Reconciling many documents in one HTTP round trip (POST /api/sync/batch) and learning what changed on the
 * server (GET /api/sync/changes): the device's background sync, without a socket per document.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeBatchResponse, encodeBatchRequest, isCoveredBy, type BatchRequestItem } from '../../packages/protocol/src/index.ts';
import { loadText } from '../support/providers.ts';
import { login, useKring } from '../support/server.ts';

const kring = useKring();
let anna: string;

beforeAll(async () => {
  anna = await login(kring.url, 'anna@kring.test');
});

async function batch(cookie: string, items: BatchRequestItem[]) {
  const body = encodeBatchRequest(items);
  const response = await fetch(`${kring.url}/api/sync/batch`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/octet-stream' },
    body: body.slice().buffer,
  });
  return { status: response.status, items: response.ok ? decodeBatchResponse(new Uint8Array(await response.arrayBuffer())) : [] };
}

function textDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

describe('POST /api/sync/batch', () => {
  it('stores what the device sends for many documents in one request and says it is saved', async () => {
    const docs = Array.from({ length: 30 }, (_, i) => textDoc(`batch ${i}`));
    const { status, items } = await batch(
      anna,
      docs.map((doc, i) => ({ docName: `noord/page/batch-${i}`, stateVector: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) })),
    );
    expect(status).toBe(200);
    expect(items).toHaveLength(30);
    items.forEach((item, i) => {
      expect(item.status).toBe('ok');
      expect(isCoveredBy(Y.encodeStateVector(docs[i]), item.saved)).toBe(true);
    });
    expect(await loadText(kring.url, 'noord/page/batch-7', anna, 't')).toContain('batch 7');
  });

  it("takes a batch larger than the web server's default body limit (a new device sends whole documents)", async () => {
    const docs = Array.from({ length: 12 }, (_, i) => textDoc(`${i}`.padEnd(100_000, 'x')));
    const { status, items } = await batch(
      anna,
      docs.map((doc, i) => ({ docName: `noord/page/groot-${i}`, stateVector: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) })),
    );
    expect(status).toBe(200);
    expect(items.every((item) => item.status === 'ok')).toBe(true);
  });

  it('answers with what the device is missing', async () => {
    const empty = new Y.Doc();
    const { items } = await batch(anna, [{ docName: 'noord/page/valpreventie', stateVector: Y.encodeStateVector(empty), update: new Uint8Array() }]);
    expect(items[0].status).toBe('ok');
    Y.applyUpdate(empty, items[0].diff);
    expect(empty.getText('title').toString()).toBe('Valpreventie bij cliënten thuis');
  });

  it('checks access per document: another team and malformed names are refused, the rest is served', async () => {
    const doc = textDoc('ingebroken');
    const { items } = await batch(anna, [
      { docName: 'zuid/page/valpreventie', stateVector: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) },
      { docName: 'noord/../zuid', stateVector: new Uint8Array([0]), update: new Uint8Array() },
      { docName: 'noord/page/valpreventie', stateVector: new Uint8Array([0]), update: new Uint8Array() },
    ]);
    expect(items.map((item) => item.status)).toEqual(['forbidden', 'malformed', 'ok']);
    expect(items[0].diff.byteLength).toBe(0);
    const bram = await login(kring.url, 'bram@kring.test');
    expect(await loadText(kring.url, 'zuid/page/valpreventie', bram, 't')).not.toContain('ingebroken');
  });

  it('does not store what a reader sends', async () => {
    const daan = await login(kring.url, 'daan@kring.test');
    const doc = textDoc('door de lezer');
    const { items } = await batch(daan, [{ docName: 'nieuws/page/welkom', stateVector: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) }]);
    expect(items[0].status).toBe('ok');
    const eva = await login(kring.url, 'eva@kring.test');
    expect(await loadText(kring.url, 'nieuws/page/welkom', eva, 't')).not.toContain('door de lezer');
  });

  it('refuses without a session, and refuses malformed bodies', async () => {
    expect((await batch('', [])).status).toBe(401);
    const response = await fetch(`${kring.url}/api/sync/batch`, { method: 'POST', headers: { cookie: anna }, body: new Uint8Array([200, 200, 200]) });
    expect(response.status).toBe(400);
  });
});

describe('GET /api/sync/changes', () => {
  it('lists documents changed since a cursor, only those the person may read', async () => {
    const start = (await (await fetch(`${kring.url}/api/sync/changes?since=0`, { headers: { cookie: anna } })).json()) as { cursor: number };
    const doc = textDoc('nieuw');
    await batch(anna, [{ docName: 'noord/page/changes-1', stateVector: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) }]);
    const forAnna = (await (await fetch(`${kring.url}/api/sync/changes?since=${start.cursor}`, { headers: { cookie: anna } })).json()) as {
      changes: { docName: string }[];
    };
    expect(forAnna.changes.map((c) => c.docName)).toEqual(['noord/page/changes-1']);
    const bram = await login(kring.url, 'bram@kring.test');
    const forBram = (await (await fetch(`${kring.url}/api/sync/changes?since=${start.cursor}`, { headers: { cookie: bram } })).json()) as {
      changes: { docName: string }[];
    };
    expect(forBram.changes).toEqual([]);
  });
});
