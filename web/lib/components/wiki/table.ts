/**
 * Tables for the page editor, on ProseMirror's own table support (`@tiptap/pm/tables`). @tiptap/extension-table
 * has no release matching the rest of Tiptap here (3.34.0), so this is the small part of it Kring needs. The
 * node names and attributes are the same as that extension's (`table`, `tableRow`, `tableHeader`,
 * `tableCell`; `colspan`, `rowspan`, `colwidth`), so stored pages stay readable if it replaces this file.
 */
import { Extension, Node, mergeAttributes, type Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { addColumnAfter, addRowAfter, deleteColumn, deleteRow, deleteTable, goToNextCell, tableEditing } from '@tiptap/pm/tables';

/** Spans beyond this are cut back: a raw update with `colspan: 1e9` would otherwise hang the table code. */
const MAX_SPAN = 20;

type TableRole = 'table' | 'row' | 'cell' | 'header_cell';

const cellAttributes = {
  colspan: { default: 1 },
  rowspan: { default: 1 },
  colwidth: { default: null },
};

/** What each node is to ProseMirror's table code, which finds tables by the `tableRole` in the node spec. */
const TABLE_ROLES: Readonly<Record<string, TableRole>> = { table: 'table', tableRow: 'row', tableCell: 'cell', tableHeader: 'header_cell' };

function cellNode(name: 'tableCell' | 'tableHeader', tag: 'td' | 'th') {
  return Node.create({
    name,
    content: 'block+',
    isolating: true,
    addAttributes: () => cellAttributes,
    parseHTML: () => [{ tag }],
    renderHTML({ node }) {
      const { colspan, rowspan } = node.attrs as { colspan: number; rowspan: number };
      const attributes: Record<string, string> = {};
      if (colspan !== 1) attributes.colspan = String(colspan);
      if (rowspan !== 1) attributes.rowspan = String(rowspan);
      if (tag === 'th') attributes.scope = 'col';
      return [tag, attributes, 0];
    },
  });
}

export const TableCell = cellNode('tableCell', 'td');
export const TableHeader = cellNode('tableHeader', 'th');

export const TableRow = Node.create({
  name: 'tableRow',
  content: '(tableCell | tableHeader)*',
  parseHTML: () => [{ tag: 'tr' }],
  renderHTML: ({ HTMLAttributes }) => ['tr', mergeAttributes(HTMLAttributes), 0],
});

export const Table = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  isolating: true,
  parseHTML: () => [{ tag: 'table' }],
  // The wrapper scrolls a table that is wider than a phone instead of the whole page.
  renderHTML: () => ['div', { class: 'table-wrap' }, ['table', {}, ['tbody', 0]]],
  addKeyboardShortcuts() {
    // Tab moves between cells; at the last cell it leaves the editor as usual, so Tab never traps focus.
    return {
      Tab: () => goToNextCell(1)(this.editor.state, this.editor.view.dispatch),
      'Shift-Tab': () => goToNextCell(-1)(this.editor.state, this.editor.view.dispatch),
    };
  },
});

function isSpanOk(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_SPAN;
}

/** A transaction that cuts every out-of-range span back to 1, or null when all are fine. */
export function clampSpans(state: EditorState): Transaction | null {
  let tr: Transaction | null = null;
  state.doc.descendants((node: ProseMirrorNode, pos: number) => {
    const role = node.type.spec.tableRole as TableRole | undefined;
    if (role === 'cell' || role === 'header_cell') {
      const { colspan, rowspan } = node.attrs as { colspan: unknown; rowspan: unknown };
      if (!isSpanOk(colspan) || !isSpanOk(rowspan)) {
        tr ??= state.tr;
        tr.setNodeMarkup(pos, undefined, { ...node.attrs, colspan: isSpanOk(colspan) ? colspan : 1, rowspan: isSpanOk(rowspan) ? rowspan : 1 });
      }
      return false;
    }
    // Only block containers can hold a table; text blocks cannot.
    return !node.isTextblock;
  });
  return tr;
}

/** Table editing (cell selection, fixing broken tables), after bad spans are cut back. */
export const TableEditing = Extension.create({
  name: 'tableEditing',
  // Tiptap asks every extension to extend every node's spec; this one adds the roles to the table nodes only.
  extendNodeSchema: (extension) => {
    const role = Object.hasOwn(TABLE_ROLES, extension.name) ? TABLE_ROLES[extension.name] : undefined;
    return role ? { tableRole: role } : {};
  },
  addProseMirrorPlugins() {
    return [
      new Plugin({
        appendTransaction: (transactions, _old, state) => (transactions.some((tr) => tr.docChanged) ? clampSpans(state) : null),
      }),
      tableEditing(),
    ];
  },
});

export const tableExtensions = [Table, TableRow, TableHeader, TableCell, TableEditing];

/** Inserts a table with a header row at the selection and puts the caret in its first cell. */
export function insertTable(editor: Editor, rows = 3, columns = 3): boolean {
  return editor
    .chain()
    .focus()
    .command(({ tr, state, dispatch }) => {
      const { table, tableRow, tableHeader, tableCell } = state.schema.nodes;
      if (!table || !tableRow || !tableHeader || !tableCell) return false;
      const row = (type: typeof tableCell) => tableRow.create(null, Array.from({ length: columns }, () => type.createAndFill()!));
      const node = table.create(null, [row(tableHeader), ...Array.from({ length: rows - 1 }, () => row(tableCell))]);
      if (dispatch) {
        const offset = tr.selection.from + 1;
        tr.replaceSelectionWith(node).scrollIntoView().setSelection(TextSelection.near(tr.doc.resolve(offset)));
      }
      return true;
    })
    .run();
}

export type TableAction = 'addRow' | 'addColumn' | 'deleteRow' | 'deleteColumn' | 'deleteTable';

const ACTIONS: Record<TableAction, (state: EditorState, dispatch?: (tr: Transaction) => void) => boolean> = {
  addRow: addRowAfter,
  addColumn: addColumnAfter,
  deleteRow,
  deleteColumn,
  deleteTable,
};

/** Whether the selection is inside a table (then the table actions apply). */
export function isInTable(editor: Editor): boolean {
  return ACTIONS.deleteTable(editor.state);
}

export function runTableAction(editor: Editor, action: TableAction): boolean {
  return editor
    .chain()
    .focus()
    .command(({ state, dispatch }) => ACTIONS[action](state, dispatch))
    .run();
}
