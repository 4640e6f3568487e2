/**
 * @nestjs/throttler's storage in Redis (@nest-lab/throttler-storage-redis), shared by every API
 * process so that a limit holds across them, under `<QUEUE_PREFIX>:rate:`. Two choices of ours:
 * - Redis being away must not take logins and reads down with it: the limiter then lets requests
 *   through (logged), and ingest answers 503 anyway because the queue is in the same Redis;
 * - the login limiter counts failures only, so it needs to ask "blocked?" without counting a hit
 *   (`blockedForMs`) and to forget an e-mail's failures after a success (`reset`). Both use the
 *   storage's key layout (`{<key>:<name>}:hits|blocked`); rate-limit.storage.spec.ts pins it.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, createRedis, type AppConfig, type RedisClient } from '@leadboard/server';
import { Cluster } from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const WARN_EVERY_MS = 60_000;
const CONNECT_WAIT_MS = 3000;

@Injectable()
export class RateLimitStorage implements ThrottlerStorage, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RateLimitStorage.name);
  private readonly redis: RedisClient;
  private readonly storage: ThrottlerStorageRedisService;
  private lastWarning = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Fails fast (no offline queue) like the ingest path; keyPrefix keeps every key under the deployment's prefix.
    this.redis = createRedis(config.redisUrl, 'producer', { keyPrefix: `${config.queuePrefix}:rate:` });
    this.redis.on('error', () => undefined);
    // The storage takes either a node's or a cluster's client (its keys carry a hash tag of their own).
    this.storage = this.redis instanceof Cluster ? new ThrottlerStorageRedisService(this.redis) : new ThrottlerStorageRedisService(this.redis);
  }

  /** The API starts listening once the limiter's connection is up (or after a short wait when Redis is away). */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CONNECT_WAIT_MS);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      return await this.storage.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (err) {
      this.warn(err);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  /** Milliseconds the key stays blocked (0: not blocked), without counting a hit. */
  async blockedForMs(key: string, throttlerName: string): Promise<number> {
    try {
      return Math.max(0, await this.redis.pttl(`{${key}:${throttlerName}}:blocked`));
    } catch (err) {
      this.warn(err);
      return 0;
    }
  }

  /** Forgets the key's hits (and block). */
  async reset(key: string, throttlerName: string): Promise<void> {
    await this.redis.del(`{${key}:${throttlerName}}:hits`, `{${key}:${throttlerName}}:blocked`).catch((err: Error) => this.warn(err));
  }

  private warn(err: unknown): void {
    if (Date.now() - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate limits are not enforced while Redis is unreachable: ${(err as Error).message}`);
  }

  async onModuleDestroy(): Promise<void> {
    // QUIT waits for a connection that may never come back: only a connected client is asked politely.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis.disconnect();
  }
}
