import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfigModule, EVENTS_QUEUE, EventIngestor, IMPORTS_QUEUE, ImportRepository, MAINTENANCE_QUEUE, ObservabilityModule, SourceActivity, dataSourceOptions, pinoOptions, redisOptions, type AppConfig } from '@leadboard/server';
import { META_LEADS_QUEUE, MetaGraphClient, MetaSourceStore } from '@leadboard/server';
import { LoggerModule } from 'nestjs-pino';
import { AlertEvaluator } from './alerts/alert-evaluator';
import { CallbackScheduler } from './callbacks/callback-scheduler';
import { DeadLetterStore } from './dead-letters/dead-letter.store';
import { EventBatchProcessor } from './events/event-batch.processor';
import { ImportFileProcessor } from './imports/import-file.processor';
import { ImportProgress } from './imports/import-progress';
import { ImportRecovery } from './imports/import-recovery';
import { ImportRunner } from './imports/import-runner';
import { MetaLeadFetchProcessor } from './integrations/meta-lead-fetch.processor';
import { MetaLeadFetcher } from './integrations/meta-lead-fetcher';
import { LivePublisher } from './live/live-publisher';
import { MetricsCoalescer } from './live/metrics-coalescer';
import { StatsRetention } from './maintenance/stats-retention';
import { WorkerMetrics } from './observability/worker-metrics';
import { WorkerMetricsServer } from './observability/worker-metrics.server';
import { PrivacyRetentionProcessor } from './privacy/privacy-retention.processor';
import { PriorityDecay } from './priority/priority-decay';

@Module({
  imports: [
    AppConfigModule,
    // JSON logs; no HTTP here, so only the logger (libs/server's log-options.ts says what never goes in).
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ pinoHttp: pinoOptions(config, 'worker') }) }),
    ObservabilityModule,
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config, config.workerConcurrency + 2),
    }),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl, 'worker'), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue({ name: EVENTS_QUEUE }, { name: MAINTENANCE_QUEUE }, { name: META_LEADS_QUEUE }, { name: IMPORTS_QUEUE }),
  ],
  providers: [EventBatchProcessor, LivePublisher, MetricsCoalescer, DeadLetterStore, AlertEvaluator, CallbackScheduler, StatsRetention, PrivacyRetentionProcessor, PriorityDecay,
    // what the integrations and CSV imports need of the ingest path
    EventIngestor, SourceActivity,
    MetaSourceStore, MetaGraphClient, MetaLeadFetcher, MetaLeadFetchProcessor,
    ImportRepository, ImportProgress, ImportRunner, ImportFileProcessor, ImportRecovery,
    WorkerMetrics, WorkerMetricsServer],
})
export class WorkerModule {}
