/**
 * Keeps every space readable offline: brings each space's index, every page and board it lists, this month's
 * feed, the chat of each of the person's conversations and of each space with chat on (this month's and the last)
 * and every document already on the device up to date with the server, and sends what only this device has, in
 * batches rather than a socket per document. Loaded with the sync machinery, not on the first screen.
 */
import type { Access } from '@kring/access';
import { chatDocId, docName, feedDocId, listBoards, listPageTree, previousChatDocId, previousFeedDocId, type PageNode } from '@kring/shapes';
import type { Me } from './identity.ts';
import { DeviceCache } from './local-store.ts';
import type { SyncManager } from './sync-manager.ts';

let device: DeviceCache | null = null;

/**
 * One background round for `me`.
 * @param stillCurrent false once the person's sync was replaced meanwhile (logout, another person)
 */
export async function keepCurrent(sync: SyncManager, me: Me, access: (docName: string) => Access, stillCurrent: () => boolean): Promise<void> {
  device ??= new DeviceCache();
  const readable = (names: string[]) => names.filter((name) => access(name) !== 'none');
  const indexes = me.spaces.map((space) => docName(space.id, 'index', 'main'));
  // Chats open offline with what came while the app was open elsewhere, not only with what was seen in them.
  const thisMonth = chatDocId(new Date());
  const chats = [...(me.conversations ?? []), ...me.spaces.filter((space) => space.features?.includes('chat')).map((space) => space.id)].flatMap((id) => [
    docName(id, 'chat', thisMonth),
    docName(id, 'chat', previousChatDocId(thisMonth)),
  ]);
  // What changed on the server since last time, plus everything on the device: one batch, no socket each.
  const cursorKey = `changes-cursor:${me.user.id}`;
  const changed = await sync.changedOnServer((await device.get<number>(cursorKey)) ?? 0);
  const reached = await sync.reconcile(readable([...indexes, ...chats, ...(changed?.names ?? []), ...(await sync.knownDocuments())]));
  if (!reached) return;
  if (changed) await device.set(cursorKey, changed.cursor);
  // What each space's index lists, and this month's feed, now that the indexes are current.
  const listed: string[] = [];
  for (const space of me.spaces) {
    const index = docName(space.id, 'index', 'main');
    // Reading makes a record: not for a space the person left while this round ran (it was wiped).
    if (access(index) === 'none') continue;
    const [tree, boards] = await sync.readLocal(index, (doc) => [listPageTree(doc), listBoards(doc)] as const);
    for (const node of flatten(tree)) listed.push(docName(space.id, 'page', node.id));
    for (const board of boards) listed.push(docName(space.id, 'board', board.id));
    // This month and the last, so the feed is not empty offline on the first of a month.
    const feedMonth = feedDocId(new Date());
    listed.push(docName(space.id, 'feed', feedMonth), docName(space.id, 'feed', previousFeedDocId(feedMonth)));
  }
  if (stillCurrent()) await sync.reconcile(readable(listed));
}

function flatten(nodes: PageNode[]): PageNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}
