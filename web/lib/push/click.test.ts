import { describe, expect, it } from 'vitest';
import { safeLink, shownFor, windowFor } from './click.ts';

const fallback = { title: 'Kring', body: 'Er is iets nieuws voor u' };

describe('a push on the device', () => {
  it("shows the server's words, one notification per event, and keeps the link", () => {
    const shown = shownFor({ kind: 'mention', tag: 'n-1', title: 'Buurtteam Noord', body: 'Anna de Vries noemde u', link: '/spaces/noord#post-p1' }, fallback);
    expect(shown.title).toBe('Buurtteam Noord');
    expect(shown.options).toMatchObject({ body: 'Anna de Vries noemde u', tag: 'n-1', data: { link: '/spaces/noord#post-p1' } });
  });

  it('still says there is something when the payload is empty or not ours', () => {
    expect(shownFor(null, fallback)).toMatchObject({ title: 'Kring', options: { body: 'Er is iets nieuws voor u', data: { link: '/notifications' } } });
    expect(shownFor({ title: 42, body: '   ' }, fallback).options.body).toBe('Er is iets nieuws voor u');
  });

  it('opens only places in the app: another site or a protocol-relative link opens the inbox', () => {
    expect(safeLink('/chat/conv_1#message-m1')).toBe('/chat/conv_1#message-m1');
    for (const link of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 42, null]) expect(safeLink(link)).toBe('/notifications');
  });

  it("uses the app's focused window, else its first, never another site's; none: a new one opens", () => {
    const origin = 'https://kring.example';
    const a = { url: `${origin}/spaces`, focused: false };
    const b = { url: `${origin}/account`, focused: true };
    const other = { url: 'https://elders.example/', focused: true };
    expect(windowFor([a, b, other], origin)).toBe(b);
    expect(windowFor([other, a], origin)).toBe(a);
    expect(windowFor([other], origin)).toBeNull();
  });
});
