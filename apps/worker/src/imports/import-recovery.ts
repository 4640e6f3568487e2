/**
 * Queues again imports stored but never queued (the API stopped between its commit and its
 * `queue.add`), one `import-recovery` tick every IMPORT_RECOVERY_INTERVAL_MS (MaintenanceProcessor).
 * Harmless for the others, and when two ticks meet: an import's job id is fixed, and BullMQ ignores an
 * add for a job it still holds.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, IMPORT_FILE_JOB, IMPORTS_QUEUE, ImportRepository, importJobOptions, type AppConfig, type ImportFileJob } from '@leadboard/server';
import type { Queue } from 'bullmq';

/** How old a queued import must be before it is considered lost. */
export const IMPORT_RECOVERY_AFTER_MS = 60_000;

@Injectable()
export class ImportRecovery {
  constructor(
    private readonly imports: ImportRepository,
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue<ImportFileJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns how many imports were queued again. A failure fails the tick (the next one retries). */
  async sweep(now: Date = new Date()): Promise<number> {
    const lost = await this.imports.queuedBefore(new Date(now.getTime() - IMPORT_RECOVERY_AFTER_MS));
    for (const i of lost) {
      await this.queue.add(IMPORT_FILE_JOB, { tenantId: i.tenantId, importId: i.id }, importJobOptions(i.id, this.config.jobAttempts));
    }
    return lost.length;
  }
}
