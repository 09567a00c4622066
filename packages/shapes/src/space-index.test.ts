import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ShapeError } from './errors.ts';
import {
  addBoard,
  addPage,
  getPageEntry,
  listBoards,
  listPageTree,
  listPinned,
  moveBoard,
  movePage,
  movePinned,
  pageAncestors,
  pageChildren,
  pinItem,
  removeBoard,
  removePage,
  renameBoard,
  renamePage,
  shiftPage,
  unpinItem,
  type PageNode,
} from './space-index.ts';
import { checkConvergence, replicas, syncAll, syncEveryPair, syncOneWay } from './testing.ts';

/** The tree as nested [title, children] pairs, easy to compare. */
type Shape = Array<[string, Shape]>;
function shape(nodes: PageNode[]): Shape {
  return nodes.map((node) => [node.title, shape(node.children)]);
}

function allIds(nodes: PageNode[]): string[] {
  const ids: string[] = [];
  const stack = [...nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    ids.push(node.id);
    stack.push(...node.children);
  }
  return ids;
}

describe('page tree', () => {
  it('adds pages under parents at an index', () => {
    const doc = new Y.Doc();
    const protocols = addPage(doc, { title: 'Protocollen' });
    addPage(doc, { title: 'Team' });
    addPage(doc, { title: 'Medicatie', parentId: protocols });
    addPage(doc, { title: 'Hygiëne', parentId: protocols, index: 0 });
    expect(shape(listPageTree(doc))).toEqual([
      [
        'Protocollen',
        [
          ['Hygiëne', []],
          ['Medicatie', []],
        ],
      ],
      ['Team', []],
    ]);
  });

  it('uses a given id, which must be a valid and unused document id', () => {
    const doc = new Y.Doc();
    expect(addPage(doc, { id: 'valpreventie', title: 'Valpreventie' })).toBe('valpreventie');
    expect(() => addPage(doc, { id: 'valpreventie', title: 'again' })).toThrow(ShapeError);
    expect(() => addPage(doc, { id: 'has/slash', title: 'x' })).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    );
    expect(() => addPage(doc, { title: 'x', parentId: 'nope' })).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(allIds(listPageTree(doc))).toEqual(['valpreventie']);
  });

  it('renames and moves pages, and gives ancestors for breadcrumbs', () => {
    const doc = new Y.Doc();
    const a = addPage(doc, { title: 'A' });
    const b = addPage(doc, { title: 'B' });
    const c = addPage(doc, { title: 'C', parentId: a });
    renamePage(doc, c, 'C2');
    movePage(doc, b, c, 0);
    expect(shape(listPageTree(doc))).toEqual([['A', [['C2', [['B', []]]]]]]);
    expect(pageAncestors(doc, b).map((page) => page.title)).toEqual(['A', 'C2']);
    expect(getPageEntry(doc, b)).toEqual({ id: b, title: 'B', parentId: c });
    expect(pageChildren(doc, c)).toEqual([{ id: b, title: 'B', parentId: c }]);
    expect(pageChildren(doc, null).map((page) => page.title)).toEqual(['A']);
    expect(pageChildren(doc, b)).toEqual([]);
    expect(pageChildren(doc, 'unknown')).toEqual([]);
    movePage(doc, b, null, 0);
    expect(shape(listPageTree(doc))).toEqual([
      ['B', []],
      ['A', [['C2', []]]],
    ]);
  });

  it('refuses to move a page under itself or its descendants', () => {
    const doc = new Y.Doc();
    const a = addPage(doc, { title: 'A' });
    const b = addPage(doc, { title: 'B', parentId: a });
    expect(() => movePage(doc, a, a, 0)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => movePage(doc, a, b, 0)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(shape(listPageTree(doc))).toEqual([['A', [['B', []]]]]);
  });

  it('puts the children of a removed page in its place', () => {
    const doc = new Y.Doc();
    const root = addPage(doc, { title: 'Root' });
    addPage(doc, { title: 'before', parentId: root });
    const gone = addPage(doc, { title: 'gone', parentId: root });
    addPage(doc, { title: 'after', parentId: root });
    addPage(doc, { title: 'x', parentId: gone });
    addPage(doc, { title: 'y', parentId: gone });
    removePage(doc, gone);
    removePage(doc, gone);
    expect(shape(listPageTree(doc))).toEqual([
      [
        'Root',
        [
          ['before', []],
          ['x', []],
          ['y', []],
          ['after', []],
        ],
      ],
    ]);
  });
});

