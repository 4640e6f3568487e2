import { timingSafeEqual } from 'node:crypto';

/**
 * `/metrics` is open unless METRICS_TOKEN is set; then it asks for `Authorization: Bearer <token>`,
 * compared in constant time.
 */
export function metricsAccessAllowed(expected: string | null, authorization: string | string[] | undefined): boolean {
  if (!expected) return true;
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const given = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
