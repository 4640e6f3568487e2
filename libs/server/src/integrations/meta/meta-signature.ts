/**
 * Meta signs each webhook delivery: `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw
 * body bytes under the app secret. Checked on the bytes as received (a re-serialised body would not
 * match) and compared in constant time, so the check leaks nothing about the expected value.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

export function metaSignature(rawBody: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** True only for a well-formed header whose digest is the body's HMAC under `appSecret`. */
export function metaSignatureMatches(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const m = header ? HEADER.exec(header.trim()) : null;
  if (!m) return false;
  const given = Buffer.from(m[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
