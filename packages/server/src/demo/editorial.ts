/**
 * Demo articles waiting for the editors of Nieuws: one by Daan (a client) and one by Anna (an employee), so Eva
 * finds something in the editorial queue on first start. Each is a submission document (page shape) written by
 * its author, registered as `submitted`. Written once, when the demo is seeded.
 */
import * as Y from 'yjs';
import { submissionDocId } from '@kring/access';
import { Editorial } from '../editorial/editorial.ts';
import type { KringDb } from '../db/schema.ts';
import { appendPageBlocks, docName, setPageTitle, type PageBlock } from '@kring/shapes';
import type { ServerWrites } from '@kring/sync-server';

const SPACE = 'nieuws';

interface DemoArticle {
  author: string;
  suffix: string;
  title: string;
  blocks: PageBlock[];
}

const ARTICLES: DemoArticle[] = [
  {
    author: 'daan@kring.test',
    suffix: 'demo-moestuin',
    title: 'Onze moestuin achter het buurthuis',
    blocks: [
      { type: 'paragraph', text: 'Sinds het voorjaar hebben we een moestuin achter het buurthuis. Met vijf bewoners werken we er elke dinsdag.' },
      { type: 'paragraph', text: 'We hebben nu tomaten, bonen en heel veel courgettes. Wie wil helpen of een courgette wil, is welkom.' },
      { type: 'paragraph', text: 'Groet, Daan' },
    ],
  },
  {
    author: 'anna@kring.test',
    suffix: 'demo-valweek',
    title: 'Week van de valpreventie: doe de valtest',
    blocks: [
      { type: 'paragraph', text: 'In de week van de valpreventie kunnen cliënten samen met ons de valtest doen. Het duurt een kwartier.' },
      { type: 'heading', level: 2, text: 'Hoe werkt het?' },
      { type: 'paragraph', text: 'Vraag bij het volgende bezoek naar de test. We kijken samen naar uw huis, uw schoenen en uw medicijnen.' },
    ],
  },
];

/**
 * Writes the demo submissions and registers them with the editors; does nothing when Nieuws or an author is
 * missing, or when there are submissions already (so a restart never duplicates them).
 * @param now when they were sent in
 */
export async function seedDemoEditorial(documents: ServerWrites, db: KringDb, now: number = Date.now()): Promise<void> {
  const space = await db.selectFrom('spaces').select('id').where('id', '=', SPACE).executeTakeFirst();
  const existing = await db.selectFrom('submissions').select('id').limit(1).executeTakeFirst();
  if (!space || existing) return;
  const editorial = new Editorial(db);
  for (const [i, article] of ARTICLES.entries()) {
    const author = await db.selectFrom('users').select('id').where('email', '=', article.author).executeTakeFirst();
    if (!author) continue;
    const id = submissionDocId(author.id, article.suffix);
    const doc = new Y.Doc();
    setPageTitle(doc, article.title);
    appendPageBlocks(doc, article.blocks);
    // Written by the server for its author, who appears in its history.
    await documents.writeAsServer(docName(SPACE, 'submission', id), Y.encodeStateAsUpdate(doc), author.id);
    // An hour apart, the oldest first, so the queue reads as it would have grown.
    await editorial.create({ id, spaceId: SPACE, authorId: author.id, title: article.title, now: now - (ARTICLES.length - i) * 3600_000 });
  }
}
