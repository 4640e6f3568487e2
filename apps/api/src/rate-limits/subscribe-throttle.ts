/**
 * RATE_LIMIT_SUBSCRIBE `subscribe` messages per minute per live socket (each one reads a snapshot
 * from PostgreSQL). Over it the subscribe is answered with an error saying when to retry.
 */
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@leadboard/server';
import { RateLimitStorage } from './rate-limit.storage';

const WINDOW_MS = 60_000;

@Injectable()
export class SubscribeThrottle {
  constructor(
    private readonly storage: RateLimitStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seconds to wait (0: allowed; the subscribe is counted). */
  async consume(socketId: string): Promise<number> {
    const r = await this.storage.increment(socketId, WINDOW_MS, this.config.rateLimits.subscribePerMinute, WINDOW_MS, 'subscribe');
    return r.isBlocked ? Math.max(1, r.timeToBlockExpire) : 0;
  }
}
