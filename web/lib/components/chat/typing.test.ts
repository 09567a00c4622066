import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import { typingNames } from './typing.ts';

/** An awareness that holds `states` of other clients, as the server relayed them (user stamped or not). */
function withStates(states: Record<string, unknown>[]): Awareness {
  const awareness = new Awareness(new Y.Doc());
  states.forEach((state, i) => awareness.states.set(1000 + i, state));
  return awareness;
}

describe('who is typing', () => {
  it('names others who type, by the name the server stamped, once per person', () => {
    const awareness = withStates([
      { typing: true, user: { id: 'bram', name: 'Bram Jansen' } },
      { typing: true, user: { id: 'bram', name: 'Bram Jansen' } },
      { typing: false, user: { id: 'eva', name: 'Eva Visser' } },
      { typing: true, user: { id: 'anna', name: 'Anna de Vries' } },
    ]);
    expect(typingNames(awareness, 'anna')).toEqual(['Bram Jansen']);
  });

  it('ignores a state without a stamped person, and a name the device made up', () => {
    const awareness = withStates([{ typing: true }, { typing: true, name: 'Directeur' }]);
    expect(typingNames(awareness, 'anna')).toEqual([]);
  });
});
