/**
 * Queues again imports stored but never queued (the API stopped between its commit and its
 * `queue.add`). Harmless for the others: an import's job id is fixed, and BullMQ ignores an add
 * for a job it still holds.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, IMPORT_FILE_JOB, IMPORTS_QUEUE, ImportRepository, importJobOptions, type AppConfig, type ImportFileJob } from '@leadboard/server';
import type { Queue } from 'bullmq';

/** How old a queued import must be before it is considered lost, and how often to look. */
export const IMPORT_RECOVERY_AFTER_MS = 60_000;

@Injectable()
export class ImportRecovery implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ImportRecovery.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly imports: ImportRepository,
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue<ImportFileJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), IMPORT_RECOVERY_AFTER_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    try {
      const lost = await this.imports.queuedBefore(new Date(Date.now() - IMPORT_RECOVERY_AFTER_MS));
      for (const i of lost) {
        await this.queue.add(IMPORT_FILE_JOB, { tenantId: i.tenantId, importId: i.id }, importJobOptions(i.id, this.config.jobAttempts));
      }
      return lost.length;
    } catch (err) {
      this.logger.warn(`import recovery sweep: ${(err as Error).message}`);
      return 0;
    }
  }
}
