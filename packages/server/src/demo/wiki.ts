/**
 * Demo care protocols for the team wikis of Buurtteam Noord and Zuid, with headings, lists and checklists:
 * wound care (with a sub-page on pressure ulcers) and what the team does when a colleague calls in sick.
 * Written once by the server when it seeds demo mode. The pages are added to each team's index next to what
 * is already there (the protocols `demoContent.ts` writes), whichever seeder runs first.
 */
import { addPage, appendPageBlocks, docName, getPageEntry, setPageTitle, type PageBlock } from '@kring/shapes';
import type { ServerWrites } from '@kring/sync-server';

interface DemoPage {
  id: string;
  title: string;
  /** The id of the page this one is a sub-page of. */
  parentId?: string;
  blocks: PageBlock[];
}

export const WIKI_DEMO_PAGES: readonly DemoPage[] = [
  {
    id: 'wondzorg',
    title: 'Wondzorg',
    blocks: [
      {
        type: 'paragraph',
        text: 'Zo verzorgen we wonden bij cliënten thuis: schoon, op dezelfde manier en goed beschreven. Twijfel je? Bel de wondverpleegkundige van het team.',
      },
      { type: 'heading', level: 2, text: 'Voor je begint' },
      {
        type: 'bulletList',
        items: [
          'Was je handen en trek handschoenen aan.',
          'Leg je spullen klaar op een schone ondergrond: gaasjes, fysiologisch zout, verband, pleister en een afvalzakje.',
          'Lees in het dossier wat het wondbeleid is en wanneer de wond voor het laatst is verzorgd.',
        ],
      },
      { type: 'heading', level: 2, text: 'De wond verzorgen' },
      {
        type: 'orderedList',
        items: [
          'Haal het oude verband voorzichtig weg en doe het in het afvalzakje.',
          'Bekijk de wond: grootte, kleur, geur en vocht.',
          'Spoel de wond met fysiologisch zout en dep hem droog.',
          'Leg nieuw verband aan zoals in het wondbeleid staat.',
        ],
      },
      { type: 'heading', level: 2, text: 'Na afloop' },
      {
        type: 'taskList',
        items: [
          { text: 'Wond beschreven in het dossier', checked: false },
          { text: 'Foto gemaakt (bij de eerste keer, daarna elke week)', checked: false },
          { text: 'Bijzonderheden gemeld bij de wondverpleegkundige', checked: false },
          { text: 'Afval weggegooid en handen gewassen', checked: false },
        ],
      },
      { type: 'heading', level: 2, text: 'Wanneer bel je de huisarts?' },
      {
        type: 'bulletList',
        items: [
          'De cliënt heeft koorts boven 38,5 °C.',
          'De roodheid rond de wond wordt groter, of de huid is warm en pijnlijk.',
          'De wond gaat stinken of er komt pus uit.',
          'Na twee weken is de wond niet beter geworden.',
        ],
      },
    ],
  },
  {
    id: 'decubitus',
    title: 'Decubitus voorkomen',
    parentId: 'wondzorg',
    blocks: [
      {
        type: 'paragraph',
        text: 'Doorliggen (decubitus) ontstaat snel bij cliënten die veel liggen of zitten. Met deze stappen voorkom je het.',
      },
      { type: 'heading', level: 2, text: 'Elke dag' },
      {
        type: 'taskList',
        items: [
          { text: 'Huid bekeken bij stuit, hielen, heupen en ellebogen', checked: false },
          { text: 'Cliënt elke twee tot drie uur anders gelegd, of de mantelzorger gevraagd dat te doen', checked: false },
          { text: 'Huid schoon en droog gehouden', checked: false },
          { text: 'Gevraagd of de cliënt genoeg heeft gegeten en gedronken', checked: false },
        ],
      },
      { type: 'heading', level: 2, text: 'Een rode plek die niet wegdrukt?' },
      {
        type: 'paragraph',
        text: 'Dat is het begin van decubitus. Leg de cliënt niet meer op die plek, schrijf het in het dossier en overleg dezelfde dag met de wondverpleegkundige.',
      },
    ],
  },
  {
    id: 'overdracht-bij-ziekte',
    title: 'Overdracht bij ziekte collega',
    blocks: [
      {
        type: 'paragraph',
        text: 'Meldt een collega zich ziek? Dan zorgen we samen dat alle cliënten hun zorg krijgen. Niemand hoeft dit alleen op te lossen.',
      },
      { type: 'heading', level: 2, text: 'Als je zelf ziek bent' },
      {
        type: 'orderedList',
        items: [
          'Bel voor 7.00 uur de collega van de vroege dienst. Alleen een appje is niet genoeg.',
          'Zet bij Taken welke cliënten je vandaag zou bezoeken.',
          'Noem bijzonderheden: sleutels, medicatie, afspraken met de huisarts of familie.',
        ],
      },
      { type: 'heading', level: 2, text: 'Wat het team doet' },
      {
        type: 'taskList',
        items: [
          { text: 'Eerst de medicatierondes en insulinetijden ingepland', checked: false },
          { text: 'Cliënten verdeeld over de collega’s die werken', checked: false },
          { text: 'Cliënten gebeld als de zorg later komt', checked: false },
          { text: 'Kaarten op het takenbord overgedragen aan de collega die het overneemt', checked: false },
          { text: 'De flexpool gebeld als het niet rondkomt', checked: false },
        ],
      },
      { type: 'heading', level: 2, text: 'Na de dienst' },
      {
        type: 'bulletList',
        items: [
          'Schrijf in de teamchat kort wat gedaan is en wat blijft liggen.',
          'Stuur je zieke collega gerust een beterschapswens.',
        ],
      },
    ],
  },
];

const TEAM_SPACES = ['noord', 'zuid'];

async function seedSpace(documents: ServerWrites, spaceId: string): Promise<void> {
  for (const page of WIKI_DEMO_PAGES) {
    await documents.transactAsServer(docName(spaceId, 'page', page.id), null, (doc) => {
      if (doc.store.clients.size > 0) return;
      setPageTitle(doc, page.title);
      appendPageBlocks(doc, page.blocks);
    });
  }

  // Onto the index as the server holds it, so these pages come after those already there instead of racing for
  // the same place.
  await documents.transactAsServer(docName(spaceId, 'index', 'main'), null, (index) => {
    for (const page of WIKI_DEMO_PAGES) {
      if (getPageEntry(index, page.id) === null) addPage(index, { id: page.id, title: page.title, parentId: page.parentId ?? null });
    }
  });
}

/** Seeds the demo care protocols into the team spaces. Pages already stored are left alone. */
export async function seedWikiDemo(documents: ServerWrites): Promise<void> {
  for (const spaceId of TEAM_SPACES) await seedSpace(documents, spaceId);
}
