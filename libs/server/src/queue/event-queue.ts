/** The one queue between ingest and the worker: its name, job names and payloads, and job options. */
import type { IngestEvent } from '@leadboard/contracts';
import type { JobsOptions } from 'bullmq';

export const EVENTS_QUEUE = 'events';
export const INGEST_BATCH_JOB = 'ingest-batch';

/** One ingest request = one job: queued atomically, applied in one database transaction. */
export interface IngestBatchJob {
  tenantId: string;
  receivedAt: string;
  events: IngestEvent[];
  /** The HTTP request that brought the events (`X-Request-Id`), so the worker's logs name it too. */
  requestId?: string;
}

export function ingestJobOptions(attempts: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: 500 },
    // Bounded: completed jobs are only kept for a short look; failures longer, for the admin.
    removeOnComplete: { age: 600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}

/**
 * A manager asked to re-apply the tenant's disposition table to one campaign's stored calls: the
 * worker re-maps them and folds the touched leads again (corrections pushed like a late event's).
 * On the events queue so it is applied by the same workers, in the same transactions' discipline.
 */
export const REAPPLY_DISPOSITIONS_JOB = 'reapply-dispositions';

export interface ReapplyDispositionsJob {
  tenantId: string;
  campaignId: string;
  requestedAt: string;
}

export function reapplyJobOptions(): JobsOptions {
  return {
    attempts: 3,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
  };
}

/**
 * A manager saved a campaign's funnel settings (`qualificationThreshold`, `maxAttempts`): the worker
 * folds the campaign's history again under them, a few hundred leads per transaction, corrections
 * pushed like a late event's (docs/DOMAIN.md, "Each company draws its own line"). Same options as a re-apply.
 */
export const REFOLD_CAMPAIGN_JOB = 'refold-campaign';

export interface RefoldCampaignJob {
  tenantId: string;
  campaignId: string;
  requestedAt: string;
}
