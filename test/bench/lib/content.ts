/**
 * Documents as Kring's pages are: a title and a Tiptap body of paragraphs (packages/shapes), written with an
 * editing history like people make (typing, fixing words, a second author), and the small edits of a working
 * day. Deterministic: every system gets the same bytes and the same edits.
 */
import * as Y from 'yjs';
import { appendPageBlocks, pageBody, setPageTitle } from '@kring/shapes';
import { random } from './stats.ts';

const WORDS = (
  'de het een cliënt zorg bezoek medicatie overdracht team dienst collega vallen letsel afspraak huisarts ' +
  'familie mantelzorger rollator douche ontbijt avond nacht melding dossier toediening wijziging controle ' +
  'verpleging wijkteam planning rooster wond verband pijn slaap eten drinken wandelen bed stoel trap licht'
).split(' ');

function sentence(next: () => number, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(WORDS[Math.floor(next() * WORDS.length)]);
  const text = parts.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}. `;
}

/**
 * The state of a page of about `bytes` bytes (encoded), written by two authors: one types paragraphs in
 * bursts, the other fixes words here and there (deletions leave tombstones, as real edits do).
 */
export function makePage(bytes: number, seed: number): Uint8Array {
  const next = random(seed);
  // Fixed client ids: the same seed makes the same bytes.
  const author = new Y.Doc();
  author.clientID = (seed * 2 + 1) >>> 0;
  const editor = new Y.Doc();
  editor.clientID = (seed * 2 + 2) >>> 0;
  setPageTitle(author, `Protocol ${seed}`);
  for (let size = 0; size < bytes * 0.98; size = Y.encodeStateAsUpdate(author).byteLength) {
    // A paragraph typed in a few bursts, then another author's corrections in it.
    appendPageBlocks(author, [{ type: 'paragraph', text: '' }]);
    const body = pageBody(author);
    const paragraph = body.get(body.length - 1) as Y.XmlElement;
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    for (let burst = 0; burst < 4; burst++) text.insert(text.length, sentence(next, 6 + Math.floor(next() * 10)));
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(author, Y.encodeStateVector(editor)));
    const theirs = (pageBody(editor).get(body.length - 1) as Y.XmlElement).get(0) as Y.XmlText;
    for (let fix = 0; fix < 3; fix++) {
      const at = Math.floor(next() * (theirs.length - 4));
      theirs.delete(at, 2);
      theirs.insert(at, WORDS[Math.floor(next() * WORDS.length)]);
    }
    Y.applyUpdate(author, Y.encodeStateAsUpdate(editor, Y.encodeStateVector(author)));
  }
  return Y.encodeStateAsUpdate(author);
}

/** The paragraphs' texts of a page body, where edits land. */
export function paragraphTexts(doc: Y.Doc): Y.XmlText[] {
  const texts: Y.XmlText[] = [];
  for (const node of pageBody(doc).toArray()) {
    if (node instanceof Y.XmlElement) {
      const first = node.get(0);
      if (first instanceof Y.XmlText) texts.push(first);
    }
  }
  return texts;
}

/**
 * One small edit: a character typed or deleted in a paragraph. A word is typed at `fraction` of the
 * paragraph; `offset` is how many characters of it stand before the caret, so the caret moves as a
 * person's does while the rest of the paragraph stays where it was.
 */
export interface Edit {
  paragraph: number;
  fraction: number;
  offset: number;
  /** A character to insert, or null for a backspace. */
  insert: string | null;
}

/** `count` edits as a person makes them over a day: words typed at a few places, a backspace now and then. */
export function editScript(count: number, seed: number, paragraphs: number): Edit[] {
  const next = random(seed);
  const edits: Edit[] = [];
  while (edits.length < count) {
    const paragraph = Math.floor(next() * paragraphs);
    const fraction = next();
    let offset = 0;
    for (const char of ` ${WORDS[Math.floor(next() * WORDS.length)]}`) {
      if (edits.length >= count) break;
      if (offset > 0 && next() < 0.15) edits.push({ paragraph, fraction, offset: offset--, insert: null });
      if (edits.length >= count) break;
      edits.push({ paragraph, fraction, offset: offset++, insert: char });
    }
  }
  return edits;
}

/** Applies one edit as its own transaction (one update, as an editor sends each keystroke). */
export function applyEdit(doc: Y.Doc, texts: Y.XmlText[], edit: Edit): void {
  const text = texts[edit.paragraph % texts.length];
  const start = Math.floor(edit.fraction * Math.max(0, text.length - edit.offset));
  const caret = Math.min(text.length, start + edit.offset);
  if (edit.insert === null) {
    if (caret > 0) doc.transact(() => text.delete(caret - 1, 1));
  } else {
    doc.transact(() => text.insert(caret, edit.insert as string));
  }
}
