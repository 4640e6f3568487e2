import { Controller, Get, Inject, type OnModuleDestroy } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { healthLiveSchema, healthReadySchema } from '@leadboard/contracts';
import { APP_CONFIG, createRedis, type AppConfig } from '@leadboard/server';
import type IORedis from 'ioredis';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

/** live: the process answers; ready: PostgreSQL and Redis answer too (a load balancer's signal). */
@Controller('health')
@ApiTags('Operations')
export class HealthController implements OnModuleDestroy {
  private readonly redis: IORedis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = createRedis(config.redisUrl, 'producer');
    this.redis.on('error', () => undefined);
  }

  @Get('live')
  @ApiDoc({ summary: 'The process answers (a liveness probe)', response: healthLiveSchema })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiDoc({
    summary: 'PostgreSQL and Redis answer too (a load balancer\'s readiness probe)',
    response: healthReadySchema,
    errors: { 503: { schema: healthReadySchema, description: 'PostgreSQL or Redis does not answer: `error` says which.' } },
  })
  ready() {
    return this.health.check([() => this.db.pingCheck('postgres', { timeout: 1500 }), () => this.redisCheck()]);
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    try {
      await Promise.race([this.redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1500))]);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  /**
   * disconnect(), not quit(): a producer connection has no offline queue, so quit() fails while it is
   * still connecting, and the connection, once up, kept the process from exiting.
   */
  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
