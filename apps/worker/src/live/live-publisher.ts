/**
 * Pushes the worker's results to dashboards through socket.io's Redis emitter: the worker is not
 * the API process, and the API nodes relay what arrives on their Redis adapter to their sockets.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { LIVE_NAMESPACE, liveRooms, type AlertMessage, type ImportProgressMessage, type LiveServerEvents, type MetricsMessage, type OperatorMessage, type ReassignedMessage, type TransitionMessage } from '@leadboard/contracts';
import { APP_CONFIG, createRedis, socketIoRedisKey, type AppConfig } from '@leadboard/server';
import { Emitter } from '@socket.io/redis-emitter';
import type IORedis from 'ioredis';

@Injectable()
export class LivePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(LivePublisher.name);
  private readonly redis: IORedis;
  private readonly emitter: Emitter<LiveServerEvents>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = createRedis(config.redisUrl, 'client');
    this.redis.on('error', (err) => this.logger.warn(`redis (live): ${err.message}`));
    this.emitter = new Emitter<LiveServerEvents>(this.redis, { key: socketIoRedisKey(config.queuePrefix) });
  }

  private closed = false;

  private rooms(tenantId: string, campaignId: string) {
    // After shutdown began a push has nowhere to go (clients re-sync from a snapshot); never publish on a closed connection.
    if (this.closed) return { emit: () => true };
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

  /** An import concerns the whole tenant (its list may touch any campaign's page): the tenant's room only. */
  importProgress(tenantId: string, msg: ImportProgressMessage): void {
    if (this.closed) return;
    this.emitter.of(LIVE_NAMESPACE).to(liveRooms.tenant(tenantId)).emit('import', msg);
  }

  /** After the processor's beforeApplicationShutdown closed the BullMQ worker: no job pushes any more. */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.redis.quit().catch(() => undefined);
  }
}
