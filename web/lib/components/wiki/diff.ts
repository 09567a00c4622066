/**
 * What changed between a saved version of a page and the page now, per block, as people read it: blocks only in
 * the version were removed since, blocks only now were added, and a block changed in place shows its words
 * removed and added. jsdiff does the comparing.
 */
import { diffArrays, diffWords } from 'diff';
import type { PageText } from '@kring/shapes';

export type Piece = { text: string; change: 'same' | 'added' | 'removed' };
/** One changed block: whole (added or removed) or changed in place (pieces of both). */
export type BlockChange = { change: 'added' | 'removed' | 'changed'; pieces: Piece[] };

export interface PageDiff {
  /** The title's pieces, or null when it is the same. */
  title: Piece[] | null;
  blocks: BlockChange[];
}

function words(before: string, after: string): Piece[] {
  return diffWords(before, after).map((part) => ({ text: part.value, change: part.added ? 'added' : part.removed ? 'removed' : 'same' }));
}

export function pageDiff(version: PageText, now: PageText): PageDiff {
  const blocks: BlockChange[] = [];
  const parts = diffArrays(version.blocks, now.blocks);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) continue;
    const next = parts[i + 1];
    // A block removed and one added in its place read best as one block changed in place, word by word.
    if (part.removed && next?.added && part.value.length === next.value.length) {
      part.value.forEach((before, j) => blocks.push({ change: 'changed', pieces: words(before, next.value[j]!) }));
      i++;
      continue;
    }
    const change = part.added ? 'added' : 'removed';
    for (const text of part.value) blocks.push({ change, pieces: [{ text, change }] });
  }
  return { title: version.title === now.title ? null : words(version.title, now.title), blocks };
}
