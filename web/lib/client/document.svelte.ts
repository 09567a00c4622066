/**
 * "This component uses document X": one binding for every view that shows or edits a document. It opens the
 * document through the person's SyncManager (from the device at once, then live with the server), exposes the
 * Y.Doc, its save and connection state, and a `version` that changes with every update (read it in a `$derived`
 * to follow the document), and releases the document when the component is destroyed or the name changes.
 *
 * Call it while the component initialises. The getters are read in an effect: when either gives null (nobody
 * logged in yet, a space the person cannot see) nothing is opened.
 */
import { docName, InvalidDocNameError, type DocKind } from '@kring/shapes/names';
import type * as Y from 'yjs';
import type { DocumentState, OpenDocument, SyncManager } from './sync-manager.ts';

export class DocumentBinding {
  /** The open document; null until it is open (and after it was released). */
  opened = $state.raw<OpenDocument | null>(null);
  /** Where its work is (local / saving / saved) and its line to the server; null until open. */
  state = $state.raw<DocumentState | null>(null);
  /** Changes with every update of the document, from this device or another. */
  version = $state(0);

  constructor(sync: () => SyncManager | null, name: () => string | null) {
    $effect(() => {
      const manager = sync();
      const docName = name();
      if (!manager || !docName) return;
      let cancelled = false;
      let stop = () => {};
      void manager.open(docName).then((opened) => {
        if (cancelled) return opened.release();
        const changed = () => this.version++;
        opened.doc.on('update', changed);
        const unsubscribe = opened.state.subscribe((value) => (this.state = value));
        this.opened = opened;
        this.version++;
        stop = () => {
          opened.doc.off('update', changed);
          unsubscribe();
          opened.release();
        };
      });
      return () => {
        cancelled = true;
        stop();
        this.opened = null;
        this.state = null;
      };
    });
  }

  /** The Yjs document, once open. */
  get doc(): Y.Doc | null {
    return this.opened?.doc ?? null;
  }
}

/** Binds the calling component to document `name` of the person's `sync` (see `DocumentBinding`). */
export function useDocument(sync: () => SyncManager | null, name: () => string | null): DocumentBinding {
  return new DocumentBinding(sync, name);
}

/** The document's name from the parts of an address, or null when a part is not a valid id (nothing to open). */
export function documentName(spaceId: string, kind: DocKind, docId: string): string | null {
  try {
    return docName(spaceId, kind, docId);
  } catch (error) {
    if (error instanceof InvalidDocNameError) return null;
    throw error;
  }
}
