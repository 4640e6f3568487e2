import { Controller, Get, Inject, Res, type OnModuleDestroy } from '@nestjs/common';
import { healthLiveSchema, healthReadySchema, type HealthReady } from '@leadboard/contracts';
import { APP_CONFIG, createRedis, type AppConfig, type RedisClient } from '@leadboard/server';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

const CHECK_TIMEOUT_MS = 1500;
type State = 'up' | 'down';

/**
 * live: the process answers; ready: PostgreSQL and Redis answer too (a load balancer's signal).
 * `ready` says which dependency is down and nothing more: no error text, host or version.
 */
@Controller('health')
@ApiTags('Operations')
export class HealthController implements OnModuleDestroy {
  private readonly redis: RedisClient;

  constructor(
    private readonly ds: DataSource,
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

  /** 200 `{status: 'ok', postgres: 'up', redis: 'up'}`, or 503 with `status: 'error'` and the one(s) down. */
  @Get('ready')
  @ApiDoc({
    summary: 'PostgreSQL and Redis answer too (a load balancer\'s readiness probe)',
    response: healthReadySchema,
    errors: { 503: { schema: healthReadySchema, description: 'PostgreSQL or Redis does not answer: the one(s) `down` are named, with no error text.' } },
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthReady> {
    const [postgres, redis] = await Promise.all([up(this.ds.query('SELECT 1')), up(this.redis.ping())]);
    const ok = postgres === 'up' && redis === 'up';
    if (!ok) res.status(503);
    return { status: ok ? 'ok' : 'error', postgres, redis };
  }

  /**
   * disconnect(), not quit(): a producer connection has no offline queue, so quit() fails while it is
   * still connecting, and the connection, once up, kept the process from exiting.
   */
  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

async function up(check: Promise<unknown>): Promise<State> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)));
  try {
    await Promise.race([check, timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
