/**
 * Reading protocols on the device: a protocol's status, the approved version and the texts to compare are kept
 * on the device when the server gave them (the outbox's `remember`), so a care worker reads and confirms a protocol
 * at a client's door without signal. "I have read it" goes through the outbox: kept first, shown as not sent yet,
 * sent when the server can be reached (the server records the same confirmation once however often it is sent).
 */
import type { PageControl, PageVersionText, ProtocolToRead, ReadStatus } from '@kring/contract';
import { api } from '$lib/api/client.ts';
import type { Outbox, OutboxRequest } from '$lib/client/outbox.ts';

/** The outbox's kind for a confirmation; its subject is the page's document name. */
export const CONFIRM_READ = 'protocol-read';

const keys = {
  control: (name: string) => `protocol:control:${name}`,
  status: (name: string) => `protocol:reads:${name}`,
  approved: (name: string) => `protocol:approved:${name}`,
  text: (name: string, id: number) => `protocol:text:${name}:${id}`,
  toRead: 'protocol:to-read',
};

export interface KeptProtocol {
  control: PageControl | null;
  status: ReadStatus | null;
  /** Whether this came from the device because the server could not be reached. */
  offline: boolean;
}

/** The protocol's control and this person's read status: from the server, kept for later; else as kept. */
export async function loadProtocol(outbox: Outbox, name: string): Promise<KeptProtocol> {
  const [control, status] = await Promise.all([api.documents.control(name), api.documents.reads(name)]);
  if (control.ok) {
    await outbox.remember(keys.control(name), control.body);
    if (status.ok) await outbox.remember(keys.status(name), withPending(outbox, status.body));
    return { control: control.body, status: status.ok ? withPending(outbox, status.body) : null, offline: false };
  }
  if (control.code !== 'offline') return { control: null, status: null, offline: false };
  const kept = await Promise.all([outbox.recall<PageControl>(keys.control(name)), outbox.recall<ReadStatus>(keys.status(name))]);
  return { control: kept[0]?.value ?? null, status: kept[1] ? withPending(outbox, kept[1].value) : null, offline: true };
}

/** A confirmation still in the outbox counts on this device already: the person is not asked twice. */
function withPending(outbox: Outbox, status: ReadStatus): ReadStatus {
  const waiting = outbox.find(CONFIRM_READ, status.name);
  const versionId = (waiting?.body as { versionId?: number } | undefined)?.versionId;
  if (!waiting || waiting.state !== 'pending' || versionId !== status.versionId) return status;
  return { ...status, due: false, confirmed: { versionId, at: new Date(waiting.createdAt).toISOString() } };
}

/** The approved version's bytes: from the server, kept per page; without a network the kept one if it is that version. */
export async function approvedVersion(outbox: Outbox, name: string, versionId: number): Promise<Uint8Array | null> {
  const bytes = await api.documents.approved(name);
  if (bytes) {
    await outbox.remember(keys.approved(name), { versionId, bytes });
    return bytes;
  }
  const kept = await outbox.recall<{ versionId: number; bytes: Uint8Array }>(keys.approved(name));
  return kept && kept.value.versionId === versionId ? kept.value.bytes : null;
}

/** A version's text per block (to compare two approved versions): once fetched it never changes, so kept for good. */
export async function versionText(outbox: Outbox, name: string, id: number): Promise<PageVersionText | null> {
  const kept = await outbox.recall<PageVersionText>(keys.text(name, id));
  if (kept) return kept.value;
  const result = await api.documents.version(name, id);
  if (!result.ok) return null;
  await outbox.remember(keys.text(name, id), result.body);
  return result.body;
}

/** "I have read this version": kept on the device and sent when possible. */
export async function confirmRead(outbox: Outbox, name: string, versionId: number, title: string): Promise<OutboxRequest> {
  const request = await outbox.add({
    id: `read:${name}:${versionId}`,
    kind: CONFIRM_READ,
    subject: name,
    method: 'POST',
    path: '/api/documents/reads',
    body: { name, versionId },
    label: title,
  });
  // The home's list leaves it off at once, also offline.
  const kept = await outbox.recall<ProtocolToRead[]>(keys.toRead);
  if (kept) await outbox.remember(keys.toRead, kept.value.filter((protocol) => protocol.name !== name));
  return request;
}

/** The protocols this person must still confirm, for the home screen: from the server and kept, else as kept. */
export async function protocolsToRead(outbox: Outbox): Promise<{ protocols: ProtocolToRead[]; offline: boolean }> {
  const result = await api.documents.toRead();
  const waiting = (protocol: ProtocolToRead) => outbox.find(CONFIRM_READ, protocol.name)?.state === 'pending';
  if (!result.ok) {
    const kept = (await outbox.recall<ProtocolToRead[]>(keys.toRead))?.value ?? [];
    return { protocols: kept.filter((protocol) => !waiting(protocol)), offline: result.code === 'offline' };
  }
  const protocols = result.body.protocols.filter((protocol) => !waiting(protocol));
  await outbox.remember(keys.toRead, protocols);
  return { protocols, offline: false };
}

/**
 * Keeps each protocol to read on the device: its status, approved version and the text of the version read before,
 * so it opens and is confirmed at a client's door without signal. Stops at the first that cannot be fetched.
 */
export async function keepForOffline(outbox: Outbox, protocols: readonly ProtocolToRead[]): Promise<void> {
  for (const protocol of protocols) {
    if ((await loadProtocol(outbox, protocol.name)).offline) return;
    await approvedVersion(outbox, protocol.name, protocol.versionId);
    if (protocol.confirmedVersionId !== null) {
      await versionText(outbox, protocol.name, protocol.confirmedVersionId);
      await versionText(outbox, protocol.name, protocol.versionId);
    }
  }
}
