import { randomBytes } from 'node:crypto';
import { SecretBox, SecretUnreadableError, parseSecretsKey } from './secret-box';

const key = randomBytes(32);

describe('SecretBox', () => {
  it('opens what it sealed, for the same context', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('EAAB-page-token-ü', 'meta_sources:1:page_access_token');
    expect(box.open(sealed, 'meta_sources:1:page_access_token')).toBe('EAAB-page-token-ü');
  });

  it('never shows the plaintext and uses a fresh IV for every value', () => {
    const box = new SecretBox(key);
    const a = box.seal('same secret', 'ctx');
    const b = box.seal('same secret', 'ctx');
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a).not.toContain('same secret');
    expect(Buffer.from(a.split('.')[3], 'base64url').toString('utf8')).not.toContain('same');
  });

  it('refuses a value moved to another context (row or column)', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('s3cret', 'meta_sources:1:app_secret');
    expect(() => box.open(sealed, 'meta_sources:2:app_secret')).toThrow(SecretUnreadableError);
  });

  it('refuses an altered ciphertext or tag', () => {
    const box = new SecretBox(key);
    const [v, iv, tag, body] = box.seal('s3cret-value', 'ctx').split('.');
    const flip = (s: string) => {
      const b = Buffer.from(s, 'base64url');
      b[0] ^= 1;
      return b.toString('base64url');
    };
    expect(() => box.open([v, iv, tag, flip(body)].join('.'), 'ctx')).toThrow(SecretUnreadableError);
    expect(() => box.open([v, iv, flip(tag), body].join('.'), 'ctx')).toThrow(SecretUnreadableError);
    expect(() => box.open('plain text', 'ctx')).toThrow(SecretUnreadableError);
  });

  it('refuses a value sealed under another key, with a message that holds nothing of it', () => {
    const sealed = new SecretBox(key).seal('s3cret-value', 'ctx');
    let message = '';
    try {
      new SecretBox(randomBytes(32)).open(sealed, 'ctx');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/does not decrypt/);
    expect(message).not.toContain('s3cret');
  });

  it('needs a key of at least 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('parseSecretsKey', () => {
  it('reads hex and base64 (standard or url-safe) keys of 32 bytes or more', () => {
    const raw = randomBytes(32);
    for (const text of [raw.toString('hex'), raw.toString('base64'), raw.toString('base64url')]) {
      const r = parseSecretsKey(text);
      expect('key' in r && r.key.equals(raw)).toBe(true);
    }
    const long = randomBytes(48);
    const r = parseSecretsKey(long.toString('base64'));
    expect('key' in r && r.key.equals(long)).toBe(true);
  });

  it('refuses short keys and text that is neither base64 nor hex, saying why', () => {
    expect(parseSecretsKey(randomBytes(16).toString('base64'))).toEqual({ error: 'must decode to at least 32 bytes (it has 16)' });
    expect(parseSecretsKey('not a key, has spaces and commas!')).toEqual({ error: 'must be base64 or hex' });
    expect(parseSecretsKey('c2hvcnQ=')).toEqual({ error: 'must decode to at least 32 bytes (it has 5)' });
  });
});
