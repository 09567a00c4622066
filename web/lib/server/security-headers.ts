/**
 * The headers every answer carries, so that a browser keeps Kring's pages to themselves: not framed by another
 * site (the admin screens with a live session), no camera or location the app never asks for, https remembered.
 * Pages get their Content-Security-Policy from SvelteKit (svelte.config.js, hash mode); every other answer (the
 * API's JSON, files) gets one that allows nothing, so an answer opened on its own can never run as a page.
 */
const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'browsing-topics=()',
].join(', ');

/** A year: the usual HSTS age; without includeSubDomains, so other hosts of the organisation are not bound. */
const HSTS = 'max-age=31536000';

/**
 * `https`: whether Kring's public origin (ORIGIN) is https, the same rule as for Secure cookies. Not the request's
 * URL: behind a proxy without ORIGIN, adapter-node calls every request https.
 */
export function secureHeaders(headers: Headers, { https }: { https: boolean }): void {
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'same-origin');
  // For browsers older than CSP's frame-ancestors.
  headers.set('x-frame-options', 'DENY');
  headers.set('permissions-policy', PERMISSIONS_POLICY);
  if (!headers.has('content-security-policy')) headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  if (https) headers.set('strict-transport-security', HSTS);
}
