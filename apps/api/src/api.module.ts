import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfigModule, EVENTS_QUEUE, EventIngestor, SourceActivity, dataSourceOptions, redisOptions, type AppConfig } from '@leadboard/server';
import { AccessModule } from './access/access.module';
import { AdminController } from './admin/admin.controller';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { AuthModule } from './auth/auth.module';
import { CampaignSettingsController } from './campaigns/campaign-settings.controller';
import { CampaignSettingsService } from './campaigns/campaign-settings.service';
import { HealthController } from './health/health.controller';
import { IngestController } from './ingest/ingest.controller';
import { InsightsController } from './insights/insights.controller';
import { LiveGateway } from './live/live.gateway';
import { PrivacyModule } from './privacy/privacy.module';
import { SubscribeThrottle } from './rate-limits/subscribe-throttle';
import { ReadController } from './read/read.controller';
import { ReadModelService } from './read/read-model.service';
import { ReassignmentController } from './reassignment/reassignment.controller';
import { REASSIGNMENT_PROVIDERS } from './reassignment/reassignment.providers';

@Module({
  imports: [
    AppConfigModule,
    TypeOrmModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => dataSourceOptions(config, 10) }),
    // Producer connections fail fast when Redis is away, so ingest can answer 503 at once.
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ connection: redisOptions(config.redisUrl, 'producer'), prefix: config.queuePrefix }),
    }),
    BullModule.registerQueue({ name: EVENTS_QUEUE }),
    AuthModule,
    AccessModule,
    PrivacyModule,
  ],
  controllers: [IngestController, InsightsController, ReadController, AdminController, HealthController, AlertsController, CampaignSettingsController, ReassignmentController],
  providers: [SubscribeThrottle, EventIngestor, SourceActivity, ReadModelService, LiveGateway, AlertsService, CampaignSettingsService, ...REASSIGNMENT_PROVIDERS],
})
export class ApiModule {}
