/**
 * The demo organisation's first documents, written once by the server when it seeds demo mode (never by
 * clients on connect, which would duplicate them). They are written through the sync server as the server's
 * own content: the update log records no author (null) for them, except the demo submissions, which record
 * their authors.
 */
import * as Y from 'yjs';
import { addPage, appendPageBlocks, docName, setPageTitle, type PageBlock } from '@kring/shapes';
import type { KringDb } from '../db/schema.ts';
import type { ServerWrites } from '@kring/sync-server';
import { seedDemoActivities } from './activities.ts';
import { seedDemoRooms } from './rooms.ts';
import { seedDemoBoards } from './boards.ts';
import { seedDemoDesks } from './desks.ts';
import { seedDemoEditorial } from './editorial.ts';
import { seedDemoFeed } from './feed.ts';
import { seedWikiDemo } from './wiki.ts';

interface DemoPage {
  id: string;
  title: string;
  blocks: PageBlock[];
}

const PROTOCOLS: DemoPage[] = [
  {
    id: 'valpreventie',
    title: 'Valpreventie bij cliënten thuis',
    blocks: [
      { type: 'paragraph', text: 'Vallen is de grootste oorzaak van letsel bij oudere cliënten. Kijk bij elk bezoek even rond.' },
      { type: 'heading', level: 2, text: 'Bij elk bezoek' },
      { type: 'paragraph', text: 'Let op losse kleden, snoeren en slechte verlichting. Vraag of de cliënt de afgelopen week is gevallen.' },
      { type: 'heading', level: 2, text: 'Na een val' },
      { type: 'paragraph', text: 'Meld de val in het dossier en bespreek in de teamoverdracht of een fysiotherapeut nodig is.' },
    ],
  },
  {
    id: 'medicatie-overdracht',
    title: 'Medicatie-overdracht tussen diensten',
    blocks: [
      { type: 'paragraph', text: 'Zo weet de volgende collega precies wat er gegeven is en wat nog moet.' },
      { type: 'heading', level: 2, text: 'Aftekenen' },
      { type: 'paragraph', text: 'Teken elke toediening direct af op de toedienlijst, ook als de cliënt weigert.' },
      { type: 'heading', level: 2, text: 'Overdracht' },
      { type: 'paragraph', text: 'Noem bij de overdracht wijzigingen in medicatie en bijzonderheden, zoals misselijkheid of sufheid.' },
    ],
  },
];

const NEWS: DemoPage[] = [
  {
    id: 'welkom',
    title: 'Welkom op Kring',
    blocks: [{ type: 'paragraph', text: 'Kring is de nieuwe plek voor nieuws, protocollen en taken van Zorg aan Zee. Ook zonder internet.' }],
  },
];

async function writeSpace(documents: ServerWrites, spaceId: string, pages: DemoPage[]): Promise<void> {
  const index = new Y.Doc();
  for (const page of pages) {
    addPage(index, { id: page.id, title: page.title });
    const doc = new Y.Doc();
    setPageTitle(doc, page.title);
    appendPageBlocks(doc, page.blocks);
    await documents.writeAsServer(docName(spaceId, 'page', page.id), Y.encodeStateAsUpdate(doc), null);
  }
  await documents.writeAsServer(docName(spaceId, 'index', 'main'), Y.encodeStateAsUpdate(index), null);
}

/** The first protocols of both teams and the news space's welcome page. */
export async function seedDemoProtocols(documents: ServerWrites): Promise<void> {
  await writeSpace(documents, 'noord', PROTOCOLS);
  await writeSpace(documents, 'zuid', PROTOCOLS);
  await writeSpace(documents, 'nieuws', NEWS);
}

/** Everything demo mode shows on first start: protocols, boards, feeds and activities, written once. */
export async function seedDemoContent(documents: ServerWrites, db: KringDb): Promise<void> {
  await seedDemoProtocols(documents);
  await seedWikiDemo(documents);
  const people = await db.selectFrom('users').select(['email', 'id', 'name']).execute();
  await seedDemoBoards(documents, people);
  await seedDemoFeed(documents, Object.fromEntries(people.map((person) => [person.email, person.id])));
  await seedDemoActivities(db);
  await seedDemoRooms(db);
  await seedDemoEditorial(documents, db);
  await seedDemoDesks(db);
}
