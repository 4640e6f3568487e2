/**
 * Keeps the counter tables bounded, one `stats-retention` tick every STATS_RETENTION_INTERVAL_MS (1 h,
 * MaintenanceProcessor): minute buckets serve windows of at most a day (kept 3 days), hour buckets
 * serve 7- and 30-day figures (kept 40 days), and zeroed histogram / open-lead rows are dropped.
 * Every statement is idempotent, so two runs meeting only repeat deletes that find nothing.
 */
import { Injectable, Logger } from '@nestjs/common';
import { TenantDatabase } from '@leadboard/server';
import { DataSource } from 'typeorm';

const DAY_MS = 24 * 3_600_000;
export const MINUTE_BUCKETS_KEPT_DAYS = 3;
export const HOUR_BUCKETS_KEPT_DAYS = 40;

@Injectable()
export class StatsRetention {
  private readonly logger = new Logger(StatsRetention.name);
  private readonly tenants: TenantDatabase;

  constructor(private readonly ds: DataSource) {
    this.tenants = new TenantDatabase(ds);
  }

  /**
   * Deletes what no figure reads any more, tenant by tenant (each in its own scope: the walls' narrow
   * path for system jobs); returns the rows removed per table. A tenant that fails fails the tick once
   * the others are done (the next one retries).
   */
  async run(now: Date = new Date()): Promise<Record<string, number>> {
    const minuteCutoff = new Date(now.getTime() - MINUTE_BUCKETS_KEPT_DAYS * DAY_MS);
    const hourCutoff = new Date(now.getTime() - HOUR_BUCKETS_KEPT_DAYS * DAY_MS);
    const removed: Record<string, number> = { campaign_minute_stats: 0, campaign_hour_stats: 0, operator_hour_stats: 0, campaign_speed_to_lead: 0, operator_lead_counts: 0 };
    const run = await this.tenants.inEachTenantScope(async (tenantId) => {
      for (const [table, sql, params] of [
        ['campaign_minute_stats', 'DELETE FROM campaign_minute_stats WHERE tenant_id = $1 AND bucket < $2', [minuteCutoff]],
        ['campaign_hour_stats', 'DELETE FROM campaign_hour_stats WHERE tenant_id = $1 AND bucket < $2', [hourCutoff]],
        ['operator_hour_stats', 'DELETE FROM operator_hour_stats WHERE tenant_id = $1 AND bucket < $2', [hourCutoff]],
        ['campaign_speed_to_lead', 'DELETE FROM campaign_speed_to_lead WHERE tenant_id = $1 AND leads = 0', []],
        ['operator_lead_counts', 'DELETE FROM operator_lead_counts WHERE tenant_id = $1 AND leads = 0', []],
      ] as const) {
        const result = (await this.ds.query(sql, [tenantId, ...params])) as [unknown[], number];
        removed[table] += (Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0);
      }
    });
    this.logger.log(`counter retention: ${JSON.stringify(removed)}`);
    if (run.failed.length) throw new Error(`counter retention failed for ${run.failed.length} tenant(s): ${run.failed[0].error.message}`);
    return removed;
  }
}
