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
