/**
 * Where a session was signed in, in the organisation's words: the IT department names its networks
 * (`SESSION_PLACES="10.20.0.0/16=Kantoor Noord; 10.30.0.0/16=Kantoor Zuid"`), and a session started from one of
 * them is shown as "Kantoor Noord" in the person's list of sessions; from anywhere else, no place. Only the name is
 * stored, never the address: a list of where someone was is personal data, an address more so, and nobody needs it.
 * No place database from outside (they guess cities from addresses and go stale); the organisation knows its own.
 */
import ipaddr from 'ipaddr.js';

export class SessionPlaceError extends Error {}

/** The longest name a place may have; it is shown in a list on a phone. */
const NAME_MAX = 60;

export class SessionPlaces {
  readonly #ranges: { range: [ipaddr.IPv4 | ipaddr.IPv6, number]; name: string }[];

  /** @param spec `<CIDR>=<name>` separated by `;`, or empty for none; throws SessionPlaceError naming what is wrong */
  constructor(spec = '') {
    this.#ranges = spec
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const at = part.indexOf('=');
        const cidr = at < 0 ? '' : part.slice(0, at).trim();
        const name = at < 0 ? '' : part.slice(at + 1).trim();
        if (!name || name.length > NAME_MAX) throw new SessionPlaceError(`SESSION_PLACES: "${part}" needs a name of 1 to ${NAME_MAX} characters after "="`);
        try {
          return { range: ipaddr.parseCIDR(cidr), name };
        } catch {
          throw new SessionPlaceError(`SESSION_PLACES: "${cidr}" is not a network such as 10.20.0.0/16`);
        }
      });
  }

  /** The name of the first named network `address` is in, or null (unknown, unnamed, or no address at all). */
  placeOf(address: string | null | undefined): string | null {
    if (!address || this.#ranges.length === 0 || !ipaddr.isValid(address)) return null;
    // An IPv4 client on a dual-stack socket arrives as ::ffff:10.20.1.2.
    const parsed = ipaddr.process(address);
    for (const { range, name } of this.#ranges) {
      if (parsed.kind() === range[0].kind() && parsed.match(range)) return name;
    }
    return null;
  }
}
