import { describe, expect, it } from 'vitest';
import { clockTime } from './clock.ts';

describe('clockTime', () => {
  it('shows hours and minutes as the language writes them', () => {
    const at = new Date(2026, 10, 22, 9, 5);
    expect(clockTime(at, 'nl')).toBe(at.toLocaleTimeString('nl', { hour: '2-digit', minute: '2-digit' }));
    expect(clockTime(at.getTime(), 'en')).toBe(at.toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' }));
    expect(clockTime(at, 'nl')).toBe('09:05');
  });
});
