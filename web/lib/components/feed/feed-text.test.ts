import { describe, expect, it } from 'vitest';
import { feedTextParts, findMentions, mentionQuery, safeHref, suggestPeople } from './feed-text.ts';

const people = [
  { id: 'anna', name: 'Anna de Vries' },
  { id: 'annabel', name: 'Anna' },
  { id: 'bram', name: 'Bram Jansen' },
];

describe('links', () => {
  it('links http, https, www and mailto addresses', () => {
    expect(feedTextParts('Zie https://zorgaanzee.nl/rooster en www.thuisarts.nl of mailto:planning@zorgaanzee.nl')).toEqual([
      { kind: 'text', text: 'Zie ' },
      { kind: 'link', text: 'https://zorgaanzee.nl/rooster', href: 'https://zorgaanzee.nl/rooster' },
      { kind: 'text', text: ' en ' },
      { kind: 'link', text: 'www.thuisarts.nl', href: 'https://www.thuisarts.nl/' },
      { kind: 'text', text: ' of ' },
      { kind: 'link', text: 'mailto:planning@zorgaanzee.nl', href: 'mailto:planning@zorgaanzee.nl' },
    ]);
  });

  it('links a bare email address as mailto', () => {
    expect(feedTextParts('Mail planning@zorgaanzee.nl.')).toEqual([
      { kind: 'text', text: 'Mail ' },
      { kind: 'link', text: 'planning@zorgaanzee.nl', href: 'mailto:planning@zorgaanzee.nl' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps javascript:, data: and other schemes as plain text', () => {
    for (const text of ['klik javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'file:///etc/passwd', 'JaVaScRiPt:alert(1)']) {
      expect(feedTextParts(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('refuses unsafe hrefs and malformed addresses', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('http://')).toBeNull();
    expect(safeHref('mailto:nobody')).toBeNull();
    expect(safeHref('https://zorgaanzee.nl')).toBe('https://zorgaanzee.nl/');
  });

  it('leaves sentence punctuation out of the address but keeps balanced brackets', () => {
    expect(feedTextParts('Lees https://zorgaanzee.nl/a.')).toEqual([
      { kind: 'text', text: 'Lees ' },
      { kind: 'link', text: 'https://zorgaanzee.nl/a', href: 'https://zorgaanzee.nl/a' },
      { kind: 'text', text: '.' },
    ]);
    expect(feedTextParts('(zie https://nl.wikipedia.org/wiki/Zorg_(begrip))')[1]).toEqual({
      kind: 'link',
      text: 'https://nl.wikipedia.org/wiki/Zorg_(begrip)',
      href: 'https://nl.wikipedia.org/wiki/Zorg_(begrip)',
    });
  });

  it('does not let an address end in a quote that opens markup', () => {
    const parts = feedTextParts('https://x.nl/"><img src=x onerror=alert(1)>');
    expect(parts[0]).toEqual({ kind: 'link', text: 'https://x.nl/', href: 'https://x.nl/' });
    expect(parts.slice(1)).toEqual([{ kind: 'text', text: '"><img src=x onerror=alert(1)>' }]);
  });
});

describe('mentions', () => {
  it('finds mentioned people, longest name first, any case, once each', () => {
    expect(findMentions('@anna de vries en @Bram Jansen, en nog eens @Bram Jansen', people)).toEqual([
      { userId: 'anna', name: 'anna de vries' },
      { userId: 'bram', name: 'Bram Jansen' },
    ]);
    expect(findMentions('Hoi @Anna!', people)).toEqual([{ userId: 'annabel', name: 'Anna' }]);
  });

  it('ignores email addresses and names that run on into a longer word', () => {
    expect(findMentions('mail anna@kring.test of @Annabelle', people)).toEqual([]);
    expect(feedTextParts('mail anna@kring.test', [{ userId: 'k', name: 'kring' }]).map((part) => part.kind)).toEqual(['text', 'link']);
  });

  it('shows mentions as names, but not inside links', () => {
    expect(feedTextParts('Dank @Bram Jansen! https://x.nl/@Bram', [{ userId: 'bram', name: 'Bram Jansen' }, { userId: 'b2', name: 'Bram' }])).toEqual([
      { kind: 'text', text: 'Dank ' },
      { kind: 'mention', text: '@Bram Jansen', userId: 'bram' },
      { kind: 'text', text: '! ' },
      { kind: 'link', text: 'https://x.nl/@Bram', href: 'https://x.nl/@Bram' },
    ]);
  });

  it('tells the mention being typed at the caret', () => {
    expect(mentionQuery('Hoi @Ann', 8)).toEqual({ start: 4, query: 'Ann' });
    expect(mentionQuery('Hoi @Anna de', 12)).toEqual({ start: 4, query: 'Anna de' });
    expect(mentionQuery('mail anna@kr', 12)).toBeNull();
    expect(mentionQuery('Hoi @ Ann', 9)).toBeNull();
    expect(mentionQuery('geen', 4)).toBeNull();
  });

  it('suggests people by the start of any part of their name', () => {
    expect(suggestPeople(people, 'jan').map((person) => person.id)).toEqual(['bram']);
    expect(suggestPeople(people, 'ann').map((person) => person.id)).toEqual(['annabel', 'anna']);
    expect(suggestPeople(people, '', 2)).toHaveLength(2);
    // A completed name needs no suggestion any more.
    expect(suggestPeople(people, 'Bram Jansen ')).toEqual([]);
    expect(suggestPeople(people, 'anna').map((person) => person.id)).toEqual(['anna']);
  });
});
