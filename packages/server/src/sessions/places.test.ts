import { describe, expect, it } from 'vitest';
import { SessionPlaceError, SessionPlaces } from './places.ts';

describe('SessionPlaces', () => {
  const places = new SessionPlaces(' 10.20.0.0/16 = Kantoor Noord ; 10.30.4.0/24=Kantoor Zuid;2001:db8::/32=Wijkpost Oost ');

  it('names the network an address is in, IPv4, IPv4 on a dual-stack socket, and IPv6', () => {
    expect(places.placeOf('10.20.3.4')).toBe('Kantoor Noord');
    expect(places.placeOf('::ffff:10.30.4.200')).toBe('Kantoor Zuid');
    expect(places.placeOf('2001:db8:1::5')).toBe('Wijkpost Oost');
  });

  it('names nothing outside the named networks, and nothing for what is not an address', () => {
    for (const address of ['10.30.5.1', '192.168.1.1', '::1', '2001:db9::1', '', 'localhost', '10.20.0.0/16', null, undefined]) {
      expect(places.placeOf(address), String(address)).toBeNull();
    }
    expect(new SessionPlaces().placeOf('10.20.3.4')).toBeNull();
  });

  it('refuses a setting it cannot read, saying which part', () => {
    for (const spec of ['10.20.0.0/16', '10.20.0.0/16=', 'kantoor=Noord', '10.20.0.0/99=Noord', `10.0.0.0/8=${'x'.repeat(61)}`]) {
      expect(() => new SessionPlaces(spec), spec).toThrow(SessionPlaceError);
    }
  });
});
