/**
 * Pushes the worker's results to dashboards through socket.io's Redis emitter: the worker is not
 * the API process, and the API nodes relay what arrives on their Redis adapter to their sockets.
 * Users' rooms get each message whole, wall screens' rooms their copy without personal data.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { LIVE_NAMESPACE, liveRooms, type AccountMessage, type AlertMessage, type ImportProgressMessage, type LiveMessage, type LiveServerEvents, type MetricsMessage, type OperatorMessage, type ReassignedMessage, type TransitionMessage } from '@leadboard/contracts';
import { liveDeliveries } from '@leadboard/domain';
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

  private push<E extends keyof LiveServerEvents>(tenantId: string, campaignId: string, event: E, msg: LiveMessage<E>): void {
    // After shutdown began a push has nowhere to go (clients re-sync from a snapshot); never publish on a closed connection.
    if (this.closed) return;
    const nsp = this.emitter.of(LIVE_NAMESPACE);
    for (const d of liveDeliveries(tenantId, campaignId, event, msg)) nsp.to(d.rooms).emit(event, ...([d.msg] as Parameters<LiveServerEvents[E]>));
  }

  transition(tenantId: string, msg: TransitionMessage): void {
    this.push(tenantId, msg.campaignId, 'transition', msg);
  }

  metrics(tenantId: string, msg: MetricsMessage): void {
    this.push(tenantId, msg.campaignId, 'metrics', msg);
  }

  alert(tenantId: string, msg: AlertMessage): void {
    this.push(tenantId, msg.campaignId, 'alert', msg);
  }

  reassigned(tenantId: string, msg: ReassignedMessage): void {
    this.push(tenantId, msg.campaignId, 'reassigned', msg);
  }

  account(tenantId: string, msg: AccountMessage): void {
    this.push(tenantId, msg.campaignId, 'account', msg);
  }

  operator(tenantId: string, msg: OperatorMessage & { campaignId: string }): void {
    this.push(tenantId, msg.campaignId, 'operator', msg);
  }

  /** An import concerns the whole tenant (its list may touch any campaign's page): the users' tenant room only, never wall screens. */
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
