/**
 * Passwords hashed with scrypt (node:crypto) at OWASP's current cost — N = 2^17, r = 8, p = 1,
 * 128 MiB and a few hundred ms per hash — with the parameters written into the hash string
 * (`$scrypt$ln=17,r=8,p=1$<salt>$<hash>`), so the cost can be raised later: older hashes still
 * verify, and `needsRehash` tells the login to store a new one.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  log2N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt with N=2^17 (128 MiB), r=8, p=1. */
export const PASSWORD_SCRYPT: ScryptParams = { log2N: 17, r: 8, p: 1 };

/** The first format, `scrypt$<salt>$<hash>`, was made with node's defaults (N=2^14, r=8, p=1). */
const LEGACY_SCRYPT: ScryptParams = { log2N: 14, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** Bounds on what a stored hash may ask for, so a corrupt row cannot make a login allocate gigabytes. */
const MAX_LOG2N = 20;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function scrypt(password: string, salt: Buffer, length: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2N;
  // node refuses more than 32 MiB by default; scrypt needs 128·N·r·p bytes.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 2 * 128 * N * params.r * params.p };
  return new Promise((resolve, reject) => scryptCb(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string): ParsedHash | null {
  const m = PHC.exec(stored);
  if (m) {
    const params = { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
    if (params.log2N < 10 || params.log2N > MAX_LOG2N || params.r < 1 || params.p < 1) return null;
    return { params, salt: Buffer.from(m[4], 'base64url'), hash: Buffer.from(m[5], 'base64url') };
  }
  const [scheme, salt, hash, extra] = stored.split('$');
  if (scheme === 'scrypt' && salt && hash && extra === undefined) {
    return { params: LEGACY_SCRYPT, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
  }
  return null;
}

export async function hashPassword(password: string, params: ScryptParams = PASSWORD_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scrypt(password, salt, KEY_LENGTH, params);
  return `$scrypt$ln=${params.log2N},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const actual = await scrypt(password, parsed.salt, parsed.hash.length, parsed.params);
  return timingSafeEqual(actual, parsed.hash);
}

/** True when the stored hash was made with other (older) parameters: store a new one at the next login. */
export function needsRehash(stored: string, params: ScryptParams = PASSWORD_SCRYPT): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.params.log2N !== params.log2N || parsed.params.r !== params.r || parsed.params.p !== params.p;
}

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password against the user's hash, or — when there is no such user — against a dummy hash
 * of the same cost, so that the answer takes as long whether the e-mail exists or not.
 */
export async function verifyPasswordOrDummy(password: string, stored: string | null): Promise<boolean> {
  if (stored !== null) return verifyPassword(password, stored);
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await dummyHash);
  return false;
}
