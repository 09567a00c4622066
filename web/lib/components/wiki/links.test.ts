import { describe, expect, it } from 'vitest';
import { hrefFromInput, safeHref } from './links.ts';

describe('safeHref', () => {
  it('keeps web, e-mail, phone and relative links as they are', () => {
    for (const href of [
      'https://www.zorgaanzee.nl/protocollen',
      'http://example.org',
      'mailto:planning@zorgaanzee.nl',
      'tel:+31201234567',
      '/spaces/noord/pages/valpreventie',
      '#stappen',
      'protocollen/wondzorg',
    ]) {
      expect(safeHref(href), href).toBe(href);
    }
  });

  it('refuses scripts and other schemes, however they are disguised', () => {
    for (const href of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      '\u0001javascript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'blob:https://kring.invalid/x',
    ]) {
      expect(safeHref(href), JSON.stringify(href)).toBeNull();
    }
  });

  it('refuses what is not a string, empty, or absurdly long', () => {
    for (const href of [null, undefined, 42, {}, ['https://a.nl'], '', '   ', `https://a.nl/${'x'.repeat(5000)}`]) {
      expect(safeHref(href)).toBeNull();
    }
  });
});

describe('hrefFromInput', () => {
  it('completes what people type into a link', () => {
    expect(hrefFromInput('www.zorgaanzee.nl')).toBe('https://www.zorgaanzee.nl');
    expect(hrefFromInput(' https://zorgaanzee.nl/a ')).toBe('https://zorgaanzee.nl/a');
    expect(hrefFromInput('planning@zorgaanzee.nl')).toBe('mailto:planning@zorgaanzee.nl');
    expect(hrefFromInput('020 - 123 45 67')).toBe('tel:0201234567');
    expect(hrefFromInput('/spaces/noord')).toBe('/spaces/noord');
  });

  it('refuses empty input and disallowed schemes', () => {
    expect(hrefFromInput('')).toBeNull();
    expect(hrefFromInput('javascript:alert(1)')).toBeNull();
    expect(hrefFromInput('data:text/html,x')).toBeNull();
  });
});
