import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfigModule, EVENTS_QUEUE, MAINTENANCE_QUEUE, dataSourceOptions, redisOptions, type AppConfig } from '@leadboard/server';
import { AlertEvaluator } from './alerts/alert-evaluator';
import { CallbackScheduler } from './callbacks/callback-scheduler';
import { DeadLetterStore } from './dead-letters/dead-letter.store';
import { EventBatchProcessor } from './events/event-batch.processor';
import { LivePublisher } from './live/live-publisher';
import { MetricsCoalescer } from './live/metrics-coalescer';
import { StatsRetention } from './maintenance/stats-retention';
import { PrivacyRetentionProcessor } from './privacy/privacy-retention.processor';

@Module({
  imports: [
    AppConfigModule,
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config, config.workerConcurrency + 2),
    }),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl, 'worker'), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue({ name: EVENTS_QUEUE }, { name: MAINTENANCE_QUEUE }),
  ],
  providers: [EventBatchProcessor, LivePublisher, MetricsCoalescer, DeadLetterStore, AlertEvaluator, CallbackScheduler, StatsRetention, PrivacyRetentionProcessor],
})
export class WorkerModule {}
