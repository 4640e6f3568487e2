/**
 * Pushes the worker's results to dashboards through socket.io's Redis emitter: the worker is not
 * the API process, and the API nodes relay what arrives on their Redis adapter to their sockets.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { LIVE_NAMESPACE, liveRooms, type AlertMessage, type LiveServerEvents, type MetricsMessage, type OperatorMessage, type ReassignedMessage, type TransitionMessage } from '@leadboard/contracts';
import { APP_CONFIG, createRedis, socketIoRedisKey, type AppConfig } from '@leadboard/server';
import { Emitter } from '@socket.io/redis-emitter';
import type IORedis from 'ioredis';

@Injectable()
export class LivePublisher implements OnModuleDestroy {
  private readonly logger = new Logger(LivePublisher.name);
  private readonly redis: IORedis;
  private readonly emitter: Emitter<LiveServerEvents>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createRedis(config.redisUrl, 'client');
    this.redis.on('error', (err) => this.logger.warn(`redis (live): ${err.message}`));
    this.emitter = new Emitter<LiveServerEvents>(this.redis, { key: socketIoRedisKey(config.queuePrefix) });
  }

  private rooms(tenantId: string, campaignId: string) {
    return this.emitter.of(LIVE_NAMESPACE).to([liveRooms.campaign(tenantId, campaignId), liveRooms.tenant(tenantId)]);
  }

  transition(tenantId: string, msg: TransitionMessage): void {
    this.rooms(tenantId, msg.campaignId).emit('transition', msg);
  }

  metrics(tenantId: string, msg: MetricsMessage): void {
    this.rooms(tenantId, msg.campaignId).emit('metrics', msg);
  }

  alert(tenantId: string, msg: AlertMessage): void {
    this.rooms(tenantId, msg.campaignId).emit('alert', msg);
  }

  reassigned(tenantId: string, msg: ReassignedMessage): void {
    this.rooms(tenantId, msg.campaignId).emit('reassigned', msg);
  }

  operator(tenantId: string, msg: OperatorMessage & { campaignId: string }): void {
    this.rooms(tenantId, msg.campaignId).emit('operator', msg);
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
