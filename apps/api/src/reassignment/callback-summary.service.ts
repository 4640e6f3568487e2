/** Personal callbacks of a campaign, as counts (no personal data, so wall screens may read them too). */
import { Inject, Injectable } from '@nestjs/common';
import type { CallbackSummary } from '@leadboard/contracts';
import { APP_CONFIG, CLOSED_STAGES_SQL, CampaignMetricsReader, type AppConfig } from '@leadboard/server';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ReadModelService } from '../read/read-model.service';

@Injectable()
export class CallbackSummaryService {
  constructor(
    private readonly ds: DataSource,
    private readonly read: ReadModelService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async summary(p: Principal, campaignId: string, now: Date = new Date()): Promise<CallbackSummary> {
    await this.read.assertCampaign(p, campaignId);
    const today = await new CampaignMetricsReader(this.ds).todayStart(p.tenantId, campaignId, now);
    const [[open], [released]] = (await Promise.all([
      this.ds.query(
        `SELECT count(*) FILTER (WHERE owner_operator_id IS NOT NULL AND callback_at > $3) AS scheduled,
                count(*) FILTER (WHERE owner_operator_id IS NOT NULL AND callback_at <= $3) AS due,
                count(*) FILTER (WHERE owner_operator_id IS NULL) AS in_pool
           FROM leads
          WHERE tenant_id = $1 AND campaign_id = $2 AND callback_at IS NOT NULL AND stage NOT IN ${CLOSED_STAGES_SQL}`,
        [p.tenantId, campaignId, now.toISOString()],
      ),
      this.ds.query(
        `SELECT count(*) FILTER (WHERE at >= $3) AS today, count(*) AS total
           FROM audit_log WHERE tenant_id = $1 AND campaign_id = $2 AND action = 'callback_released'`,
        [p.tenantId, campaignId, today.toISOString()],
      ),
    ])) as [{ scheduled: string; due: string; in_pool: string }[], { today: string; total: string }[]];
    return {
      campaignId,
      asOf: now.toISOString(),
      scheduled: Number(open.scheduled),
      due: Number(open.due),
      inPool: Number(open.in_pool),
      releasedToday: Number(released.today),
      releasedTotal: Number(released.total),
      releaseAfterSeconds: this.config.callbackReleaseAfterMs / 1000,
    };
  }
}
