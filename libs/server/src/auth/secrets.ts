/** Opaque keys (random, stored as SHA-256) and generated passwords, with node:crypto. Passwords: password-hashing.ts. */
import { createHash, randomBytes } from 'node:crypto';

export { hashPassword, needsRehash, verifyPassword, verifyPasswordOrDummy } from './password-hashing';

export const INGEST_KEY_PREFIX = 'lbk_';
export const WALL_TOKEN_PREFIX = 'lbw_';

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
