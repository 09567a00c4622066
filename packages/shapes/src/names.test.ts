import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOC_KINDS, InvalidDocNameError, docName, isValidId, parseDocName, type DocKind } from './names.ts';

const validId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

describe('parseDocName', () => {
  it('parses each kind', () => {
    for (const kind of DOC_KINDS) {
      expect(parseDocName(`noord/${kind}/2026-11`)).toEqual({ spaceId: 'noord', kind, docId: '2026-11' });
    }
  });

  it('accepts ids of exactly 64 characters', () => {
    const id = 'a'.repeat(64);
    expect(parseDocName(`${id}/page/${id}`)).toEqual({ spaceId: id, kind: 'page', docId: id });
  });

  it.each([
    ['an unknown kind', 'noord/wiki/p1'],
    ['a kind in another case', 'noord/Feed/p1'],
    ['an extra slash', 'noord/page/p1/extra'],
    ['a trailing slash', 'noord/page/p1/'],
    ['a leading slash', '/noord/page/p1'],
    ['a double slash', 'noord//page/p1'],
    ['too few parts', 'noord/page'],
    ['an empty space id', '/page/p1'],
    ['an empty doc id', 'noord/page/'],
    ['a dot', 'noord/page/p.1'],
    ['a parent reference', '../page/p1'],
    ['a space', 'noord/page/p 1'],
    ['a trailing newline', 'noord/page/p1\n'],
    ['an encoded slash', 'noord/page/p%2F1'],
    ['a non-ASCII letter', 'noord/page/cliënt'],
    ['a backslash', 'noord\\page\\p1'],
    ['a 65-character doc id', `noord/page/${'a'.repeat(65)}`],
    ['a 65-character space id', `${'a'.repeat(65)}/page/p1`],
    ['an empty string', ''],
  ])('rejects %s', (_, name) => {
    expect(parseDocName(name)).toBeNull();
  });

  it('rejects non-strings', () => {
    for (const value of [undefined, null, 42, {}, ['noord', 'page', 'p1']]) expect(parseDocName(value)).toBeNull();
  });

  it('rejects a huge string without splitting it', () => {
    expect(parseDocName('a/page/'.repeat(1_000_000))).toBeNull();
  });

  it('round-trips every valid name', () => {
    fc.assert(
      fc.property(validId, fc.constantFrom(...DOC_KINDS), validId, (spaceId, kind, docId) => {
        expect(parseDocName(docName(spaceId, kind, docId))).toEqual({ spaceId, kind, docId });
      }),
    );
  });

  it('accepts only what the id pattern allows', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (id) => {
        expect(parseDocName(`s/page/${id}`) !== null).toBe(isValidId(id));
      }),
    );
  });
});

describe('docName', () => {
  it('joins valid parts', () => {
    expect(docName('noord', 'board', 'planning')).toBe('noord/board/planning');
  });

  it.each([
    ['space id', () => docName('no/ord', 'page', 'p1')],
    ['kind', () => docName('noord', 'wiki' as DocKind, 'p1')],
    ['doc id', () => docName('noord', 'page', '')],
  ])('throws a typed error for an invalid %s', (_, build) => {
    expect(build).toThrow(InvalidDocNameError);
    try {
      build();
    } catch (error) {
      expect((error as InvalidDocNameError).code).toBe('invalid-doc-name');
    }
  });
});
