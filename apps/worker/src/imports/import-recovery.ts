/**
 * Queues again imports stored but never queued (the API stopped between its commit and its
 * `queue.add`), one `import-recovery` tick every IMPORT_RECOVERY_INTERVAL_MS (MaintenanceProcessor).
 * Harmless for the others, and when two ticks meet: an import's job id is fixed, and BullMQ ignores an
 * add for a job it still holds. Tenant by tenant, each in its own scope (the tenant walls' narrow path
 * for system jobs).
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, IMPORT_FILE_JOB, IMPORTS_QUEUE, ImportRepository, TenantDatabase, importJobOptions, type AppConfig, type ImportFileJob } from '@leadboard/server';
import type { Queue } from 'bullmq';

/** How old a queued import must be before it is considered lost. */
export const IMPORT_RECOVERY_AFTER_MS = 60_000;

@Injectable()
export class ImportRecovery {
  constructor(
    private readonly imports: ImportRepository,
    private readonly tenants: TenantDatabase,
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue<ImportFileJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns how many imports were queued again. A failure fails the tick once every tenant was tried (the next one retries). */
  async sweep(now: Date = new Date()): Promise<number> {
    let requeued = 0;
    const run = await this.tenants.inEachTenantScope(async (tenantId) => {
      const lost = await this.imports.queuedBefore(tenantId, new Date(now.getTime() - IMPORT_RECOVERY_AFTER_MS));
      for (const i of lost) {
        await this.queue.add(IMPORT_FILE_JOB, { tenantId: i.tenantId, importId: i.id }, importJobOptions(i.id, this.config.jobAttempts));
        requeued++;
      }
    });
    if (run.failed.length) throw new Error(`import recovery failed for ${run.failed.length} tenant(s): ${run.failed[0].error.message}`);
    return requeued;
  }
}
