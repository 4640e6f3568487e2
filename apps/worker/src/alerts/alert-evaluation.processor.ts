/** The `alert-evaluation` tick: registers its job scheduler at start, and hands each tick to AlertEvaluator. */
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { ALERT_EVALUATION_JOB, ALERTS_QUEUE, APP_CONFIG, type AppConfig } from '@leadboard/server';
import type { Job, Queue } from 'bullmq';
import { processorOptions } from '../common/processor-options';
import { registerJobSchedule } from '../scheduling/job-schedule';
import { AlertEvaluator } from './alert-evaluator';

@Processor(ALERTS_QUEUE, processorOptions(() => ({ concurrency: 1 })))
export class AlertEvaluationProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(AlertEvaluationProcessor.name);

  constructor(
    private readonly evaluator: AlertEvaluator,
    @InjectQueue(ALERTS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    void registerJobSchedule(this.queue, ALERT_EVALUATION_JOB, this.config.alertEvalIntervalMs, this.logger);
  }

  async process(job: Job): Promise<{ campaigns: number }> {
    if (job.name !== ALERT_EVALUATION_JOB) throw new Error(`unknown job ${job.name} on queue ${ALERTS_QUEUE}`);
    return { campaigns: await this.evaluator.evaluateDue() };
  }
}
