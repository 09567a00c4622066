import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { presentUsers, readUser, safeColor } from './presence.ts';

describe('readUser', () => {
  it('reads the user the server stamped', () => {
    expect(readUser({ user: { id: 'u1', name: 'Anna de Vries', color: 'hsl(120 70% 35%)', readOnly: false }, cursor: null })).toEqual({
      id: 'u1',
      name: 'Anna de Vries',
      color: 'hsl(120 70% 35%)',
      readOnly: false,
    });
  });

  it('ignores states without a proper user', () => {
    for (const state of [null, 'x', {}, { user: null }, { user: { name: 'x' } }, { user: { id: '', name: 'x' } }, { user: { id: 'u', name: 5 } }]) {
      expect(readUser(state)).toBeNull();
    }
  });

  it('never passes on a colour that could escape a style attribute', () => {
    expect(safeColor('#0f5c55')).toBe('#0f5c55');
    expect(safeColor('hsl(12 70% 35%)')).toBe('hsl(12 70% 35%)');
    for (const color of ['red; background: url(x)', 'url(javascript:alert(1))', 'hsl(1 2% 3%); x', 42, null]) {
      expect(safeColor(color)).toBe('#56605f');
    }
  });
});

describe('presentUsers', () => {
  /** An awareness with the given remote states, as if received from the server. */
  function awarenessWith(states: Array<[number, unknown]>): Awareness {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ user: { id: 'me', name: 'Ik', color: '#000000' } });
    for (const [clientId, state] of states) awareness.states.set(clientId, state as Record<string, unknown>);
    return awareness;
  }

  it('lists other people once each, by name, leaving out this device and this person', () => {
    const awareness = awarenessWith([
      [101, { user: { id: 'b', name: 'Bram', color: '#111111', readOnly: false } }],
      [102, { user: { id: 'a', name: 'Anna', color: '#222222', readOnly: true } }],
      [103, { user: { id: 'a', name: 'Anna', color: '#222222', readOnly: false } }],
      [104, { user: { id: 'me', name: 'Ik', color: '#000000' } }],
      [105, { cursor: null }],
    ]);
    expect(presentUsers(awareness, 'me')).toEqual([
      { id: 'a', name: 'Anna', color: '#222222', readOnly: false },
      { id: 'b', name: 'Bram', color: '#111111', readOnly: false },
    ]);
    awareness.destroy();
  });
});
