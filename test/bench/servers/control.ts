/**
 * The benchmark's side channel into a peer server child (IPC, never the WebSocket): "tell me when you hold
 * everything up to this state vector" and "how many documents do you hold". The peers have no "saved"
 * acknowledgement of their own that means the same as Kring's, so the server itself reports, the moment an
 * update it applied covers the state vector.
 */
import * as Y from 'yjs';

export type ControlRequest =
  | { id: number; type: 'holds'; doc: string; stateVector: number[]; timeoutMs: number }
  | { id: number; type: 'documents' };

export type ControlReply = { id: number; ok: true; count?: number } | { id: number; ok: false; error: string };

function covers(doc: Y.Doc, wanted: Map<number, number>): boolean {
  const has = Y.encodeStateVector(doc);
  const state = Y.decodeStateVector(has);
  for (const [client, clock] of wanted) if ((state.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Answers the benchmark's requests over IPC.
 * @param docFor the document the server holds in memory under this name, if any
 * @param documents how many documents the server holds in memory
 */
export function serveControl(docFor: (name: string) => Y.Doc | undefined, documents: () => number): void {
  const reply = (message: ControlReply) => process.send?.(message);
  process.on('message', (raw: unknown) => {
    const request = raw as ControlRequest;
    if (request.type === 'documents') {
      reply({ id: request.id, ok: true, count: documents() });
      return;
    }
    const wanted = Y.decodeStateVector(Uint8Array.from(request.stateVector));
    const deadline = Date.now() + request.timeoutMs;
    let watched: Y.Doc | undefined;
    const done = (message: ControlReply) => {
      watched?.off('update', onUpdate);
      clearInterval(poll);
      reply(message);
    };
    const check = () => {
      const doc = docFor(request.doc);
      if (doc && doc !== watched) {
        watched?.off('update', onUpdate);
        watched = doc;
        doc.on('update', onUpdate);
      }
      if (doc && covers(doc, wanted)) done({ id: request.id, ok: true });
      else if (Date.now() > deadline) done({ id: request.id, ok: false, error: `${request.doc} not covered within ${request.timeoutMs} ms` });
    };
    // An update event says the moment it is applied; the poll finds documents that are created or reloaded.
    const onUpdate = () => check();
    const poll = setInterval(check, 5);
    check();
  });
}
