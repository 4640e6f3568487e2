/**
 * The rate-limit storage against the real Redis: the library's counting and blocking, and our two
 * additions that rely on its key layout (peeking at a block, forgetting hits) — if a new version of
 * @nest-lab/throttler-storage-redis lays its keys out differently, this fails.
 */
import { randomBytes } from 'node:crypto';
import { loadAppConfig } from '@leadboard/server';
import IORedis from 'ioredis';
import { LoginThrottle } from './login-throttle';
import { RateLimitStorage } from './rate-limit.storage';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `lbit-rate-${randomBytes(4).toString('hex')}`;
const config = loadAppConfig({ REDIS_URL, QUEUE_PREFIX: prefix, RATE_LIMIT_LOGIN_FAILURES: '3', RATE_LIMIT_LOGIN_WINDOW_SECONDS: '60' });
let storage: RateLimitStorage;

beforeAll(async () => {
  storage = new RateLimitStorage(config);
  await storage.onModuleInit();
});

afterAll(async () => {
  await storage.onModuleDestroy();
  const redis = new IORedis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('RateLimitStorage', () => {
  it('counts hits, blocks past the limit under the deployment’s prefix, and can peek and forget', async () => {
    expect((await storage.increment('k', 60_000, 2, 30_000, 't')).isBlocked).toBe(false);
    expect((await storage.increment('k', 60_000, 2, 30_000, 't')).isBlocked).toBe(false);
    const third = await storage.increment('k', 60_000, 2, 30_000, 't');
    expect(third).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 30 });
    expect(await storage.blockedForMs('k', 't')).toBeGreaterThan(25_000);
    expect(await storage.blockedForMs('other', 't')).toBe(0);
    const redis = new IORedis(REDIS_URL);
    expect((await redis.keys(`${prefix}:rate:*`)).sort()).toEqual([`${prefix}:rate:{k:t}:blocked`, `${prefix}:rate:{k:t}:hits`]);
    await redis.quit();
    await storage.reset('k', 't');
    expect(await storage.blockedForMs('k', 't')).toBe(0);
    expect((await storage.increment('k', 60_000, 2, 30_000, 't')).totalHits).toBe(1);
  });

  it('lets requests through when Redis cannot be reached', async () => {
    const away = new RateLimitStorage(loadAppConfig({ REDIS_URL: 'redis://127.0.0.1:1/0', QUEUE_PREFIX: prefix }));
    try {
      expect(await away.increment('k', 1000, 1, 1000, 't')).toMatchObject({ isBlocked: false });
      expect(await away.blockedForMs('k', 't')).toBe(0);
    } finally {
      await away.onModuleDestroy();
    }
  });
});

describe('LoginThrottle', () => {
  it('refuses after the configured failures per address and per e-mail; a success forgets the e-mail’s', async () => {
    const throttle = new LoginThrottle(storage, config);
    for (let i = 0; i < 2; i++) await throttle.recordFailure(`10.0.0.${i}`, 'Maria@Example.it');
    expect(await throttle.retryAfterSeconds('10.0.0.9', 'maria@example.it')).toBe(0);
    await throttle.recordSuccess('maria@example.it');
    await throttle.recordFailure('10.0.0.3', 'maria@example.it');
    // two failures were forgotten: one more is not enough
    expect(await throttle.retryAfterSeconds('10.0.0.9', 'maria@example.it')).toBe(0);
    await throttle.recordFailure('10.0.0.4', 'maria@example.it');
    await throttle.recordFailure('10.0.0.5', 'maria@example.it');
    expect(await throttle.retryAfterSeconds('10.0.0.9', 'maria@example.it')).toBeGreaterThan(55);
    expect(await throttle.retryAfterSeconds('10.0.0.9', 'luca@example.it')).toBe(0);

    for (const email of ['a@x.it', 'b@x.it', 'c@x.it']) await throttle.recordFailure('10.9.9.9', email);
    expect(await throttle.retryAfterSeconds('10.9.9.9', 'd@x.it')).toBeGreaterThan(55);
    const redis = new IORedis(REDIS_URL);
    expect((await redis.keys(`${prefix}*`)).join()).not.toContain('@');
    await redis.quit();
  });
});
