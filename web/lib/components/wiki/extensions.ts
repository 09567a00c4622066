/**
 * The page editor's Tiptap extensions. Content arrives from Yjs and may be anything a raw update can carry,
 * so what is rendered is decided here: headings of level 2 and 3 only (the title is the page's h1), links
 * through `safeHref`, spans of table cells within bounds.
 */
import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import Link from '@tiptap/extension-link';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import StarterKit from '@tiptap/starter-kit';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { safeHref } from './links.ts';
import { CollaborationCarets } from './presence.ts';
import { tableExtensions } from './table.ts';

export interface PageEditorOptions {
  fragment: Y.XmlFragment;
  editable: boolean;
  /** The document's awareness, for other people's carets; none for readers (a clean rendering). */
  awareness: Awareness | null;
  /** The person using this device, whose carets on other devices are not shown. */
  selfId: string | null;
  /** The accessible name of a checklist item's checkbox. */
  taskLabel: (text: string, checked: boolean) => string;
}

/**
 * Links render with a safe href or none at all (an `<a>` without href is inert), always in a new tab without
 * access to this one, and without any other attribute from the document.
 */
export const SafeLink = Link.extend({
  renderHTML({ mark }) {
    const href = safeHref(mark.attrs.href);
    const title = typeof mark.attrs.title === 'string' ? mark.attrs.title.slice(0, 500) : null;
    const attributes: Record<string, string> = { rel: 'noopener noreferrer nofollow', target: '_blank' };
    if (href !== null) attributes.href = href;
    if (title) attributes.title = title;
    return ['a', attributes, 0];
  },
});

/** A checklist item whose checkbox readers cannot tick (Tiptap only reverts the tick afterwards). */
const PageTaskItem = TaskItem.extend({
  addNodeView() {
    const parentView = this.parent?.();
    if (!parentView) return null;
    return (props) => {
      const view = parentView(props);
      const checkbox = view.dom instanceof HTMLElement ? view.dom.querySelector('input[type="checkbox"]') : null;
      if (checkbox instanceof HTMLInputElement && !props.editor.isEditable) checkbox.disabled = true;
      return view;
    };
  },
});

export function pageExtensions(options: PageEditorOptions): Extensions {
  return [
    StarterKit.configure({
      // Yjs keeps the history per person; the editor's own undo would undo other people's edits.
      undoRedo: false,
      heading: { levels: [2, 3] },
      link: false,
      // It adds an empty paragraph after a final list or table that the shared page does not have; the next
      // edit writes it into the page, and two people editing at the same time can each add one. (After a
      // final table the arrow keys still reach a new line: the gap cursor.)
      trailingNode: false,
    }),
    SafeLink.configure({
      // In the editor a click places the caret; readers follow links as usual.
      openOnClick: false,
      autolink: true,
      defaultProtocol: 'https',
      isAllowedUri: (url) => safeHref(url) !== null,
    }),
    TaskList,
    PageTaskItem.configure({
      nested: true,
      a11y: { checkboxLabel: (node, checked) => options.taskLabel(node.textContent, checked) },
    }),
    ...tableExtensions,
    Collaboration.configure({ fragment: options.fragment }),
    ...(options.editable && options.awareness ? [CollaborationCarets.configure({ awareness: options.awareness, selfId: options.selfId })] : []),
  ];
}
