/**
 * Encryption of the secrets Leadboard must read back (an integration's app secret and access token):
 * AES-256-GCM with a random 96-bit IV per value, under a key from SECRETS_KEY. Passwords and our own
 * keys are hashed instead (auth/secrets.ts): only what we must send on again is kept reversibly.
 *
 * A sealed value reads `v1.<iv>.<tag>.<ciphertext>` (base64url). The caller binds each value to where
 * it is stored (`context`, e.g. `meta_sources:<id>:app_secret`) as associated data, so a ciphertext
 * copied into another row or column does not decrypt.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const SECRETS_KEY_MIN_BYTES = 32;
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_INFO = 'leadboard secret box v1';

/** SECRETS_KEY is not set: nothing can be encrypted or decrypted. The message names the variable. */
export class SecretsKeyMissingError extends Error {
  constructor() {
    super(
      'SECRETS_KEY is not set on the server: integration secrets cannot be stored or read. ' +
        'Set SECRETS_KEY to at least 32 random bytes, base64 or hex (e.g. `openssl rand -base64 32`), and restart the API and the workers.',
    );
  }
}

/** A sealed value that does not open: altered, copied from elsewhere, or sealed under another SECRETS_KEY. */
export class SecretUnreadableError extends Error {}

/**
 * Decodes SECRETS_KEY: hex (64+ hex digits) or base64/base64url of at least 32 bytes.
 * Returns the key bytes, or a reason in words (never the value) when it is not usable.
 */
export function parseSecretsKey(value: string): { key: Buffer } | { error: string } {
  const v = value.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]+$/.test(v) && v.length % 2 === 0 && v.length >= SECRETS_KEY_MIN_BYTES * 2) {
    key = Buffer.from(v, 'hex');
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
    const b = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    // Node's decoder skips what it cannot read; a round trip proves every character was base64.
    if (b.toString('base64').replace(/=+$/, '') === v.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')) key = b;
  }
  if (!key) return { error: 'must be base64 or hex' };
  if (key.length < SECRETS_KEY_MIN_BYTES) return { error: `must decode to at least ${SECRETS_KEY_MIN_BYTES} bytes (it has ${key.length})` };
  return { key };
}

export class SecretBox {
  private readonly key: Buffer;

  /** `masterKey`: the decoded SECRETS_KEY (32 bytes or more); the AES key is derived from it with HKDF. */
  constructor(masterKey: Buffer) {
    if (masterKey.length < SECRETS_KEY_MIN_BYTES) throw new Error(`a secret box key needs at least ${SECRETS_KEY_MIN_BYTES} bytes`);
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), HKDF_INFO, 32));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Throws SecretUnreadableError (whose message holds nothing of the value) when it does not open. */
  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretUnreadableError('not a sealed secret (unknown format)');
    const [iv, tag, body] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretUnreadableError('not a sealed secret (bad IV or tag)');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadableError('the secret does not decrypt: it was altered, moved, or sealed under another SECRETS_KEY');
    }
  }
}
