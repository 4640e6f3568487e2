/** Consumes the `meta-leads` queue: one job = one lead read from the Graph API and queued as an event. */
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { META_LEADS_QUEUE, type MetaLeadFetchJob } from '@leadboard/server';
import { inJobTenantScope } from '../common/job-tenant-scope';
import { processorOptions } from '../common/processor-options';
import type { Job } from 'bullmq';
import { MetaLeadFetcher, type FetchOutcome } from './meta-lead-fetcher';

@Processor(META_LEADS_QUEUE, processorOptions())
export class MetaLeadFetchProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MetaLeadFetchProcessor.name);

  constructor(private readonly fetcher: MetaLeadFetcher) {
    super();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  async process(job: Job<MetaLeadFetchJob>): Promise<{ outcome: FetchOutcome }> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return { outcome: await inJobTenantScope(job.data, () => this.fetcher.fetch(job.data, lastAttempt)) };
  }

  /** Messages built by the fetcher and the Graph client carry no token and no personal data. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<MetaLeadFetchJob> | undefined, err: Error): void {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    if (err.name === 'UnrecoverableError' || job.attemptsMade >= attempts) {
      this.logger.warn(`Meta lead ${job.data.leadgenId} of source ${job.data.sourceId} failed for good: ${err.message}`);
    } else {
      this.logger.warn(`Meta lead ${job.data.leadgenId} of source ${job.data.sourceId}: attempt ${job.attemptsMade}/${attempts} failed, retrying: ${err.message}`);
    }
  }
}
