/** Consumes the `imports` queue: one job per uploaded file, run by ImportRunner. */
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { IMPORTS_QUEUE, ImportRepository, QueueUnavailableError, SourceActivity, type ImportFileJob } from '@leadboard/server';
import { inJobTenantScope } from '../common/job-tenant-scope';
import { processorOptions } from '../common/processor-options';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ImportProgress } from './import-progress';
import { ImportInterruptedError, ImportRunner, type ImportRunResult } from './import-runner';

/**
 * A killed worker's import is retried once its lock expires; it may stall more than once in its (long)
 * life, hence more stalls allowed than BullMQ's default of one.
 */
const importProcessorOptions = processorOptions((c) => ({ concurrency: c.importConcurrency, maxStalledCount: 5 }));

/** Why an import failed, in words and without personal data (raw errors may quote a row). */
export function failureReason(err: Error): string {
  if (err instanceof UnrecoverableError) return err.message;
  if (err instanceof QueueUnavailableError) return 'the event queue was unavailable for too long';
  if (/stalled/i.test(err.message)) return 'the workers running this import stopped too many times';
  return `the import stopped on an internal error (${err.name}); see the worker log`;
}

@Processor(IMPORTS_QUEUE, importProcessorOptions)
export class ImportFileProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ImportFileProcessor.name);

  constructor(
    private readonly runner: ImportRunner,
    private readonly imports: ImportRepository,
    private readonly progress: ImportProgress,
    private readonly activity: SourceActivity,
  ) {
    super();
  }

  /** Running imports stop after their current batch and go back to the queue; then the worker closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.runner.stop();
    await this.worker.close();
  }

  async process(job: Job<ImportFileJob>, token?: string): Promise<ImportRunResult | null> {
    try {
      const result = await inJobTenantScope(job.data, () => this.runner.run(job.data.importId));
      if (result) {
        const rate = Math.round(result.rowsRead / Math.max(result.parseMs / 1000, 0.001));
        this.logger.log(
          `import ${result.importId} done: ${result.rowsRead} rows in ${(result.elapsedMs / 1000).toFixed(1)} s, read+parsed+validated at ${rate} rows/s`,
        );
      }
      return result;
    } catch (err) {
      if (err instanceof ImportInterruptedError) {
        // Back to the queue without using an attempt; the next worker resumes from the checkpoint.
        await job.moveToDelayed(Date.now() + 1000, token);
        throw new DelayedError();
      }
      throw err;
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job<ImportFileJob> | undefined, err: Error): Promise<void> {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    if (!(err instanceof UnrecoverableError) && job.attemptsMade < attempts && !/stalled/i.test(err.message)) {
      this.logger.warn(`import ${job.data.importId} attempt ${job.attemptsMade}/${attempts} failed: ${err.message}`);
      return;
    }
    const reason = failureReason(err);
    this.logger.error(`import ${job.data.importId} failed: ${err.message}`);
    // Outside process(), so outside its scope: the import's tenant is named again.
    await inJobTenantScope(job.data, async () => {
      await this.imports.fail(job.data.importId, reason);
      await this.activity.recordError(job.data.tenantId, { kind: 'csv' }, `import ${job.data.importId} failed: ${reason}`);
      await this.progress.push(job.data.importId, true);
    });
  }
}
