/**
 * Secrets the server must read back (the authenticator apps' shared secrets), encrypted at rest with AES-256-GCM
 * under SECRETS_KEY, so a copy of the database alone cannot make anyone's codes. The key never enters the database.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.byteLength !== 32) throw new Error('SECRETS_KEY must be 32 bytes');
    this.#key = Buffer.from(key);
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, each base64url; a fresh 96-bit IV each time. */
  seal(plain: Uint8Array): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /**
   * A MAC (HMAC-SHA-256) of `message`, under a key derived from this one for `purpose` alone: for a link that must
   * not be forged (leaving the e-mail digest without logging in), never usable for another purpose.
   */
  mac(purpose: string, message: string): Buffer {
    const key = Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `kring:${purpose}`, 32));
    return createHmac('sha256', key).update(message).digest();
  }

  /** The plain bytes; throws when the text was changed or sealed with another key. */
  open(sealed: string): Uint8Array {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]));
  }
}

/** 64 hexadecimal characters or 32 bytes in base64; null when it is neither. */
export function parseSecretsKey(text: string): Uint8Array | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return new Uint8Array(Buffer.from(trimmed, 'hex'));
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.byteLength === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(trimmed) ? new Uint8Array(bytes) : null;
}

/**
 * The box for this server: SECRETS_KEY when set. Without it, a demo keeps a random key in DATA_DIR/secrets.key
 * (so `npm start` works out of the box); a real organisation must set it, and the server does not start without.
 */
export function secretBoxFor({ secretsKey, demo, dataDir }: { secretsKey?: string; demo: boolean; dataDir: string }): SecretBox {
  if (secretsKey) {
    const key = parseSecretsKey(secretsKey);
    if (!key) throw new Error('SECRETS_KEY must be 32 random bytes as 64 hexadecimal characters (e.g. `openssl rand -hex 32`).');
    return new SecretBox(key);
  }
  if (!demo) {
    throw new Error(
      'SECRETS_KEY is not set. Two-factor sign-in (required for administrators and privacy officers) keeps its secrets encrypted with it: set it to 64 hexadecimal characters, e.g. `openssl rand -hex 32`, and keep it outside the data folder.',
    );
  }
  const file = join(dataDir, 'secrets.key');
  try {
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Made before (or just now by the other process on this data folder): keep it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return new SecretBox(parseSecretsKey(readFileSync(file, 'utf8'))!);
}
