/**
 * Retention, one `privacy-retention` tick every RETENTION_INTERVAL_MS (MaintenanceProcessor): leads
 * untouched past their tenant's `retentionMonths` lose their personal data (RetentionSweep, the same
 * steps as an erasure by hand), and security audit rows older than SECURITY_AUDIT_DAYS go: each
 * tenant's in that tenant's scope, those that named no tenant through the one narrow function that
 * deletes them (docs/SECURITY.md, "Tenant walls").
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, EVENTS_QUEUE, LeadErasure, RetentionSweep, TenantDatabase, eventsQueueStep, type AppConfig, type IngestBatchJob, type RetentionResult } from '@leadboard/server';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

@Injectable()
export class PrivacyRetention {
  private readonly logger = new Logger(PrivacyRetention.name);
  private readonly sweep: RetentionSweep;

  constructor(
    private readonly ds: DataSource,
    @InjectQueue(EVENTS_QUEUE) events: Queue<IngestBatchJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sweep = new RetentionSweep(ds, new LeadErasure(ds, [eventsQueueStep(events)]));
  }

  async run(): Promise<{ erased: RetentionResult[]; auditRowsPruned: number }> {
    const erased = await this.sweep.sweep();
    for (const r of erased) this.logger.log(`retention: personal data of ${r.leads} lead(s) erased in tenant ${r.tenantId}`);
    let auditRowsPruned = 0;
    const run = await new TenantDatabase(this.ds).inEachTenantScope(async (tenantId) => {
      const pruned = (await this.ds.query(`DELETE FROM security_audit WHERE tenant_id = $1 AND at < now() - make_interval(days => $2)`, [tenantId, this.config.securityAuditDays])) as [unknown[], number];
      auditRowsPruned += Array.isArray(pruned) && typeof pruned[1] === 'number' ? pruned[1] : 0;
    });
    const [tenantless] = (await this.ds.query(`SELECT leadboard_prune_tenantless_security_audit($1) AS n`, [this.config.securityAuditDays])) as { n: string }[];
    auditRowsPruned += Number(tenantless?.n ?? 0);
    if (run.failed.length) throw new Error(`security audit not pruned for ${run.failed.length} tenant(s): ${run.failed[0].error.message}`);
    return { erased, auditRowsPruned };
  }
}
