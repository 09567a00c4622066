/**
 * Who else has a page open, from the document's awareness. The server overwrites the `user` field of every
 * awareness state with `{id, name, color, readOnly}` from the session, so names and colours are read from
 * there, as received, and never from anything a client typed. Still checked: a state may be anything.
 */
import { Extension } from '@tiptap/core';
import type { DecorationAttrs } from '@tiptap/pm/view';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';

export interface PresentUser {
  id: string;
  name: string;
  /** A CSS colour, checked; a neutral grey when the stamped one is not one Kring makes. */
  color: string;
  readOnly: boolean;
}

const FALLBACK_COLOR = '#56605f';
/** The colours the server stamps (`hsl(h 70% 35%)`) and plain hex colours; nothing that could escape a style. */
const COLOR = /^(#[0-9a-f]{3,8}|hsl\(\d{1,3}(\.\d+)?(deg)? \d{1,3}(\.\d+)?% \d{1,3}(\.\d+)?%\))$/i;

export function safeColor(value: unknown): string {
  return typeof value === 'string' && COLOR.test(value) ? value : FALLBACK_COLOR;
}

/** The server-stamped user of one awareness state, or null when the state has none (or a malformed one). */
export function readUser(state: unknown): PresentUser | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, color, readOnly } = user as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string' || id.length === 0) return null;
  return { id, name: name.slice(0, 200), color: safeColor(color), readOnly: readOnly === true };
}

/**
 * The other people on the document, one entry per person (someone on a phone and a laptop is listed once;
 * as a writer if either device writes), ordered by name. The device's own state is left out, and so is the
 * person `selfId` on their other devices.
 */
export function presentUsers(awareness: Awareness, selfId: string | null): PresentUser[] {
  const byId = new Map<string, PresentUser>();
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = readUser(state);
    if (!user || user.id === selfId) continue;
    const known = byId.get(user.id);
    byId.set(user.id, known ? { ...known, readOnly: known.readOnly && user.readOnly } : user);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A caret: a coloured bar whose name label is CSS (`data-name`), so it never becomes part of the text. */
function caret(state: unknown): HTMLElement {
  const user = readUser({ user: state });
  const element = document.createElement('span');
  element.className = 'collab-caret';
  // The list of people on the page tells screen readers who is here; the caret is for the eyes.
  element.setAttribute('aria-hidden', 'true');
  element.dataset.name = user?.name ?? '';
  element.style.setProperty('--caret-color', user?.color ?? FALLBACK_COLOR);
  return element;
}

function selection(state: unknown): DecorationAttrs {
  const user = readUser({ user: state });
  return { class: 'collab-selection', style: `--caret-color: ${user?.color ?? FALLBACK_COLOR}` };
}

/**
 * Shows where the other people on the page are typing, with their names. Tiptap's collaboration-caret
 * extension has no release matching Tiptap 3.34.0 here; this is the same plugin (@tiptap/y-tiptap's
 * `yCursorPlugin`) with builders that read the server-stamped user.
 */
export const CollaborationCarets = Extension.create<{ awareness: Awareness | null; selfId: string | null }>({
  name: 'collaborationCarets',
  addOptions: () => ({ awareness: null, selfId: null }),
  addProseMirrorPlugins() {
    const { awareness, selfId } = this.options;
    if (!awareness) return [];
    return [
      yCursorPlugin(awareness, {
        // Only other people, as the server stamped them: not this device, and not this person's other devices.
        awarenessStateFilter: (ownClientId: number, clientId: number, state: unknown) => {
          const user = readUser(state);
          return ownClientId !== clientId && user !== null && user.id !== selfId;
        },
        cursorBuilder: caret,
        selectionBuilder: selection,
      }),
    ];
  },
});
