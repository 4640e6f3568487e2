/**
 * The secrets that sign users' session tokens (HS256). Nothing is built in: the API refuses to start
 * without `JWT_SECRET`. A secret must carry at least 32 bytes of randomness, judged by its alphabet:
 * 64+ hex digits, 43+ base64/base64url characters, or 32+ bytes of anything else. Rotation: the new
 * secret goes into `JWT_SECRET` and the old one into `JWT_SECRET_PREVIOUS`, which only verifies;
 * every token names its secret in the `kid` header.
 */
import { createHash } from 'node:crypto';

export interface JwtSigningKey {
  /** Derived from the secret (a hash prefix), so it changes with it and reveals nothing of it. */
  kid: string;
  secret: string;
}

export interface JwtKeys {
  /** Signs new tokens, and verifies them. */
  current: JwtSigningKey;
  /** Verifies tokens signed before a rotation, until they expire. */
  previous: JwtSigningKey | null;
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** A long string of few distinct characters ("aaaa…", "abcabc…") is not random whatever its length. */
const MIN_DISTINCT_CHARACTERS = 10;

/** Why a secret is too weak, in words, or null when it is acceptable. */
export function secretStrengthProblem(secret: string): string | null {
  const advice = 'generate one with: openssl rand -base64 32';
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS) return `is not random enough (too few distinct characters); ${advice}`;
  if (HEX.test(secret)) return secret.length >= 64 ? null : `must hold 32 random bytes: 64 or more hex digits (got ${secret.length}); ${advice}`;
  if (BASE64.test(secret)) {
    const bytes = Math.floor((secret.replace(/=+$/, '').length * 3) / 4);
    return bytes >= 32 ? null : `must hold 32 random bytes: 43 or more base64 characters (got ${secret.length}); ${advice}`;
  }
  return Buffer.byteLength(secret, 'utf8') >= 32 ? null : `must hold at least 32 bytes of randomness; ${advice}`;
}

export function jwtKeyId(secret: string): string {
  return createHash('sha256').update('leadboard-jwt-kid\0').update(secret).digest('base64url').slice(0, 16);
}

export function jwtKeys(current: string, previous?: string | null): JwtKeys {
  return {
    current: { kid: jwtKeyId(current), secret: current },
    previous: previous ? { kid: jwtKeyId(previous), secret: previous } : null,
  };
}

/** The secret a token's `kid` names; null for a token signed with anything else (or nothing). */
export function keyForKid(keys: JwtKeys, kid: unknown): JwtSigningKey | null {
  if (typeof kid !== 'string') return null;
  if (kid === keys.current.kid) return keys.current;
  if (keys.previous && kid === keys.previous.kid) return keys.previous;
  return null;
}
