/**
 * Demo task boards: a "Teamplanning" board in each neighbourhood team's space, with what such a team plans in a
 * week (an intake, aids to order, wound care to evaluate, the December roster), some cards on the team
 * member's own list and one handed over by a colleague with a note. Written once by the server when it seeds
 * demo mode, after the accounts exist, and listed in the space's index.
 *
 * Colleagues without a demo account get the same fixed `demo-…` ids as in the demo feed; demo accounts are
 * looked up by email in `people`, so their cards land on their own "Mijn taken".
 */
import * as Y from 'yjs';
import {
  addBoard,
  addCard,
  addChecklistItem,
  addColumn,
  docName,
  handOverCard,
  listBoards,
  setChecklistItemDone,
  type Person,
} from '@kring/shapes';
import type { ServerWrites } from '@kring/sync-server';

/** A demo account as the seeder needs it. */
export interface DemoPerson {
  email: string;
  id: string;
  name: string;
}

/** A demo account's email, or the display name of a colleague without an account. */
type Who = string;

interface DemoCard {
  title: string;
  description?: string;
  assignees?: Who[];
  /** Days from the day of seeding; negative is overdue. */
  dueInDays?: number;
  labels?: string[];
  /** Items, `true` when done. */
  checklist?: Array<[string, boolean]>;
  /** Handed over from `from` to the card's first assignee, `hoursAgo` hours before seeding. */
  handover?: { from: Who; note: string; hoursAgo: number };
}

interface DemoBoard {
  spaceId: string;
  columns: Array<{ title: string; done?: boolean; cards: DemoCard[] }>;
}

export const DEMO_BOARD = { id: 'teamplanning', title: 'Teamplanning' };

const BOARDS: DemoBoard[] = [
  {
    spaceId: 'noord',
    columns: [
      {
        title: 'Te doen',
        cards: [
          {
            title: 'Intakegesprek nieuwe cliënt Dijkstraat 12',
            description: 'Meneer Van Dam, 84 jaar, net thuis na een heupoperatie. Dochter is mantelzorger.',
            dueInDays: 1,
            labels: ['Intake'],
            checklist: [
              ['Medicatielijst opvragen bij de apotheek', false],
              ['Zorgplanformulier meenemen', false],
              ['Telefoonnummer dochter noteren', false],
            ],
          },
          {
            title: 'Rollator bestellen voor mevrouw Jansen',
            description: 'De fysiotherapeut heeft de maat al opgemeten. Levering graag op een dinsdag, dan is haar zoon er.',
            assignees: ['anna@kring.test'],
            dueInDays: 3,
            labels: ['Hulpmiddelen'],
            checklist: [
              ['Maat doorgeven aan de thuiszorgwinkel', true],
              ['Levering afspreken met de zoon', false],
            ],
          },
          {
            title: 'Rooster december rond maken',
            description: 'Ruilverzoeken staan in het teamkanaal. Let op de feestdagen.',
            assignees: ['Joost Mulder'],
            dueInDays: 6,
            labels: ['Team'],
          },
        ],
      },
      {
        title: 'Bezig',
        cards: [
          {
            title: 'Wondzorg meneer De Boer evalueren',
            description: "Vergelijk de foto's met die van vorige week. Twijfel? Bel de wondverpleegkundige.",
            assignees: ['anna@kring.test'],
            dueInDays: 0,
            labels: ['Wondzorg'],
            checklist: [
              ["Foto's maken", true],
              ['Verslag in het dossier', false],
            ],
            handover: {
              from: 'Fatima El Amrani',
              note: 'Verband is vanochtend verschoond. Nieuwe verbandmiddelen liggen in de la van het nachtkastje.',
              hoursAgo: 5,
            },
          },
          {
            title: 'Valrisico bekijken bij mevrouw Smit',
            description: 'Volgens het protocol valpreventie. Het kleed in de gang is al weg.',
            assignees: ['Sanne Bos'],
            dueInDays: -1,
            labels: ['Valpreventie'],
            checklist: [
              ['Verlichting trap en gang', true],
              ['Schoenen en pantoffels', false],
              ['Beugels in de badkamer', false],
            ],
          },
        ],
      },
      {
        title: 'Klaar',
        done: true,
        cards: [
          {
            title: 'Medicatie-overdracht avonddienst besproken',
            assignees: ['anna@kring.test', 'Fatima El Amrani'],
            labels: ['Medicatie'],
          },
          { title: 'Sleutelkastje geplaatst bij meneer Bakker', assignees: ['Joost Mulder'] },
        ],
      },
    ],
  },
  {
    spaceId: 'zuid',
    columns: [
      {
        title: 'Te doen',
        cards: [
          {
            title: 'Huisbezoek mevrouw El Idrissi plannen',
            description: 'Samen met de wijkverpleegkundige. Tolk regelen voor het Arabisch.',
            assignees: ['bram@kring.test'],
            dueInDays: 2,
            labels: ['Intake'],
            checklist: [
              ['Tolk aanvragen', false],
              ['Datum afstemmen met de familie', false],
            ],
          },
          {
            title: 'Incontinentiemateriaal bestellen voor meneer Vos',
            assignees: ['Mehmet Yilmaz'],
            dueInDays: 4,
            labels: ['Hulpmiddelen'],
          },
        ],
      },
      {
        title: 'Bezig',
        cards: [
          {
            title: 'Zorgplan mevrouw Kok bijwerken',
            description: 'Na het MDO: extra ochtendbezoek op maandag en donderdag.',
            assignees: ['bram@kring.test'],
            dueInDays: 1,
            labels: ['Zorgplan'],
            handover: {
              from: 'Ingrid de Boer',
              note: 'Het verslag van het MDO staat in het dossier. De dochter weet ervan.',
              hoursAgo: 20,
            },
          },
        ],
      },
      {
        title: 'Klaar',
        done: true,
        cards: [{ title: 'Griepprik-lijst ingeleverd bij de huisarts', assignees: ['Ingrid de Boer'], labels: ['Team'] }],
      },
    ],
  },
];

