/**
 * Reads what "Vandaag" needs from the device (and brings it up to date when there is a network): the boards of the
 * person's spaces, the news space's index and feed, the kept activities of client spaces, and each document's
 * change mark. "Last here" is the marks seen at the previous visit, kept as `home-seen:<user>` in the device
 * cache (gone with the rest of the person, see client/wipe.ts).
 */
import { activityRights } from '@kring/access';
import type { Activity } from '@kring/contract';
import { cardsAssignedTo, docName, feedDocId, listBoards, listPageTree, listPosts, previousFeedDocId } from '@kring/shapes';
import { api } from '$lib/api/client.ts';
import { DeviceCache, type Me } from '$lib/client';
import { outboxFor } from '$lib/client/outbox.ts';
import { accessUser } from '$lib/client/session.ts';
import type { SyncManager } from '$lib/client/sync-manager.ts';
import type { LocalStore } from '$lib/client/local-store.ts';
import type { Access } from '@kring/access';
import type { Article, BoardCard, SeenMarks } from './today.ts';
import type { Post } from '@kring/shapes';

export interface DeviceDay {
  cards: BoardCard[];
  posts: Array<Post & { spaceId: string; feedId: string }>;
  articles: Article[];
  activities: Activity[];
  marks: Map<string, number>;
}

export interface Reader {
  me: Me;
  sync: SyncManager;
  store: LocalStore;
  access: (docName: string) => Access;
}

const seenKey = (userId: string) => `home-seen:${userId}`;
let cache: DeviceCache | null = null;

/** The change marks kept at the person's previous visit; null on the first. */
export async function lastSeen(userId: string): Promise<SeenMarks | null> {
  cache ??= new DeviceCache();
  const value = await cache.get<unknown>(seenKey(userId));
  return typeof value === 'object' && value !== null ? (value as SeenMarks) : null;
}

/** Keeps the marks of the person's current spaces as "seen" (none of a space they left). */
export async function keepSeen(userId: string, marks: ReadonlyMap<string, number>, spaceIds: ReadonlySet<string>): Promise<void> {
  cache ??= new DeviceCache();
  const kept: Record<string, number> = {};
  for (const [name, mark] of marks) if (spaceIds.has(name.split('/')[0] ?? '')) kept[name] = mark;
  await cache.set(seenKey(userId), kept);
}

const index = (spaceId: string) => docName(spaceId, 'index', 'main');

/** The documents "Vandaag" reads: every index, the boards they list, the news feeds of this month and the last. */
async function documentsOf(reader: Reader): Promise<{ boards: Array<Omit<BoardCard, 'card'>>; articles: Article[]; feeds: Array<{ spaceId: string; feedId: string }> }> {
  const { me, sync, access } = reader;
  const boards: Array<Omit<BoardCard, 'card'>> = [];
  const articles: Article[] = [];
  const feeds: Array<{ spaceId: string; feedId: string }> = [];
  const thisMonth = feedDocId(new Date());
  for (const space of me.spaces) {
    if (access(index(space.id)) === 'none') continue;
    const [listed, tree] = await sync.readLocal(index(space.id), (doc) => [listBoards(doc), space.kind === 'news' ? listPageTree(doc) : []] as const);
    if (me.user.role !== 'client') {
      for (const board of listed) if (access(docName(space.id, 'board', board.id)) !== 'none') boards.push({ spaceId: space.id, spaceName: space.name, boardId: board.id, boardTitle: board.title });
    }
    if (space.kind !== 'news') continue;
    for (const node of tree) if (access(docName(space.id, 'page', node.id)) !== 'none') articles.push({ spaceId: space.id, pageId: node.id, title: node.title });
    for (const feedId of [thisMonth, previousFeedDocId(thisMonth)]) if (access(docName(space.id, 'feed', feedId)) !== 'none') feeds.push({ spaceId: space.id, feedId });
  }
  return { boards, articles, feeds };
}

/** Client spaces whose activities the person sees. */
function activitySpaces(me: Me): string[] {
  const user = accessUser(me);
  return me.spaces.filter((space) => space.kind === 'client' && (space.features === undefined || space.features.includes('activities')) && activityRights(user, space.id).view).map((space) => space.id);
}

/** Everything from the device alone: opens offline. */
export async function readDevice(reader: Reader): Promise<DeviceDay> {
  const { me, sync, store } = reader;
  const { boards, articles, feeds } = await documentsOf(reader);
  const cards: BoardCard[] = [];
  for (const board of boards) {
    for (const card of await sync.readLocal(docName(board.spaceId, 'board', board.boardId), (doc) => cardsAssignedTo(doc, me.user.id))) cards.push({ ...board, card });
  }
  const posts: DeviceDay['posts'] = [];
  for (const feed of feeds) {
    for (const post of await sync.readLocal(docName(feed.spaceId, 'feed', feed.feedId), (doc) => listPosts(doc))) posts.push({ ...post, ...feed });
  }
  const outbox = outboxFor(me.user.id, location.origin);
  const activities: Activity[] = [];
  for (const spaceId of activitySpaces(me)) activities.push(...((await outbox.recall<Activity[]>(`activities:${spaceId}`))?.value ?? []));
  return { cards, posts, articles, activities, marks: await store.changeMarks() };
}

/** Brings what "Vandaag" reads up to date with the server; false when it could not be reached. */
export async function refreshFromServer(reader: Reader): Promise<boolean> {
  const { me, sync, access } = reader;
  const indexes = me.spaces.map((space) => index(space.id)).filter((name) => access(name) !== 'none');
  if (!(await sync.reconcile(indexes))) return false;
  const { boards, feeds } = await documentsOf(reader);
  // Every space's feed of this month too, so "new in my spaces" counts what colleagues posted since the last visit.
  const spaceFeeds = me.spaces.map((space) => docName(space.id, 'feed', feedDocId(new Date()))).filter((name) => access(name) !== 'none');
  const names = [...new Set([...boards.map((board) => docName(board.spaceId, 'board', board.boardId)), ...feeds.map((feed) => docName(feed.spaceId, 'feed', feed.feedId)), ...spaceFeeds])];
  const outbox = outboxFor(me.user.id, location.origin);
  // The activities page keeps the same answer under the same key, so either one opens offline.
  const lists = activitySpaces(me).map(async (spaceId) => {
    const result = await api.activities.list(spaceId);
    if (result.ok) await outbox.remember(`activities:${spaceId}`, result.body.activities);
  });
  const [reached] = await Promise.all([sync.reconcile(names), ...lists]);
  return reached;
}
