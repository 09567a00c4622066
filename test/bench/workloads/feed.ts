/**
 * Relay on a feed, and what the authorship checks cost (issue 11): 100 clients on one month's feed of a few
 * hundred posts; in turn one comments on a post or likes it (or takes the like back); the time until every other
 * client has applied it, and the server process's CPU per update (all its threads, SQLite's worker included),
 * read from Linux's /proc. The same workload runs against two Kring servers at once, one with the checks and one
 * without (`BENCH_WITHOUT_AUTHORSHIP_CHECKS=1`), in alternating blocks, so the machine's other work falls on both.
 */
import * as Y from 'yjs';
import { addComment, createPost, listPosts, toggleLike } from '@kring/shapes';
import type { Person } from '../lib/people.ts';
import { Room } from '../lib/room.ts';
import type { RunningServer } from '../lib/servers.ts';

export interface FeedOptions {
  clients: number;
  posts: number;
  commentsPerPost: number;
  /** A new round starts at most this often (ms). */
  intervalMs: number;
  docName: string;
}

// Enough for the server to have compiled its hot paths, comments and likes both.
const WARMUP_ROUNDS = 30;

/** Who a comment or like is by: each simulated device writes as its own person (lib/people.ts). */
export interface Author {
  id: string;
  name: string;
}

/** The feed's state as one update: `posts` posts with `commentsPerPost` comments each, all by `author`. */
export function makeFeed(author: Author, posts: number, commentsPerPost: number): Uint8Array {
  const doc = new Y.Doc();
  const start = Date.UTC(2040, 0, 1);
  for (let i = 0; i < posts; i++) {
    const createdAt = new Date(start + i * 60_000);
    const postId = createPost(doc, { authorId: author.id, authorName: author.name, text: `Overdracht ${i}: ${'bezoek gepland, medicatie gecontroleerd. '.repeat(3)}`, createdAt });
    for (let c = 0; c < commentsPerPost; c++) addComment(doc, postId, { authorId: author.id, authorName: author.name, text: `Gezien, dank je (${c}).`, createdAt });
  }
  return Y.encodeStateAsUpdate(doc);
}

/**
 * One feed open on one server by one client per person: in turn one comments on a post or toggles its like there.
 * The first person writes `state` (makeFeed) into it.
 */
export async function openFeedRoom(server: RunningServer, state: Uint8Array, people: readonly Person[], options: FeedOptions): Promise<Room> {
  if (people.length !== options.clients) throw new Error(`${options.clients} clients need as many people, not ${people.length}`);
  let postIds: string[] = [];
  return Room.open(
    server,
    state,
    people,
    {
      docName: options.docName,
      intervalMs: options.intervalMs,
      warmupRounds: WARMUP_ROUNDS,
      check: (doc) => {
        postIds = listPosts(doc).map((post) => post.id);
        if (postIds.length !== options.posts) throw new Error(`the feed did not reach the clients whole on ${server.system}`);
      },
    },
    (doc, author, n) => {
      const postId = postIds[(n * 7) % postIds.length];
      if (n % 2 === 0) addComment(doc, postId, { authorId: author.id, authorName: author.name, text: `Reactie ${n}.` });
      else toggleLike(doc, postId, author.id);
    },
  );
}
