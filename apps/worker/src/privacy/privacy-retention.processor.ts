/**
 * Retention on a schedule: a BullMQ job scheduler adds one `privacy-retention` job every
 * RETENTION_INTERVAL_MS (one job per interval whatever the number of workers), and one worker runs it:
 * leads untouched past their tenant's `retentionMonths` lose their personal data (RetentionSweep,
 * the same steps as an erasure by hand), and security audit rows older than SECURITY_AUDIT_DAYS go.
 */
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, EVENTS_QUEUE, LeadErasure, MAINTENANCE_QUEUE, PRIORITY_DECAY_JOB, PRIVACY_RETENTION_JOB, RetentionSweep, eventsQueueStep, type AppConfig, type IngestBatchJob, type RetentionResult } from '@leadboard/server';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { PriorityDecay, type PriorityDecayResult } from '../priority/priority-decay'; // hook: priority

@Processor(MAINTENANCE_QUEUE)
export class PrivacyRetentionProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(PrivacyRetentionProcessor.name);
  private readonly sweep: RetentionSweep;

  constructor(
    private readonly ds: DataSource,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
    @InjectQueue(EVENTS_QUEUE) events: Queue<IngestBatchJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly priorityDecay: PriorityDecay, // hook: priority
  ) {
    super();
    this.sweep = new RetentionSweep(ds, new LeadErasure(ds, [eventsQueueStep(events)]));
  }

  onModuleInit(): void {
    // Upserting is idempotent: every worker may do it at start; a changed interval replaces the old one.
    // Not awaited: a Redis that is not up yet must not hold the worker's start (BullMQ waits for it).
    void this.maintenance
      .upsertJobScheduler(PRIVACY_RETENTION_JOB, { every: this.config.retentionIntervalMs }, {
        name: PRIVACY_RETENTION_JOB,
        opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 }, attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
      })
      .catch((err: Error) => this.logger.warn(`retention schedule not registered yet (${err.message}); the next worker start registers it`));
  }

  async process(job: Job): Promise<{ erased: RetentionResult[]; auditRowsPruned: number } | PriorityDecayResult> {
    if (job.name === PRIORITY_DECAY_JOB) return this.priorityDecay.run(); // hook: priority (one processor per queue: BullMQ routes no job names)
    if (job.name !== PRIVACY_RETENTION_JOB) return { erased: [], auditRowsPruned: 0 };
    const erased = await this.sweep.sweep();
    for (const r of erased) this.logger.log(`retention: personal data of ${r.leads} lead(s) erased in tenant ${r.tenantId}`);
    const pruned = (await this.ds.query(`DELETE FROM security_audit WHERE at < now() - make_interval(days => $1)`, [this.config.securityAuditDays])) as [unknown[], number];
    return { erased, auditRowsPruned: Array.isArray(pruned) && typeof pruned[1] === 'number' ? pruned[1] : 0 };
  }
}
