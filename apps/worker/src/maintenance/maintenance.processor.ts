/**
 * The housekeeping queue: one processor (one BullMQ worker per process) for its four job schedulers,
 * registered at start, each job handed to its service by name. One processor per queue, because
 * BullMQ gives a job to any worker of its queue: a second processor on this queue would receive
 * jobs it does not know.
 */
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, IMPORT_RECOVERY_JOB, MAINTENANCE_QUEUE, PRIORITY_DECAY_JOB, PRIVACY_RETENTION_JOB, STATS_RETENTION_JOB, type AppConfig } from '@leadboard/server';
import type { Job, Queue } from 'bullmq';
import { processorOptions } from '../common/processor-options';
import { ImportRecovery } from '../imports/import-recovery';
import { PrivacyRetention } from '../privacy/privacy-retention';
import { PriorityDecay } from '../priority/priority-decay';
import { registerJobSchedule } from '../scheduling/job-schedule';
import { StatsRetention } from './stats-retention';

@Processor(MAINTENANCE_QUEUE, processorOptions(() => ({ concurrency: 1 })))
export class MaintenanceProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly privacy: PrivacyRetention,
    private readonly stats: StatsRetention,
    private readonly imports: ImportRecovery,
    private readonly priority: PriorityDecay,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    // Retention erases personal data on a legal clock: a failed run is retried within the hour rather than at the next tick.
    void registerJobSchedule(this.queue, PRIVACY_RETENTION_JOB, this.config.retentionIntervalMs, this.logger, {
      attempts: 3,
      backoff: { type: 'exponential', delay: 60_000 },
    });
    void registerJobSchedule(this.queue, STATS_RETENTION_JOB, this.config.statsRetentionIntervalMs, this.logger);
    void registerJobSchedule(this.queue, IMPORT_RECOVERY_JOB, this.config.importRecoveryIntervalMs, this.logger);
    void registerJobSchedule(this.queue, PRIORITY_DECAY_JOB, this.config.priorityRecomputeIntervalMs, this.logger);
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case PRIVACY_RETENTION_JOB:
        return this.privacy.run();
      case STATS_RETENTION_JOB:
        return this.stats.run();
      case IMPORT_RECOVERY_JOB:
        return { requeued: await this.imports.sweep() };
      case PRIORITY_DECAY_JOB:
        return this.priority.run();
      default:
        throw new Error(`unknown job ${job.name} on queue ${MAINTENANCE_QUEUE}`);
    }
  }
}
