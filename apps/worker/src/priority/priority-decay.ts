/**
 * Freshness decays with time, so priorities move without any event: a BullMQ job scheduler adds one
 * `priority-decay` job to the maintenance queue every PRIORITY_RECOMPUTE_INTERVAL_MS (one run per interval
 * whatever the number of workers), and the maintenance processor hands it here. Each campaign is recomputed
 * in sets (LeadPriorityRefresher: one SELECT and one UPDATE per chunk of 2,000 leads, only the leads less
 * than a day old or never computed), and a campaign whose queue order changed gets a `queue` push.
 */
import { Injectable, Logger } from '@nestjs/common';
import { LeadPriorityRefresher, TenantDatabase, storedTarget } from '@leadboard/server';
import { DEFAULT_HOT_THRESHOLD } from '@leadboard/contracts';
import { DataSource } from 'typeorm';
import { LivePublisher } from '@leadboard/server';

export interface PriorityDecayResult {
  campaigns: number;
  scanned: number;
  changed: number;
}

@Injectable()
export class PriorityDecay {
  private readonly logger = new Logger(PriorityDecay.name);
  private readonly tenants: TenantDatabase;

  constructor(
    private readonly ds: DataSource,
    private readonly publisher: LivePublisher,
  ) {
    this.tenants = new TenantDatabase(ds);
  }

  /**
   * Every campaign with open leads, each chunk in its own short transaction: the applier's batches are never
   * held behind a long sweep, and a lead a batch holds is skipped (the batch's own hook computes it).
   * Tenant by tenant, each in its own scope (the tenant walls' narrow path for system jobs).
   */
  async run(now: Date = new Date()): Promise<PriorityDecayResult> {
    const result: PriorityDecayResult = { campaigns: 0, scanned: 0, changed: 0 };
    const run = await this.tenants.inEachTenantScope(async (tenantId) => {
      const campaigns = (await this.ds.query(
        `SELECT c.id, c.target, c.hot_threshold FROM campaigns c
          WHERE c.tenant_id = $1
            AND EXISTS (SELECT 1 FROM leads l WHERE l.tenant_id = c.tenant_id AND l.campaign_id = c.id
                           AND l.stage IN ('new', 'contacted', 'prospect', 'opportunity', 'nurturing'))
          ORDER BY c.id`,
        [tenantId],
      )) as { id: string; target: unknown; hot_threshold: number | null }[];
      result.campaigns += campaigns.length;
      for (const c of campaigns) {
        const settings = { campaignId: c.id, target: storedTarget(c.target), hotThreshold: c.hot_threshold ?? DEFAULT_HOT_THRESHOLD };
        const done = await LeadPriorityRefresher.recomputeCampaign(this.ds, tenantId, settings, { all: false, now, lock: 'skip' });
        result.scanned += done.scanned;
        result.changed += done.changed;
        if (done.changed > 0) this.publisher.queueChanged(tenantId, { campaignId: c.id, cause: 'schedule', changed: done.changed, at: now.toISOString() });
      }
    });
    for (const f of run.failed) this.logger.warn(`priorities of tenant ${f.tenantId} not recomputed: ${f.error.message}`);
    return result;
  }
}
