import type { Profile } from '@kring/contract';
import { describe, expect, it } from 'vitest';
import { PeopleSearch, initials } from './search.ts';

const person = (id: string, name: string, fields: Partial<Profile> = {}): Profile => ({
  id,
  name,
  kind: 'staff',
  role: 'employee',
  photo: null,
  jobTitle: null,
  teams: [],
  locations: [],
  phone: null,
  email: null,
  expertise: [],
  languages: [],
  about: '',
  workingDays: [],
  ...fields,
});

const people = [
  person('anna', 'Anna de Vries', { jobTitle: 'Wijkverpleegkundige', locations: ['Noord'], expertise: ['wondverzorging', 'diabetes'], teams: ['Buurtteam Noord'] }),
  person('bram', 'Bram Jansen', { jobTitle: 'Verzorgende IG', locations: ['Zuid'], expertise: ['dementie'], teams: ['Buurtteam Zuid'] }),
  person('cor', 'Cor Wond', { locations: ['Zuid'] }),
  person('zoe', 'Zoë Çelik', { languages: ['Turks'] }),
];

describe('searching the smoelenboek', () => {
  const search = new PeopleSearch(people);
  const ids = (query: string) => search.find(query).map((p) => p.id);

  it('finds who does wound care in Noord from the start of a word, every word counting', () => {
    expect(ids('wond noord')).toEqual(['anna']);
    expect(ids('wond').sort()).toEqual(['anna', 'cor']);
  });

  it('searches name, job, team, location, expertise and language, without caring for accents', () => {
    expect(ids('bram')).toEqual(['bram']);
    expect(ids('verzorgende')).toEqual(['bram']);
    expect(ids('buurtteam zuid')).toEqual(['bram']);
    expect(ids('zoe')).toEqual(['zoe']);
    expect(ids('celik turks')).toEqual(['zoe']);
    expect(ids('dementie zuid')).toEqual(['bram']);
  });

  it('lists everyone for an empty query and nobody for a word nobody has', () => {
    expect(ids('  ')).toEqual(['anna', 'bram', 'cor', 'zoe']);
    expect(ids('kapitein')).toEqual([]);
  });
});

describe('initials', () => {
  it('takes the first letters of the first and last word', () => {
    expect(initials('Anna de Vries')).toBe('AV');
    expect(initials('Beheerder')).toBe('B');
    expect(initials(' ')).toBe('?');
  });
});
