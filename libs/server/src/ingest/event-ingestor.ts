/**
 * The one ingest path: every source of events (the HTTP ingest endpoint, the dialer and ad-platform
 * adapters, CSV imports run by the worker) queues contract events through here. A request becomes one
 * BullMQ job (atomic: all of it or nothing), and success is only reported once Redis acknowledged it.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { IngestAccepted, IngestEvent } from '@leadboard/contracts';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENTS_QUEUE, INGEST_BATCH_JOB, ingestJobOptions, type IngestBatchJob } from '../queue/event-queue';
import { LeadboardMetrics } from '../observability/leadboard-metrics';
import { currentRequestId } from '../observability/request-context';
import { SourceActivity, type SourceRef } from '../sources/source-activity';

/** Redis did not acknowledge the job in time: nothing was queued, the caller answers 503. */
export class QueueUnavailableError extends Error {}

/** Seconds a caller is told to wait (`Retry-After`) when the queue cannot take events. */
export const QUEUE_RETRY_AFTER_SECONDS = 5;

export interface EnqueueOptions {
  /**
   * A job id of the caller's choosing, for sources that may enqueue the same batch again after a
   * crash (a CSV import resuming): BullMQ ignores a second add with an id it still holds, and the
   * events' primary key makes anything that slips through apply once anyway.
   */
  jobId?: string;
  /** Which source the events came from (the Sources page counts them); the HTTP API by default. */
  source?: SourceRef;
  /**
   * Drop the job from Redis as soon as it completes. For big sources (a CSV import queues a
   * thousand 1,000-event jobs): kept completed jobs would hold hundreds of MB of Redis, and a
   * batch queued again after its job was dropped applies nothing twice (the events' primary key).
   */
  dropWhenCompleted?: boolean;
  /** Skip the best-effort duplicate lookup (the answer's `duplicates` is then 0), for callers that count their own. */
  skipDuplicateCount?: boolean;
  /** The request the events came with; by default the one being served (request-context.ts), if any. */
  requestId?: string;
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

@Injectable()
export class EventIngestor {
  private readonly logger = new Logger(EventIngestor.name);

  constructor(
    @InjectQueue(EVENTS_QUEUE) private readonly queue: Queue<IngestBatchJob>,
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly activity: SourceActivity,
    // Optional so that a module without the observability module (a test's) still builds the ingestor.
    @Optional() private readonly metrics?: LeadboardMetrics,
  ) {}

  /** Queues already validated events; throws QueueUnavailableError when Redis does not take them. */
  async enqueue(tenantId: string, events: IngestEvent[], options: EnqueueOptions = {}): Promise<IngestAccepted> {
    const requestId = options.requestId ?? currentRequestId();
    const job: IngestBatchJob = { tenantId, receivedAt: new Date().toISOString(), events, ...(requestId ? { requestId } : {}) };
    // Looked up while the job is queued, not before: the answer does not wait for one then the other.
    const duplicates = options.skipDuplicateCount ? Promise.resolve(0) : this.countKnown(tenantId, events, job.receivedAt);
    const jobOptions = {
      ...ingestJobOptions(this.config.jobAttempts),
      ...(options.jobId ? { jobId: options.jobId } : {}),
      ...(options.dropWhenCompleted ? { removeOnComplete: true } : {}),
    };
    try {
      await withTimeout(this.queue.add(INGEST_BATCH_JOB, job, jobOptions), this.config.ingestQueueTimeoutMs, 'queue add');
    } catch (err) {
      this.logger.warn(`queue unavailable: ${(err as Error).message}`);
      throw new QueueUnavailableError((err as Error).message);
    }
    const source = options.source ?? { kind: 'api' };
    this.metrics?.ingested(tenantId, source.kind, events.length);
    const [known] = await Promise.all([duplicates, this.activity.recordAccepted(tenantId, source, events.length)]);
    return { accepted: events.length, duplicates: known };
  }

  /**
   * Best effort (the database decides exactly-once later): repeats inside the request plus ids already
   * stored by an earlier request. The lookup runs while the job is being queued, so a busy pool could
   * let this request's own events be applied first: those carry its `receivedAt` and are not counted.
   */
  private async countKnown(tenantId: string, events: IngestEvent[], receivedAt: string): Promise<number> {
    const ids = events.map((e) => e.eventId);
    const unique = new Set(ids);
    let known = 0;
    try {
      const rows = (await withTimeout(
        // One primary-key probe per id, through a LATERAL its LIMIT keeps from being flattened: planned as
        // `event_id = ANY(…)` on statistics that lagged the table (a young table, a tenant new in it), the
        // lookup read every event of the tenant — 35 ms at 30,000 events, and growing with them.
        this.ds.query(
          `SELECT count(*)::int AS n FROM unnest($2::text[]) AS x(id)
            CROSS JOIN LATERAL (SELECT 1 FROM events WHERE tenant_id = $1 AND event_id = x.id AND received_at < $3 LIMIT 1) e`,
          [tenantId, [...unique], receivedAt],
        ),
        500,
        'duplicate lookup',
      )) as { n: number }[];
      known = rows[0]?.n ?? 0;
    } catch {
      // PostgreSQL being slow or away must not stop ingest: the events are still queued safely.
    }
    return ids.length - unique.size + known;
  }
}
