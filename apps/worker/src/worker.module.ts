import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ALERTS_QUEUE, APP_CONFIG, AppConfigModule, CALLBACKS_QUEUE, EVENTS_QUEUE, EventIngestor, IMPORTS_QUEUE, ImportRepository, MAINTENANCE_QUEUE, ObservabilityModule, SourceActivity, TenantDatabase, appDataSourceOptions, initializeAppDataSource, pinoOptions, queueConnection, type AppConfig } from '@leadboard/server';
import { META_LEADS_QUEUE, MetaGraphClient, MetaSourceStore } from '@leadboard/server';
import { LoggerModule } from 'nestjs-pino';
import { AlertEvaluationProcessor } from './alerts/alert-evaluation.processor';
import { AlertEvaluator } from './alerts/alert-evaluator';
import { CallbackScanProcessor } from './callbacks/callback-scan.processor';
import { CallbackScanner } from './callbacks/callback-scanner';
import { DeadLetterStore } from './dead-letters/dead-letter.store';
import { EventBatchProcessor } from './events/event-batch.processor';
import { engineProviders } from './events/engine.providers';
import { ImportFileProcessor } from './imports/import-file.processor';
import { ImportProgress } from './imports/import-progress';
import { ImportRecovery } from './imports/import-recovery';
import { ImportRunner } from './imports/import-runner';
import { MetaLeadFetchProcessor } from './integrations/meta-lead-fetch.processor';
import { MetaLeadFetcher } from './integrations/meta-lead-fetcher';
import { LivePublisher } from '@leadboard/server';
import { MetricsCoalescer } from './live/metrics-coalescer';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { StatsRetention } from './maintenance/stats-retention';
import { WorkerMetrics } from './observability/worker-metrics';
import { WorkerMetricsServer } from './observability/worker-metrics.server';
import { PrivacyRetention } from './privacy/privacy-retention';
import { PriorityDecay } from './priority/priority-decay';

@Module({
  imports: [
    AppConfigModule,
    // JSON logs; no HTTP here, so only the logger (libs/server's log-options.ts says what never goes in).
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => ({ pinoHttp: pinoOptions(config, 'worker') }) }),
    ObservabilityModule,
    // As leadboard_app, every statement walled to the job's tenant (docs/SECURITY.md, "Tenant walls").
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => appDataSourceOptions(config, Math.max(config.workerConcurrency, config.engineSetsInFlight) + 2),
      dataSourceFactory: (options) => initializeAppDataSource(options!),
    }),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: queueConnection(config.redisUrl, 'worker'), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue({ name: EVENTS_QUEUE }, { name: MAINTENANCE_QUEUE }, { name: META_LEADS_QUEUE }, { name: IMPORTS_QUEUE }, { name: ALERTS_QUEUE }, { name: CALLBACKS_QUEUE }),
  ],
  providers: [TenantDatabase, EventBatchProcessor, ...engineProviders, LivePublisher, MetricsCoalescer, DeadLetterStore, AlertEvaluator, CallbackScanner, StatsRetention, PrivacyRetention, PriorityDecay,
    // the scheduled jobs (docs/ARCHITECTURE.md, "Scheduled jobs")
    AlertEvaluationProcessor, CallbackScanProcessor, MaintenanceProcessor,
    // what the integrations and CSV imports need of the ingest path
    EventIngestor, SourceActivity,
    MetaSourceStore, MetaGraphClient, MetaLeadFetcher, MetaLeadFetchProcessor,
    ImportRepository, ImportProgress, ImportRunner, ImportFileProcessor, ImportRecovery,
    WorkerMetrics, WorkerMetricsServer],
})
export class WorkerModule {}
