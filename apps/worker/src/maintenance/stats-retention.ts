/**
 * Keeps the counter tables bounded, one `stats-retention` tick every STATS_RETENTION_INTERVAL_MS (1 h,
 * MaintenanceProcessor): minute buckets serve windows of at most a day (kept 3 days), hour buckets
 * serve 7- and 30-day figures (kept 40 days), and zeroed histogram / open-lead rows are dropped.
 * Every statement is idempotent, so two runs meeting only repeat deletes that find nothing.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

const DAY_MS = 24 * 3_600_000;
export const MINUTE_BUCKETS_KEPT_DAYS = 3;
export const HOUR_BUCKETS_KEPT_DAYS = 40;

@Injectable()
export class StatsRetention {
  private readonly logger = new Logger(StatsRetention.name);

  constructor(private readonly ds: DataSource) {}

  /** Deletes what no figure reads any more; returns the rows removed per table. A failure fails the tick (the next one retries). */
  async run(now: Date = new Date()): Promise<Record<string, number>> {
    const minuteCutoff = new Date(now.getTime() - MINUTE_BUCKETS_KEPT_DAYS * DAY_MS);
    const hourCutoff = new Date(now.getTime() - HOUR_BUCKETS_KEPT_DAYS * DAY_MS);
    const removed: Record<string, number> = {};
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
    return removed;
  }
}
