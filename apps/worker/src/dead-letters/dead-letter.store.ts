/**
 * Keeps batches that failed all their retries in PostgreSQL. If PostgreSQL itself is what failed,
 * the job stays in BullMQ's failed set (kept 7 days) and the admin endpoint counts it there.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DeadLetterEntity, type IngestBatchJob } from '@leadboard/server';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';

@Injectable()
export class DeadLetterStore {
  private readonly logger = new Logger(DeadLetterStore.name);

  constructor(private readonly ds: DataSource) {}

  async keep(job: Job<IngestBatchJob>, err: Error): Promise<void> {
    try {
      await this.ds.getRepository(DeadLetterEntity).insert({
        tenantId: job.data.tenantId,
        jobId: String(job.id),
        events: job.data.events,
        error: err.stack ?? err.message,
        attempts: job.attemptsMade,
      });
    } catch (e) {
      this.logger.error(`could not store dead letter for job ${job.id}; it remains in the failed set: ${(e as Error).message}`);
    }
  }
}
