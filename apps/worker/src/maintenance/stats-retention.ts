/**
 * Keeps the counter tables bounded: minute buckets serve windows of at most a day (kept 3 days),
 * hour buckets serve 7- and 30-day figures (kept 40 days), and zeroed histogram / open-lead rows are
 * dropped. One worker an hour does it (a Redis key), the others skip.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, createRedis, type AppConfig, type RedisClient } from '@leadboard/server';
import { DataSource } from 'typeorm';

const HOUR_MS = 3_600_000;
export const MINUTE_BUCKETS_KEPT_DAYS = 3;
export const HOUR_BUCKETS_KEPT_DAYS = 40;

@Injectable()
export class StatsRetention implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StatsRetention.name);
  private readonly redis: RedisClient;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
  ) {
    this.redis = createRedis(config.redisUrl, 'client');
    this.redis.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.run(), HOUR_MS);
    this.timer.unref();
  }

  /** Deletes what no figure reads any more; returns the rows removed per table. */
  async run(now: Date = new Date()): Promise<Record<string, number>> {
    const got = await this.redis.set(`${this.config.queuePrefix}:stats-retention`, '1', 'PX', HOUR_MS - 60_000, 'NX').catch(() => 'OK');
    if (got !== 'OK') return {};
    const minuteCutoff = new Date(now.getTime() - MINUTE_BUCKETS_KEPT_DAYS * 24 * HOUR_MS);
    const hourCutoff = new Date(now.getTime() - HOUR_BUCKETS_KEPT_DAYS * 24 * HOUR_MS);
    const removed: Record<string, number> = {};
    try {
      for (const [table, sql, params] of [
        ['campaign_minute_stats', 'DELETE FROM campaign_minute_stats WHERE bucket < $1', [minuteCutoff]],
        ['campaign_hour_stats', 'DELETE FROM campaign_hour_stats WHERE bucket < $1', [hourCutoff]],
        ['operator_hour_stats', 'DELETE FROM operator_hour_stats WHERE bucket < $1', [hourCutoff]],
        ['campaign_speed_to_lead', 'DELETE FROM campaign_speed_to_lead WHERE leads = 0', []],
        ['operator_lead_counts', 'DELETE FROM operator_lead_counts WHERE leads = 0', []],
      ] as const) {
        const result = (await this.ds.query(sql, [...params])) as [unknown[], number];
        removed[table] = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
      }
      this.logger.log(`counter retention: ${JSON.stringify(removed)}`);
    } catch (err) {
      this.logger.warn(`counter retention failed, will retry in an hour: ${(err as Error).message}`);
    }
    return removed;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.redis.quit().catch(() => undefined);
  }
}
