/**
 * Consumes the events queue: ingest batches (handed to the set runner, which applies whatever jobs
 * the worker holds as one transaction and pushes the results live), and a manager's request to
 * re-apply the disposition table to a campaign. Holds `ENGINE_SET_JOBS` jobs at once.
 */
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENTS_QUEUE, INGEST_BATCH_JOB, REAPPLY_DISPOSITIONS_JOB, REFOLD_CAMPAIGN_JOB, type IngestBatchJob, type ReapplyDispositionsJob, type RefoldCampaignJob } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { inJobTenantScope } from '../common/job-tenant-scope';
import { processorOptions } from '../common/processor-options';
import type { Job } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { DeadLetterStore } from '../dead-letters/dead-letter.store';
import { WorkerMetrics } from '../observability/worker-metrics';
import { EventApplier } from './event-applier';
import { IngestSetRunner } from './ingest-set.runner';

@Processor(EVENTS_QUEUE, processorOptions((c) => ({ concurrency: c.engineSetJobs })))
export class EventBatchProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventBatchProcessor.name);

  constructor(
    private readonly ds: DataSource,
    private readonly applier: EventApplier,
    private readonly sets: IngestSetRunner,
    private readonly deadLetters: DeadLetterStore,
    private readonly metrics: WorkerMetrics,
    private readonly pino: PinoLogger,
  ) {
    super();
  }

  /** While PostgreSQL is away the runner pauses this consumer: held jobs wait, no new ones are taken. */
  onApplicationBootstrap(): void {
    this.sets.attach({
      pause: () => void this.worker.pause(true).catch(() => undefined),
      resume: () => void Promise.resolve(this.worker.resume()).catch(() => undefined),
    });
  }

  /** Stop taking jobs and let the active ones finish (and push) before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.sets.close();
    await this.worker.close();
  }

  /** Every log line written while a job is processed names the job and the HTTP request that brought it. */
  process(job: Job<IngestBatchJob> | Job<ReapplyDispositionsJob> | Job<RefoldCampaignJob>): Promise<object> {
    const data = job.data as Partial<IngestBatchJob>;
    const bindings = { jobId: job.id, requestId: data.requestId, tenantId: job.data.tenantId };
    // In the job's tenant scope; an ingest batch's set is then applied tenant by tenant by the set runner.
    return inJobTenantScope(job.data, () =>
      this.pino.runInContext(() => {
        if (job.name === REAPPLY_DISPOSITIONS_JOB) return this.reapply(job.data as ReapplyDispositionsJob);
        if (job.name === REFOLD_CAMPAIGN_JOB) return this.refold(job.data as RefoldCampaignJob);
        return this.applyAndPublish(job as Job<IngestBatchJob>);
      }, { bindings }),
    );
  }

  /** A campaign's settings changed (threshold, maximum attempts): every lead that had calls folded again under them. */
  private async refold({ tenantId, campaignId }: RefoldCampaignJob): Promise<object> {
    const rows = (await this.ds.query(`SELECT id FROM leads WHERE tenant_id = $1 AND campaign_id = $2 AND attempts > 0 ORDER BY id`, [tenantId, campaignId])) as { id: string }[];
    const done = await this.applier.refoldLeads(tenantId, campaignId, rows.map((r) => r.id), (r) => this.sets.publish(r));
    this.logger.log(`campaign folded again under its settings: tenant ${tenantId} campaign ${campaignId}, ${done.leads} lead(s)`);
    return done;
  }

  private async reapply({ tenantId, campaignId }: ReapplyDispositionsJob): Promise<object> {
    const done = await this.applier.reapplyDispositions(tenantId, campaignId, (r) => this.sets.publish(r));
    this.logger.log(`dispositions re-applied: tenant ${tenantId} campaign ${campaignId}, ${done.remapped} call(s) re-mapped, ${done.leads} lead(s) folded again`);
    return done;
  }

  private async applyAndPublish(job: Job<IngestBatchJob>): Promise<{ applied: number; duplicates: number; transitions: number }> {
    const started = Date.now();
    const summary = await this.sets.apply(job.data);
    this.logger.log({ msg: 'batch applied', events: job.data.events.length, ...summary, ms: Date.now() - started });
    return summary;
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
    await inJobTenantScope(job.data, () => this.deadLetters.keep(job, err)).catch((e: Error) => this.logger.error(`job ${job.id}: no dead letter kept: ${e.message}`));
  }
}
