import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, needsRehash, verifyPassword, verifyPasswordOrDummy } from './password-hashing';

describe('password hashing', () => {
  it('uses scrypt at OWASP’s cost (N=2^17, r=8, p=1), parameters in the hash, a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hashPassword('s3cret-Pa55'), hashPassword('s3cret-Pa55')]);
    expect(a).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret-Pa55', a)).toBe(true);
    expect(await verifyPassword('s3cret-Pa56', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('still verifies hashes made with other parameters, and says they need a new hash', async () => {
    const cheaper = await hashPassword('pw', { log2N: 14, r: 8, p: 1 });
    expect(cheaper).toMatch(/^\$scrypt\$ln=14,r=8,p=1\$/);
    expect(await verifyPassword('pw', cheaper)).toBe(true);
    expect(needsRehash(cheaper)).toBe(true);
  });

  it('verifies the first format (scrypt$salt$hash with node’s defaults) and asks for a new hash', async () => {
    const salt = randomBytes(16);
    const legacy = `scrypt$${salt.toString('base64url')}$${scryptSync('old-password', salt, 32).toString('base64url')}`;
    expect(await verifyPassword('old-password', legacy)).toBe(true);
    expect(await verifyPassword('other', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it('refuses malformed hashes and parameters beyond the bounds without computing them', async () => {
    for (const stored of ['', 'plain', '$scrypt$ln=30,r=8,p=1$AAAA$AAAA', 'bcrypt$x$y']) {
      expect(await verifyPassword('pw', stored)).toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });

  it('spends a real verification on an unknown account (dummy hash) and answers false', async () => {
    expect(await verifyPasswordOrDummy('anything', null)).toBe(false);
    expect(await verifyPasswordOrDummy('pw', await hashPassword('pw', { log2N: 12, r: 8, p: 1 }))).toBe(true);
  });
});
