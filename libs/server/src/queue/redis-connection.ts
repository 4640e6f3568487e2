import IORedis, { type RedisOptions } from 'ioredis';

/**
 * ioredis options from a redis:// URL. `forProducer` connections fail fast when Redis is away
 * (ingest answers 503 instead of waiting); worker connections wait and retry forever, as BullMQ requires.
 */
export function redisOptions(url: string, role: 'producer' | 'worker' | 'client'): RedisOptions {
  const u = new URL(url);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  const base: RedisOptions = {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    db,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  if (role === 'producer') return { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
  if (role === 'worker') return { ...base, maxRetriesPerRequest: null };
  return { ...base, maxRetriesPerRequest: 1 };
}

export function createRedis(url: string, role: 'producer' | 'worker' | 'client'): IORedis {
  return new IORedis(redisOptions(url, role));
}
