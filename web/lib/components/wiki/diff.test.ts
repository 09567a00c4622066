import { describe, expect, it } from 'vitest';
import { pageDiff } from './diff.ts';

describe('pageDiff', () => {
  it('shows blocks removed and added, a block changed in place word by word, and nothing for equal blocks', () => {
    const diff = pageDiff(
      { title: 'Wondzorg', blocks: ['Een', 'Twee alinea', 'Drie'] },
      { title: 'Wondzorg thuis', blocks: ['Een', 'Twee alinea erbij', 'Vier', 'Vijf'] },
    );
    expect(diff.title).toEqual([
      { text: 'Wondzorg ', change: 'same' },
      { text: 'thuis', change: 'added' },
    ]);
    expect(diff.blocks.map((block) => [block.change, block.pieces.map((piece) => `${piece.change}:${piece.text}`).join('|')])).toEqual([
      ['removed', 'removed:Twee alinea'],
      ['removed', 'removed:Drie'],
      ['added', 'added:Twee alinea erbij'],
      ['added', 'added:Vier'],
      ['added', 'added:Vijf'],
    ]);
    const inPlace = pageDiff({ title: 'T', blocks: ['Was je handen.'] }, { title: 'T', blocks: ['Was altijd je handen.'] });
    expect(inPlace.title).toBeNull();
    expect(inPlace.blocks).toEqual([{ change: 'changed', pieces: [{ text: 'Was ', change: 'same' }, { text: 'altijd ', change: 'added' }, { text: 'je handen.', change: 'same' }] }]);
    expect(pageDiff({ title: 'T', blocks: ['a'] }, { title: 'T', blocks: ['a'] })).toEqual({ title: null, blocks: [] });
  });
});
