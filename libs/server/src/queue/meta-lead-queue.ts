/**
 * The queue between Meta's webhook (API) and the lead fetches (worker): one job per `leadgen` change.
 * The job carries ids only; the worker reads the source's token from the database, so no secret
 * ever sits in Redis.
 */
import type { JobsOptions } from 'bullmq';

export const META_LEADS_QUEUE = 'meta-leads';
export const META_LEAD_FETCH_JOB = 'fetch-lead';

/**
 * How a fetch stopped by a token error says so (the start of its failure reason), so that a new
 * page token can re-run exactly those fetches.
 */
export const META_TOKEN_REFUSED = 'page access token refused';

export interface MetaLeadFetchJob {
  tenantId: string;
  sourceId: string;
  /** Meta's lead id, always a string (it may exceed 2^53). */
  leadgenId: string;
  /** What the notification said; the Graph answer wins when it has them. */
  formId?: string;
  pageId?: string;
  adId?: string;
  receivedAt: string;
}

/**
 * One fetch per source and lead: a notification Meta sends twice finds the job id taken and adds
 * nothing. (BullMQ accepts ':' in a custom id only as exactly three parts, which this is: Meta ids
 * are digits and source ids are UUIDs.)
 */
export function metaLeadJobId(sourceId: string, leadgenId: string): string {
  return `meta:${sourceId}:${leadgenId}`;
}

export function metaLeadJobOptions(sourceId: string, leadgenId: string, attempts: number, delayMs: number): JobsOptions {
  return {
    jobId: metaLeadJobId(sourceId, leadgenId),
    attempts,
    backoff: { type: 'exponential', delay: delayMs },
    // Kept a day once done, so a late duplicate notification still finds the id and adds nothing
    // (a duplicate that slips through fetches again; the event id makes it apply once anyway).
    removeOnComplete: { age: 24 * 3600, count: 100_000 },
    // Failed fetches stay a week: a new page token re-runs the ones a token error stopped.
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  };
}
