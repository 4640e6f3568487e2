/**
 * The webhook's side of the `meta-leads` queue: add one fetch per announced lead (all of a
 * notification in one atomic add), and re-run the fetches a token error stopped once the admin
 * gave a new token.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { LeadgenChange } from '@leadboard/domain';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { QueueUnavailableError, withTimeout } from '../../ingest/event-ingestor';
import { META_LEADS_QUEUE, META_LEAD_FETCH_JOB, META_TOKEN_REFUSED, metaLeadJobOptions, type MetaLeadFetchJob } from '../../queue/meta-lead-queue';

/** Failed jobs looked at per page when re-running a source's token failures (the failed set is bounded). */
const FAILED_PAGE = 500;

@Injectable()
export class MetaLeadFetchQueue {
  constructor(
    @InjectQueue(META_LEADS_QUEUE) private readonly queue: Queue<MetaLeadFetchJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues one fetch per change; throws QueueUnavailableError when Redis does not take them in time. */
  async add(tenantId: string, sourceId: string, changes: LeadgenChange[], receivedAt = new Date()): Promise<void> {
    if (!changes.length) return;
    const jobs = changes.map((c) => ({
      name: META_LEAD_FETCH_JOB,
      data: { tenantId, sourceId, ...c, receivedAt: receivedAt.toISOString() } satisfies MetaLeadFetchJob,
      opts: metaLeadJobOptions(sourceId, c.leadgenId, this.config.metaFetchAttempts, this.config.metaRetryDelayMs),
    }));
    try {
      await withTimeout(this.queue.addBulk(jobs), this.config.ingestQueueTimeoutMs, 'queue add');
    } catch (err) {
      throw new QueueUnavailableError((err as Error).message);
    }
  }

  /** Re-runs the source's fetches that a token error stopped; returns how many. */
  async retryTokenFailures(sourceId: string): Promise<number> {
    let retried = 0;
    for (let start = 0; ; start += FAILED_PAGE) {
      const failed = await this.queue.getFailed(start, start + FAILED_PAGE - 1);
      const mine = failed.filter((j) => j?.data?.sourceId === sourceId && (j.failedReason ?? '').startsWith(META_TOKEN_REFUSED));
      for (const job of mine) {
        await job.retry('failed');
        retried++;
      }
      // Retried jobs left the failed set, so the next page starts that much earlier.
      start -= mine.length;
      if (failed.length < FAILED_PAGE) return retried;
    }
  }
}