describe('shifting a page one step (keyboard moves)', () => {
  function tree(): { doc: Y.Doc; a: string; b: string; c: string; b1: string } {
    const doc = new Y.Doc();
    const a = addPage(doc, { title: 'A' });
    const b = addPage(doc, { title: 'B' });
    const c = addPage(doc, { title: 'C' });
    const b1 = addPage(doc, { title: 'B1', parentId: b });
    return { doc, a, b, c, b1 };
  }

  it('moves a page up and down among its siblings', () => {
    const { doc, b, c } = tree();
    expect(shiftPage(doc, c, 'up')).toBe(true);
    expect(shape(listPageTree(doc))).toEqual([['A', []], ['C', []], ['B', [['B1', []]]]]);
    expect(shiftPage(doc, b, 'up')).toBe(true);
    expect(shiftPage(doc, b, 'up')).toBe(true);
    expect(shape(listPageTree(doc))).toEqual([['B', [['B1', []]]], ['A', []], ['C', []]]);
    expect(shiftPage(doc, b, 'down')).toBe(true);
    expect(shape(listPageTree(doc))).toEqual([['A', []], ['B', [['B1', []]]], ['C', []]]);
  });

  it('indents a page under the sibling before it, at the end of its children', () => {
    const { doc, c } = tree();
    expect(shiftPage(doc, c, 'indent')).toBe(true);
    expect(shape(listPageTree(doc))).toEqual([['A', []], ['B', [['B1', []], ['C', []]]]]);
  });

  it('outdents a page to just after its parent', () => {
    const { doc, b1 } = tree();
    expect(shiftPage(doc, b1, 'outdent')).toBe(true);
    expect(shape(listPageTree(doc))).toEqual([['A', []], ['B', []], ['B1', []], ['C', []]]);
  });

  it('writes nothing when there is no step to take', () => {
    const { doc, a, c, b1 } = tree();
    const before = Y.encodeStateVector(doc);
    expect(shiftPage(doc, a, 'up')).toBe(false);
    expect(shiftPage(doc, a, 'indent')).toBe(false);
    expect(shiftPage(doc, c, 'down')).toBe(false);
    expect(shiftPage(doc, a, 'outdent')).toBe(false);
    expect(shiftPage(doc, b1, 'up')).toBe(false);
    expect(shiftPage(doc, b1, 'down')).toBe(false);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('refuses an unknown page', () => {
    const { doc } = tree();
    expect(() => shiftPage(doc, 'nope', 'up')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('converges when two people shift pages at the same time', () => {
    const [one, two] = replicas(2);
    const a = addPage(one!, { id: 'a', title: 'A' });
    const b = addPage(one!, { id: 'b', title: 'B' });
    addPage(one!, { id: 'c', title: 'C' });
    syncOneWay(one!, two!);
    shiftPage(one!, b, 'indent');
    shiftPage(two!, a, 'indent');
    syncEveryPair([one!, two!]);
    expect(listPageTree(one!)).toEqual(listPageTree(two!));
    expect(allIds(listPageTree(one!)).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('page tree convergence', () => {
  it('shows every page when concurrent moves make a cycle', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    const top = addPage(a, { id: 'top', title: 'Top' });
    const pageA = addPage(a, { id: 'page-a', title: 'A', parentId: top });
    const pageB = addPage(a, { id: 'page-b', title: 'B', parentId: top });
    addPage(a, { id: 'child-of-b', title: 'B1', parentId: pageB });
    syncEveryPair([a, b]);
    movePage(a, pageA, pageB, 0);
    movePage(b, pageB, pageA, 0);
    syncEveryPair([a, b]);
    // The cycle is cut at its smallest id (page-a), which is listed at root level.
    const expected: Shape = [
      ['A', [['B', [['B1', []]]]]],
      ['Top', []],
    ];
    expect(shape(listPageTree(a))).toEqual(expected);
    expect(listPageTree(b)).toEqual(listPageTree(a));
    expect(getPageEntry(a, pageA)?.parentId).toBeNull();
    expect(pageAncestors(a, 'child-of-b').map((page) => page.id)).toEqual([pageA, pageB]);
    // Moving a page of the cut cycle fixes it.
    movePage(a, pageA, top, 0);
    expect(shape(listPageTree(a))).toEqual([['Top', [['A', [['B', [['B1', []]]]]]]]]);
  });

  it('cuts a three-page cycle and a page that is its own parent', () => {
    const doc = new Y.Doc();
    for (const id of ['p', 'q', 'r', 's']) addPage(doc, { id, title: id });
    const position = (parent: string): { parent: string; order: string } => ({ parent, order: 'V' });
    const pages = doc.getMap('pages');
    (pages.get('q') as Y.Map<unknown>).set('position', position('p'));
    (pages.get('r') as Y.Map<unknown>).set('position', position('q'));
    (pages.get('p') as Y.Map<unknown>).set('position', position('r'));
    (pages.get('s') as Y.Map<unknown>).set('position', position('s'));
    expect(shape(listPageTree(doc))).toEqual([
      ['p', [['q', [['r', []]]]]],
      ['s', []],
    ]);
  });

  it('lists a page added under a page removed at the same time at root level', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    const parent = addPage(a, { title: 'Parent' });
    syncEveryPair([a, b]);
    removePage(a, parent);
    const child = addPage(b, { title: 'Child', parentId: parent });
    syncEveryPair([a, b]);
    expect(listPageTree(a)).toEqual([{ id: child, title: 'Child', parentId: null, children: [] }]);
    expect(listPageTree(b)).toEqual(listPageTree(a));
  });

  it('survives a very deep tree without recursion', () => {
    const doc = new Y.Doc();
    let parentId: string | null = null;
    doc.transact(() => {
      const pages = doc.getMap('pages');
      for (let i = 0; i < 20_000; i++) {
        const page = new Y.Map<unknown>();
        pages.set(`p${i}`, page);
        page.set('title', `p${i}`);
        page.set('position', { parent: parentId, order: 'V' });
        parentId = `p${i}`;
      }
    });
    expect(allIds(listPageTree(doc))).toHaveLength(20_000);
  });
});

type PageOp =
  | { type: 'add'; replica: number; parent: number; index: number }
  | { type: 'move'; replica: number; page: number; parent: number; index: number }
  | { type: 'remove'; replica: number; page: number }
  | { type: 'rename'; replica: number; page: number }
  | { type: 'sync'; replica: number; to: number };

const pick = fc.nat(20);
const pageOp: fc.Arbitrary<PageOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('add' as const), replica: pick, parent: pick, index: pick }) },
  {
    weight: 5,
    arbitrary: fc.record({ type: fc.constant('move' as const), replica: pick, page: pick, parent: pick, index: pick }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('remove' as const), replica: pick, page: pick }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('rename' as const), replica: pick, page: pick }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('sync' as const), replica: pick, to: pick }) },
);

function applyPageOp(docs: Y.Doc[], op: PageOp, created: Set<string>, removed: Set<string>): void {
  const doc = docs[op.replica % docs.length]!;
  const ids = allIds(listPageTree(doc)).sort();
  // One more choice than there are pages: the root level.
  const parentAt = (n: number): string | null => (n % (ids.length + 1) === ids.length ? null : ids[n % (ids.length + 1)]!);
  switch (op.type) {
    case 'add':
      created.add(addPage(doc, { title: 'p', parentId: parentAt(op.parent), index: op.index }));
      return;
    case 'move':
      if (ids.length === 0) return;
      try {
        movePage(doc, ids[op.page % ids.length]!, parentAt(op.parent), op.index);
      } catch (error) {
        // Moving a page under itself is refused locally; concurrent moves still make cycles.
        if (!(error instanceof ShapeError && error.code === 'invalid-argument')) throw error;
      }
      return;
    case 'remove':
      if (ids.length === 0) return;
      removed.add(ids[op.page % ids.length]!);
      removePage(doc, ids[op.page % ids.length]!);
      return;
    case 'rename':
      if (ids.length > 0) renamePage(doc, ids[op.page % ids.length]!, `r${op.replica}`);
      return;
    case 'sync':
      syncOneWay(doc, docs[op.to % docs.length]!);
      return;
  }
}

describe('concurrent page tree property', () => {
  it('converges on every replica and lists every page that was not removed exactly once', () => {
    checkConvergence(pageOp, 40, (docs) => {
      const created = new Set<string>();
      const removed = new Set<string>();
      const first = docs[0]!;
      const root = addPage(first, { title: 'root' });
      created.add(root);
      for (let i = 0; i < 3; i++) created.add(addPage(first, { title: `child ${i}`, parentId: root }));
      syncEveryPair(docs);
      return {
        apply: (op) => applyPageOp(docs, op, created, removed),
        check: () => {
          const expected = listPageTree(first);
          for (const doc of docs) expect(listPageTree(doc)).toEqual(expected);
          const listed = allIds(expected);
          expect(new Set(listed).size).toBe(listed.length);
          expect(new Set(listed)).toEqual(new Set([...created].filter((id) => !removed.has(id))));
          const checkParents = (nodes: PageNode[], parentId: string | null): void => {
            for (const node of nodes) {
              expect(node.parentId).toBe(parentId);
              checkParents(node.children, node.id);
            }
          };
          checkParents(expected, null);
        },
      };
    });
  });
});

describe('boards', () => {
  it('adds, renames, moves and removes boards', () => {
    const doc = new Y.Doc();
    const planning = addBoard(doc, { id: 'planning', title: 'Planning' });
    const klussen = addBoard(doc, { title: 'Klussen' });
    addBoard(doc, { title: 'Eerst' }, 0);
    renameBoard(doc, klussen, 'Klusjes');
    moveBoard(doc, planning, 2);
    expect(listBoards(doc).map((board) => board.title)).toEqual(['Eerst', 'Klusjes', 'Planning']);
    removeBoard(doc, planning);
    removeBoard(doc, planning);
    expect(listBoards(doc)).toEqual([
      { id: expect.any(String), title: 'Eerst' },
      { id: klussen, title: 'Klusjes' },
    ]);
    expect(() => renameBoard(doc, planning, 'x')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('merges boards added concurrently', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    addBoard(a, { title: 'A' });
    addBoard(b, { title: 'B' });
    syncAll([a, b], [1, 0], [1, 0]);
    expect(listBoards(a)).toHaveLength(2);
    expect(listBoards(b)).toEqual(listBoards(a));
  });
});

describe('pinned items', () => {
  it('pins once per document, orders and unpins', () => {
    const doc = new Y.Doc();
    pinItem(doc, { kind: 'page', docId: 'valpreventie', title: 'Valpreventie' });
    pinItem(doc, { kind: 'board', docId: 'planning', title: 'Planning' });
    pinItem(doc, { kind: 'page', docId: 'valpreventie', title: 'Valpreventie (nieuw)' });
    expect(listPinned(doc)).toEqual([
      { kind: 'page', docId: 'valpreventie', title: 'Valpreventie (nieuw)' },
      { kind: 'board', docId: 'planning', title: 'Planning' },
    ]);
    movePinned(doc, 'board', 'planning', 0);
    expect(listPinned(doc).map((item) => item.docId)).toEqual(['planning', 'valpreventie']);
    unpinItem(doc, 'board', 'planning');
    unpinItem(doc, 'board', 'planning');
    expect(listPinned(doc).map((item) => item.docId)).toEqual(['valpreventie']);
  });

  it('refuses invalid kinds and ids', () => {
    const doc = new Y.Doc();
    expect(() => pinItem(doc, { kind: 'wiki' as 'page', docId: 'x', title: 'x' })).toThrow(ShapeError);
    expect(() => pinItem(doc, { kind: 'page', docId: '../x', title: 'x' })).toThrow(ShapeError);
    expect(listPinned(doc)).toEqual([]);
  });

  it('pins the same document once when two people pin it at the same time', () => {
    const [a, b] = replicas(2) as [Y.Doc, Y.Doc];
    pinItem(a, { kind: 'page', docId: 'p1', title: 'P' });
    pinItem(b, { kind: 'page', docId: 'p1', title: 'P' });
    syncEveryPair([a, b]);
    expect(listPinned(a)).toEqual([{ kind: 'page', docId: 'p1', title: 'P' }]);
    expect(listPinned(b)).toEqual(listPinned(a));
  });
});
