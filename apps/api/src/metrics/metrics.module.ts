/** Prometheus: `/metrics`, the HTTP request figures of every route, queue depths and live sockets. */
import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { EVERY_ROUTE } from '../operations/every-route';
import { ApiMetrics } from './api-metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';

// Global: its middleware then runs before that of non-global modules, and the live gateway injects ApiMetrics.
@Global()
@Module({
  controllers: [MetricsController],
  providers: [ApiMetrics, HttpMetricsMiddleware],
  exports: [ApiMetrics],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes(EVERY_ROUTE);
  }
}
