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
      void followDocument(manager, docName, {
        changed: () => this.version++,
        state: (value) => (this.state = value),
        reopened: (opened) => (this.opened = opened),
      }).then((followed) => {
        if (cancelled) return followed.stop();
        this.opened = followed.opened;
        this.version++;
        stop = followed.stop;
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

/** A document a view follows, and how to stop following it (which releases it). */
export interface FollowedDocument {
  opened: OpenDocument;
  stop(): void;
}

/**
 * Opens `name` and reports its changes and its state until `stop`: the one way a view follows a document, used by
 * `DocumentBinding` for one document and by views that open several (a feed's months).
 */
export async function followDocument(
  sync: SyncManager,
  name: string,
  on: { changed(): void; state(value: DocumentState): void; reopened?(opened: OpenDocument): void },
): Promise<FollowedDocument> {
  let opened = await sync.open(name);
  let stopped = false;
  let unsubscribe = () => {};
  const changed = () => on.changed();
  const attach = (document: OpenDocument) => {
    document.doc.on('update', changed);
    unsubscribe = document.state.subscribe(on.state);
  };
  const detach = (document: OpenDocument) => {
    document.doc.off('update', changed);
    unsubscribe();
    document.release();
  };
  attach(opened);
  // The server refused a change here and the device dropped its copy: follow the copy it loads again instead.
  const stopDropped = sync.onDropped((dropped) => {
    if (dropped !== name || stopped) return;
    detach(opened);
    void sync.open(name).then((fresh) => {
      if (stopped) return fresh.release();
      opened = fresh;
      attach(fresh);
      on.reopened?.(fresh);
      on.changed();
    });
  });
  return {
    get opened() {
      return opened;
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      stopDropped();
      detach(opened);
    },
  };
}

/** Opens `name` for one piece of work (creating a board's columns), then releases it, also when the work fails. */
export async function withDocument<T>(sync: SyncManager, name: string, work: (doc: Y.Doc, opened: OpenDocument) => T | Promise<T>): Promise<T> {
  const opened = await sync.open(name);
  try {
    return await work(opened.doc, opened);
  } finally {
    opened.release();
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
