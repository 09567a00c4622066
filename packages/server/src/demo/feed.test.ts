import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listComments, listPosts, type Post } from '@kring/shapes';
import { MemoryDocumentStore } from '@kring/storage';
import { readDocument, serverWritingTo } from '../testing.ts';
import { seedDemoFeed } from './feed.ts';

async function postsOf(store: MemoryDocumentStore, name: string): Promise<{ doc: Y.Doc; posts: Post[] }> {
  const doc = await readDocument(store, name);
  return { doc, posts: listPosts(doc) };
}

describe('demo feed', () => {
  it('fills each team space and the Cliëntenplein with posts, comments, a pinned post and a poll with votes', async () => {
    const store = new MemoryDocumentStore();
    await seedDemoFeed(serverWritingTo(store), { 'anna@kring.test': 'id-anna', 'daan@kring.test': 'id-daan' }, new Date('2026-11-22T12:00:00Z'));
    for (const space of ['noord', 'zuid', 'clientenplein']) {
      const { doc, posts } = await postsOf(store, `${space}/feed/2026-11`);
      expect(posts.length, space).toBeGreaterThanOrEqual(4);
      expect(posts.filter((post) => post.pinned), space).toHaveLength(1);
      const poll = posts.find((post) => post.poll)?.poll;
      expect(poll?.totalVotes, space).toBeGreaterThan(0);
      expect(posts.some((post) => listComments(doc, post.id).length > 0), space).toBe(true);
      expect(posts.some((post) => post.likeCount > 0), space).toBe(true);
    }
    const noord = (await postsOf(store, 'noord/feed/2026-11')).posts;
    expect(noord.filter((post) => post.authorId === 'id-anna').map((post) => post.authorName)).toEqual(['Anna de Vries']);
    expect(noord.flatMap((post) => post.mentions)).toEqual([{ userId: 'id-anna', name: 'Anna de Vries' }]);
    const plein = (await postsOf(store, 'clientenplein/feed/2026-11')).posts;
    expect(plein.find((post) => post.poll)?.poll?.votes['id-daan']).toBeDefined();
  });

  it('puts posts from before the first of the month into the previous month’s document', async () => {
    const store = new MemoryDocumentStore();
    await seedDemoFeed(serverWritingTo(store), {}, new Date('2026-12-02T08:00:00Z'));
    const december = (await postsOf(store, 'noord/feed/2026-12')).posts;
    const november = (await postsOf(store, 'noord/feed/2026-11')).posts;
    expect(december.length).toBeGreaterThan(0);
    expect(november.length).toBeGreaterThan(0);
    for (const post of december) expect(post.createdAt.startsWith('2026-12')).toBe(true);
    for (const post of november) expect(post.createdAt.startsWith('2026-11')).toBe(true);
  });
});
