/**
 * Plain text written the same way into a Yjs document (Kring's document format) and an Automerge document,
 * for the document-level comparisons: the same keystrokes, the same positions.
 */
import * as A from '@automerge/automerge';
import * as Y from 'yjs';
import { random } from './stats.ts';
import type { Edit } from './content.ts';

const WORDS = 'de het een cliënt zorg bezoek medicatie overdracht team dienst collega vallen letsel afspraak huisarts familie'.split(' ');

/** One change to the text: delete `remove` characters at `at`, then insert `insert` there. */
export interface TextOp {
  at: number;
  remove: number;
  insert: string;
}

/** Typing bursts with a correction now and then, until the text is `chars` long. */
export function writingOps(chars: number, seed: number): TextOp[] {
  const next = random(seed);
  const ops: TextOp[] = [];
  let length = 0;
  while (length < chars) {
    const words = Array.from({ length: 6 + Math.floor(next() * 10) }, () => WORDS[Math.floor(next() * WORDS.length)]);
    const burst = `${words.join(' ')}. `;
    ops.push({ at: length, remove: 0, insert: burst });
    length += burst.length;
    if (next() < 0.3 && length > 10) {
      const at = Math.floor(next() * (length - 4));
      const word = WORDS[Math.floor(next() * WORDS.length)];
      ops.push({ at, remove: 2, insert: word });
      length += word.length - 2;
    }
  }
  return ops;
}

/** The edits of an offline day as text ops against a text of the given length (positions over the whole text). */
export function dayOps(edits: readonly Edit[], startLength: number): TextOp[] {
  let length = startLength;
  return edits.map((edit) => {
    const start = Math.floor(edit.fraction * Math.max(0, length - edit.offset));
    const caret = Math.min(length, start + edit.offset);
    if (edit.insert === null) {
      if (caret === 0) return { at: 0, remove: 0, insert: '' };
      length--;
      return { at: caret - 1, remove: 1, insert: '' };
    }
    length++;
    return { at: caret, remove: 0, insert: edit.insert };
  });
}

export function applyToYjs(doc: Y.Doc, ops: readonly TextOp[]): void {
  const text = doc.getText('text');
  for (const op of ops) {
    doc.transact(() => {
      if (op.remove > 0) text.delete(op.at, op.remove);
      if (op.insert) text.insert(op.at, op.insert);
    });
  }
}

export type AutomergeText = { text: string };

export function applyToAutomerge(doc: A.Doc<AutomergeText>, ops: readonly TextOp[]): A.Doc<AutomergeText> {
  let current = doc;
  for (const op of ops) {
    current = A.change(current, (d) => {
      A.splice(d, ['text'], op.at, op.remove, op.insert);
    });
  }
  return current;
}

/** A Yjs document with the text written by `ops`, as one update. */
export function yjsText(ops: readonly TextOp[], clientId: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  applyToYjs(doc, ops);
  return Y.encodeStateAsUpdate(doc);
}

/** An Automerge document with the text written by `ops`, saved. */
export function automergeText(ops: readonly TextOp[], actor: string): Uint8Array {
  return A.save(applyToAutomerge(A.from<AutomergeText>({ text: '' }, { actor }), ops));
}
