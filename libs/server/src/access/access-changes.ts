/**
 * Revocation that takes effect at once in every API process: whoever changes a user or a key (the
 * API, the CLI) publishes it on Redis; each API process drops what it cached about it and checks
 * again the live sockets that use it. The database stays the truth: a process whose subscription is
 * down does not cache at all (see the API's PrincipalCache).
 */
import type { RedisClient } from '../queue/redis-connection';

export type AccessChange = { kind: 'user'; userId: string } | { kind: 'key'; keyId: string };

export function accessChangesChannel(queuePrefix: string): string {
  return `${queuePrefix}:access-changes`;
}

export async function announceAccessChange(redis: RedisClient, queuePrefix: string, change: AccessChange): Promise<void> {
  await redis.publish(accessChangesChannel(queuePrefix), JSON.stringify(change));
}

export function parseAccessChange(message: string): AccessChange | null {
  try {
    const v = JSON.parse(message) as Partial<{ kind: string; userId: string; keyId: string }>;
    if (v.kind === 'user' && typeof v.userId === 'string') return { kind: 'user', userId: v.userId };
    if (v.kind === 'key' && typeof v.keyId === 'string') return { kind: 'key', keyId: v.keyId };
  } catch {
    // not ours: ignored
  }
  return null;
}
