const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A random id of 16 base-62 characters (about 95 bits), valid as a document id. Uses `getRandomValues`, not
 * `randomUUID`, because browsers only offer the latter in secure contexts and the app may be reached over
 * plain http on a local network.
 */
export function randomId(): string {
  // 248 is the largest multiple of 62 below 256: rejecting larger bytes keeps every character equally likely.
  let id = '';
  while (id.length < 16) {
    for (const byte of crypto.getRandomValues(new Uint8Array(24))) {
      if (byte < 248 && id.length < 16) id += ALPHABET[byte % 62];
    }
  }
  return id;
}
