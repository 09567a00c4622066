import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPage, cardsAssignedTo, docName, listBoards, listColumns, listPageTree } from '@kring/shapes';
import { MemoryDocumentStore } from '@kring/storage';
import { readDocument, serverWritingTo } from '../testing.ts';
import { DEMO_BOARD, seedDemoBoards, type DemoPerson } from './boards.ts';

const PEOPLE: DemoPerson[] = [
  { email: 'anna@kring.test', id: 'id-anna', name: 'Anna de Vries' },
  { email: 'bram@kring.test', id: 'id-bram', name: 'Bram Jansen' },
];
const NOW = new Date('2026-11-23T09:00:00Z');

describe('demo boards', () => {
  it('gives each team space a Teamplanning board with Te doen, Bezig and Klaar, listed in the space index', async () => {
    const store = new MemoryDocumentStore();
    await seedDemoBoards(serverWritingTo(store), PEOPLE, NOW);
    for (const space of ['noord', 'zuid']) {
      expect(listBoards(await readDocument(store, docName(space, 'index', 'main')))).toEqual([DEMO_BOARD]);
      const columns = listColumns(await readDocument(store, docName(space, 'board', DEMO_BOARD.id)));
      expect(columns.map((column) => [column.title, column.done])).toEqual([
        ['Te doen', false],
        ['Bezig', false],
        ['Klaar', true],
      ]);
      expect(columns.every((column) => column.cards.length > 0), space).toBe(true);
    }
  });

  it("puts cards on Anna's and Bram's lists by their account ids, one of them handed over with a note", async () => {
    const store = new MemoryDocumentStore();
    await seedDemoBoards(serverWritingTo(store), PEOPLE, NOW);
    const noord = cardsAssignedTo(await readDocument(store, 'noord/board/teamplanning'), 'id-anna');
    expect(noord.filter((card) => !card.done).length).toBeGreaterThanOrEqual(2);
    expect(noord.every((card) => card.assignees.some((person) => person.name === 'Anna de Vries'))).toBe(true);
    const handedOver = noord.find((card) => card.handovers.length > 0)!;
    // Handed over by Fatima: she assigned it (the rule the server holds devices to).
    expect(handedOver.assignees).toEqual([{ id: 'id-anna', name: 'Anna de Vries', assignedBy: handedOver.handovers[0]!.from.id }]);
    expect(handedOver.handovers[0]).toMatchObject({ from: { name: 'Fatima El Amrani' }, to: { id: 'id-anna' } });
    expect(handedOver.handovers[0]!.note).not.toBe('');
    expect(handedOver.due).toBe('2026-11-23');
    const zuid = cardsAssignedTo(await readDocument(store, 'zuid/board/teamplanning'), 'id-bram');
    expect(zuid.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps what the index already holds and does not add the board twice', async () => {
    const store = new MemoryDocumentStore();
    const index = new Y.Doc();
    addPage(index, { id: 'valpreventie', title: 'Valpreventie' });
    await store.append('noord/index/main', Y.encodeStateAsUpdate(index), null);
    await seedDemoBoards(serverWritingTo(store), PEOPLE, NOW);
    await seedDemoBoards(serverWritingTo(store), PEOPLE, NOW);
    const merged = await readDocument(store, 'noord/index/main');
    expect(listPageTree(merged).map((page) => page.id)).toEqual(['valpreventie']);
    expect(listBoards(merged)).toEqual([DEMO_BOARD]);
    expect(listColumns(await readDocument(store, 'noord/board/teamplanning')).flatMap((column) => column.cards)).toHaveLength(7);
  });
});
