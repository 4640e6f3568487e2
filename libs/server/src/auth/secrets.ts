/** Password hashing (scrypt) and opaque keys (random, stored as SHA-256) with node:crypto. */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export const INGEST_KEY_PREFIX = 'lbk_';
export const WALL_TOKEN_PREFIX = 'lbw_';

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64url');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** A new random key: the prefix says what it is (ingest key, wall token) to the person holding it. */
export function newOpaqueKey(prefix: string): string {
  return prefix + randomBytes(24).toString('base64url');
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Keys have 192 random bits, so a fast hash is enough to store them safely and look them up. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