function day(from: Date, days: number): string {
  const date = new Date(from.getTime() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/**
 * Writes the demo boards and lists each in its space's index. Does nothing for a space whose index already
 * lists the board, so seeding twice never duplicates it.
 * @param people the demo accounts, looked up by email for their ids and names
 * @param now the day due dates count from (default: today)
 */
export async function seedDemoBoards(documents: ServerWrites, people: DemoPerson[], now: Date = new Date()): Promise<void> {
  const byEmail = new Map(people.map((person) => [person.email.toLowerCase(), person]));
  const who = (name: Who): Person => {
    const account = byEmail.get(name.toLowerCase());
    if (account) return { id: account.id, name: account.name };
    if (name.includes('@')) return { id: `demo-${name.split('@')[0]}`, name: name.split('@')[0]! };
    return { id: `demo-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, name };
  };

  for (const board of BOARDS) {
    const indexName = docName(board.spaceId, 'index', 'main');
    // Reading changes nothing, so nothing is written.
    const listed = await documents.transactAsServer(indexName, null, (index) => listBoards(index).some((entry) => entry.id === DEMO_BOARD.id));
    if (listed) continue;

    const doc = new Y.Doc();
    for (const column of board.columns) {
      const columnId = addColumn(doc, column.title, undefined, { done: column.done });
      for (const card of column.cards) {
        const assignees = (card.assignees ?? []).map(who);
        const cardId = addCard(doc, columnId, {
          title: card.title,
          description: card.description,
          assignees: card.handover ? [who(card.handover.from)] : assignees,
          // In the demo everyone took their own task (or had it before handing it over).
          assignedBy: (card.handover ? who(card.handover.from) : assignees[0])?.id,
          due: card.dueInDays === undefined ? null : day(now, card.dueInDays),
          labels: card.labels,
        });
        for (const [text, done] of card.checklist ?? []) {
          const itemId = addChecklistItem(doc, cardId, text);
          if (done) setChecklistItemDone(doc, cardId, itemId, true);
        }
        if (card.handover && assignees[0]) {
          const at = new Date(now.getTime() - card.handover.hoursAgo * 3_600_000);
          handOverCard(doc, cardId, { from: who(card.handover.from), to: assignees[0], note: card.handover.note, at });
        }
      }
    }
    await documents.writeAsServer(docName(board.spaceId, 'board', DEMO_BOARD.id), Y.encodeStateAsUpdate(doc), null);
    await documents.transactAsServer(indexName, null, (index) => addBoard(index, { id: DEMO_BOARD.id, title: DEMO_BOARD.title }));
  }
}
