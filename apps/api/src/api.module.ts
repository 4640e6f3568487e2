import { BullModule } from '@nestjs/bullmq';
import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfigModule, EVENTS_QUEUE, EventIngestor, IMPORTS_QUEUE, ImportRepository, LivePublisher, SourceActivity, appDataSourceOptions, initializeAppDataSource, queueConnection, type AppConfig } from '@leadboard/server';
import { META_LEADS_QUEUE, MetaLeadFetchQueue, MetaSourceStore } from '@leadboard/server';
import { AccessModule } from './access/access.module';
import { AdminController } from './admin/admin.controller';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { AuthModule } from './auth/auth.module';
import { AccountsModule } from './accounts/accounts.module';
import { CampaignSettingsController } from './campaigns/campaign-settings.controller';
import { CampaignSettingsService } from './campaigns/campaign-settings.service';
import { ContributionController } from './contribution/contribution.controller';
import { DispositionsController } from './dispositions/dispositions.controller';
import { DispositionsService } from './dispositions/dispositions.service';
import { HealthController } from './health/health.controller';
import { ImportPreviewService } from './imports/import-preview.service';
import { ImportUploadService } from './imports/import-upload.service';
import { ImportsController } from './imports/imports.controller';
import { IngestController } from './ingest/ingest.controller';
import { VICIDIAL_CONTROLLERS, VICIDIAL_PROVIDERS, VicidialFormBodyMiddleware } from './integrations/vicidial/vicidial.providers';
import { InsightsController } from './insights/insights.controller';
import { MetaSourcesController } from './integrations/meta/meta-sources.controller';
import { MetaWebhookController } from './integrations/meta/meta-webhook.controller';
import { MetaWebhookService } from './integrations/meta/meta-webhook.service';
import { LiveGateway } from './live/live.gateway';
import { OperationsModule } from './operations/operations.module';
import { PrivacyModule } from './privacy/privacy.module';
import { SubscribeThrottle } from './rate-limits/subscribe-throttle';
import { ReadController } from './read/read.controller';
import { ReadModelService } from './read/read-model.service';
import { HotLeadQueueController } from './priority/hot-lead-queue.controller';
import { HotLeadQueueService } from './priority/hot-lead-queue.service';
import { TargetSettingsService } from './priority/target-settings.service';
import { TargetController } from './priority/target.controller';
import { ReassignmentController } from './reassignment/reassignment.controller';
import { REASSIGNMENT_PROVIDERS } from './reassignment/reassignment.providers';
import { SourcesController } from './sources/sources.controller';
import { SOURCES_PROVIDERS } from './sources/sources.providers';

@Module({
  imports: [
    AppConfigModule,
    // As leadboard_app, every statement walled to the request's tenant (docs/SECURITY.md, "Tenant walls").
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => appDataSourceOptions(config, 10),
      dataSourceFactory: (options) => initializeAppDataSource(options!),
    }),
    // Producer connections fail fast when Redis is away, so ingest can answer 503 at once.
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: queueConnection(config.redisUrl, 'producer'), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue({ name: EVENTS_QUEUE }),
    BullModule.registerQueue({ name: META_LEADS_QUEUE }),
    BullModule.registerQueue({ name: IMPORTS_QUEUE }),
    AuthModule,
    AccessModule,
    PrivacyModule,
    OperationsModule,
    AccountsModule,
  ],
  controllers: [IngestController, InsightsController, ReadController, AdminController, HealthController, AlertsController, CampaignSettingsController, ReassignmentController, DispositionsController, ...VICIDIAL_CONTROLLERS, MetaSourcesController, MetaWebhookController, ImportsController, SourcesController, ContributionController, HotLeadQueueController, TargetController],
  providers: [SubscribeThrottle, EventIngestor, SourceActivity, ReadModelService, LiveGateway, LivePublisher, AlertsService, CampaignSettingsService, ...REASSIGNMENT_PROVIDERS, DispositionsService, ...VICIDIAL_PROVIDERS, MetaSourceStore, MetaLeadFetchQueue, MetaWebhookService, ImportRepository, ImportUploadService, ImportPreviewService, ...SOURCES_PROVIDERS, HotLeadQueueService, TargetSettingsService],
})
export class ApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // VICIdial's Agent Events Push is a form POST whose body carries the key: parsed before the guard.
    consumer.apply(VicidialFormBodyMiddleware).forRoutes({ path: 'api/v1/integrations/vicidial/agent-events', method: RequestMethod.POST });
  }
}
