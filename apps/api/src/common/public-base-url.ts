/**
 * Where the outside world reaches this API: PUBLIC_URL when set (behind a proxy it is the only
 * reliable answer), else the address the caller's own request came to (forwarded headers first).
 * Only printed for an admin to paste somewhere; never used to route anything.
 */
import type { AppConfig } from '@leadboard/server';
import type { Request } from 'express';

export function publicBaseUrl(config: Pick<AppConfig, 'publicUrl'>, req: Request): string {
  if (config.publicUrl) return config.publicUrl;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
  const proto = first(req.headers['x-forwarded-proto']) || req.protocol;
  const host = first(req.headers['x-forwarded-host']) || req.get('host') || 'localhost';
  return `${proto}://${host}`;
}
