/**
 * The operator's tools, in one module the API imports: JSON logs with request ids, Prometheus
 * `/metrics`, the API reference (`/api/docs`), the queue UI (`/admin/queues`) and the built dashboard.
 * The order matters: the logging and metrics middleware must see every request, so they come first,
 * and the dashboard's catch-all comes last.
 */
import { Module } from '@nestjs/common';
import { ObservabilityModule } from '@leadboard/server';
import { DashboardStaticModule } from '../dashboard/dashboard-static.module';
import { ApiLoggerModule } from '../logging/api-logger.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ApiDocsModule } from '../openapi/api-docs.module';
import { QueueBoardModule } from '../queue-board/queue-board.module';

@Module({
  imports: [ObservabilityModule, ApiLoggerModule, MetricsModule, ApiDocsModule, QueueBoardModule, DashboardStaticModule],
})
export class OperationsModule {}
