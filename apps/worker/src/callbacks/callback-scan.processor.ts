/** The `callback-scan` tick: registers its job scheduler at start, and hands each tick to CallbackScanner. */
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, CALLBACK_SCAN_JOB, CALLBACKS_QUEUE, type AppConfig } from '@leadboard/server';
import type { Job, Queue } from 'bullmq';
import { processorOptions } from '../common/processor-options';
import { registerJobSchedule } from '../scheduling/job-schedule';
import { CallbackScanner, type ScanResult } from './callback-scanner';

@Processor(CALLBACKS_QUEUE, processorOptions(() => ({ concurrency: 1 })))
export class CallbackScanProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(CallbackScanProcessor.name);

  constructor(
    private readonly scanner: CallbackScanner,
    @InjectQueue(CALLBACKS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    void registerJobSchedule(this.queue, CALLBACK_SCAN_JOB, this.config.callbackScanIntervalMs, this.logger);
  }

  process(job: Job): Promise<ScanResult> {
    if (job.name !== CALLBACK_SCAN_JOB) throw new Error(`unknown job ${job.name} on queue ${CALLBACKS_QUEUE}`);
    return this.scanner.scan();
  }
}
