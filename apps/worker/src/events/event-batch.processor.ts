/**
 * Consumes the events queue: ingest batches (apply in one transaction, then push the results live),
 * and a manager's request to re-apply the disposition table to a campaign.
 */
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { EVENTS_QUEUE, INGEST_BATCH_JOB, REAPPLY_DISPOSITIONS_JOB, REFOLD_CAMPAIGN_JOB, type IngestBatchJob, type ReapplyDispositionsJob, type RefoldCampaignJob } from '@leadboard/server';
import { AccountPublisher } from '../accounts/account-publisher';
import { processorOptions } from '../common/processor-options';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { DeadLetterStore } from '../dead-letters/dead-letter.store';
import { LivePublisher } from '../live/live-publisher';
import { MetricsCoalescer } from '../live/metrics-coalescer';
import { WorkerMetrics } from '../observability/worker-metrics';
import { EventApplier, type ApplyResult } from './event-applier';

@Processor(EVENTS_QUEUE, processorOptions())
export class EventBatchProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventBatchProcessor.name);
  private readonly applier: EventApplier;
  private readonly accounts: AccountPublisher; // hook: accounts

  constructor(
    ds: DataSource,
    private readonly publisher: LivePublisher,
    private readonly coalescer: MetricsCoalescer,
    private readonly deadLetters: DeadLetterStore,
    private readonly metrics: WorkerMetrics,
    private readonly pino: PinoLogger,
  ) {
    super();
    this.applier = new EventApplier(ds);
    this.accounts = new AccountPublisher(ds, publisher); // hook: accounts
  }

  /** Stop taking jobs and let the active ones finish (and push) before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  /** Every log line written while a job is processed names the job and the HTTP request that brought it. */
  process(job: Job<IngestBatchJob> | Job<ReapplyDispositionsJob> | Job<RefoldCampaignJob>): Promise<object> {
    const data = job.data as Partial<IngestBatchJob>;
    const bindings = { jobId: job.id, requestId: data.requestId, tenantId: job.data.tenantId };
    if (job.name === REFOLD_CAMPAIGN_JOB) return this.pino.runInContext(() => this.refold(job.data as RefoldCampaignJob), { bindings }); // hook: refold campaign
    return this.pino.runInContext(() => (job.name === REAPPLY_DISPOSITIONS_JOB ? this.reapply(job.data as ReapplyDispositionsJob) : this.applyAndPublish(job as Job<IngestBatchJob>)), { bindings });
  }

  private async reapply({ tenantId, campaignId }: ReapplyDispositionsJob): Promise<object> {
    const done = await this.applier.reapplyDispositions(tenantId, campaignId, (r) => this.publish(r));
    this.logger.log(`dispositions re-applied: tenant ${tenantId} campaign ${campaignId}, ${done.remapped} call(s) re-mapped, ${done.leads} lead(s) folded again`);
    return done;
  }

  // hook: refold campaign
  private async refold({ tenantId, campaignId }: RefoldCampaignJob): Promise<object> {
    const done = await this.applier.refoldCampaign(tenantId, campaignId, (r) => this.publish(r));
    this.logger.log(`campaign folded again under its settings: tenant ${tenantId} campaign ${campaignId}, ${done.leads} lead(s)`);
    return done;
  }

  private async applyAndPublish(job: Job<IngestBatchJob>): Promise<{ applied: number; duplicates: number; transitions: number }> {
    const stopTimer = this.metrics.applyBatchSeconds.startTimer();
    const result = await this.applier.apply(job.data);
    const seconds = stopTimer();
    this.metrics.eventsApplied.inc(result.applied);
    this.metrics.eventsDuplicate.inc(result.duplicates);
    this.publish(result);
    const summary = { applied: result.applied, duplicates: result.duplicates, transitions: result.transitions.length };
    this.logger.log({ msg: 'batch applied', events: job.data.events.length, ...summary, ms: Math.round(seconds * 1000) });
    return summary;
  }

  private publish(result: ApplyResult): void {
    for (const t of result.transitions) this.publisher.transition(result.tenantId, t);
    for (const a of result.alerts) this.publisher.alert(result.tenantId, a);
    void this.accounts.publish(result.tenantId, result.accountChanges ?? []); // hook: accounts
    for (const v of result.dncViolations) {
      this.logger.warn(`DNC violation: tenant ${result.tenantId} campaign ${v.campaignId} lead ${v.leadId} event ${v.eventId}`);
    }
    this.coalescer.markDirty(result.tenantId, result.touchedCampaigns);
    this.coalescer.markOperatorsDirty(result.tenantId, result.operatorChanges);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<IngestBatchJob> | undefined, err: Error): Promise<void> {
    if (!job) return;
    if (job.name !== INGEST_BATCH_JOB) {
      // Not a batch of events: nothing to keep as a dead letter; it stays in BullMQ's failed set.
      this.logger.error(`job ${job.name} ${job.id} failed (attempt ${job.attemptsMade}): ${err.message}`);
      return;
    }
    const attempts = job.opts.attempts ?? 1;
    // Outside process(): the job's context is gone, so the request id is named here.
    const context = { jobId: job.id, requestId: job.data.requestId, tenantId: job.data.tenantId };
    if (job.attemptsMade < attempts) {
      this.metrics.batchFailures.inc({ outcome: 'retry' });
      this.logger.warn({ msg: `job ${job.id} attempt ${job.attemptsMade}/${attempts} failed: ${err.message}`, ...context });
      return;
    }
    this.metrics.batchFailures.inc({ outcome: 'dead_letter' });
    this.logger.error({ msg: `job ${job.id} failed after ${attempts} attempts, kept as a dead letter: ${err.message}`, ...context });
    await this.deadLetters.keep(job, err);
  }
}
