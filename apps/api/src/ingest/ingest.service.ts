/**
 * Ingest: validate the whole request, then queue it as one BullMQ job (atomic: all of the
 * request or nothing). A 202 is only answered once Redis acknowledged the job.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IngestAccepted, IngestError, IngestEvent } from '@leadboard/contracts';
import { APP_CONFIG, INGEST_BATCH_JOB, EVENTS_QUEUE, ingestJobOptions, type AppConfig, type IngestBatchJob } from '@leadboard/server';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

export class QueueUnavailableError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}

@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    @InjectQueue(EVENTS_QUEUE) private readonly queue: Queue<IngestBatchJob>,
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enqueue(tenantId: string, events: IngestEvent[]): Promise<IngestAccepted> {
    const duplicates = await this.countKnown(tenantId, events);
    const job: IngestBatchJob = { tenantId, receivedAt: new Date().toISOString(), events };
    try {
      await withTimeout(this.queue.add(INGEST_BATCH_JOB, job, ingestJobOptions(this.config.jobAttempts)), this.config.ingestQueueTimeoutMs, 'queue add');
    } catch (err) {
      this.logger.warn(`queue unavailable: ${(err as Error).message}`);
      throw new QueueUnavailableError((err as Error).message);
    }
    return { accepted: events.length, duplicates };
  }

  /** Best effort (the database decides exactly-once later): repeats inside the request plus ids already stored. */
  private async countKnown(tenantId: string, events: IngestEvent[]): Promise<number> {
    const ids = events.map((e) => e.eventId);
    const unique = new Set(ids);
    let known = 0;
    try {
      const rows = (await withTimeout(
        this.ds.query('SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND event_id = ANY($2::text[])', [tenantId, [...unique]]),
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

export type { IngestError };
