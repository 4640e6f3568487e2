/**
 * The one way the API and the worker push to dashboards: a message is published once on Redis in the
 * sharded socket.io adapter's format, and every API node's adapter hands it to its sockets in the
 * rooms named (the API that published it included). Users' rooms get each message whole, wall
 * screens' rooms their copy without personal data (libs/domain's liveDeliveries).
 *
 * A push is best effort by design: the state is in PostgreSQL and every message carries its campaign's
 * `seq`, so a client that misses one sees the gap (or reconnects) and re-syncs from a snapshot. So
 * publishing never throws into the caller and never leaves a promise rejected unhandled: with Redis
 * away or restarting a failed publish is logged (at most once per LOG_EVERY_MS) and counted
 * (`leadboard_live_publish_failures_total`), and the connection reconnects by itself.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { LIVE_NAMESPACE, liveRooms, type AlertMessage, type ImportProgressMessage, type LiveMessage, type LiveServerEvents, type MetricsMessage, type OperatorMessage, type QueueChangedMessage, type AccountMessage, type ReassignedMessage, type TransitionMessage } from '@leadboard/contracts';
import { liveDeliveries } from '@leadboard/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LeadboardMetrics } from '../observability/leadboard-metrics';
import { createRedis, type RedisClient } from '../queue/redis-connection';
import { liveBroadcastChannel, liveBroadcastMessage } from './live-emitter';

const LOG_EVERY_MS = 10_000;

@Injectable()
export class LivePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(LivePublisher.name);
  private readonly redis: RedisClient;
  private readonly channel: string;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private lastLogged = 0;
  private failedSinceLog = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly counters: LeadboardMetrics,
  ) {
    // A `client` connection: a command gives up after one retry instead of piling up while Redis is away.
    this.redis = createRedis(config.redisUrl, 'client');
    this.redis.on('error', (err: Error) => this.warnThrottled(`redis (live): ${err.message}`));
    this.channel = liveBroadcastChannel(config.queuePrefix, LIVE_NAMESPACE);
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

  operator(tenantId: string, msg: OperatorMessage & { campaignId: string }): void {
    this.push(tenantId, msg.campaignId, 'operator', msg);
  }

  /** A B2B account changed stage (a company, no person: wall screens get it whole). */
  account(tenantId: string, msg: AccountMessage): void {
    this.push(tenantId, msg.campaignId, 'account', msg);
  }

  /** A campaign's hot-lead queue was reordered (a target change, the freshness schedule): no personal data. */
  queueChanged(tenantId: string, msg: QueueChangedMessage): void {
    this.push(tenantId, msg.campaignId, 'queue', msg);
  }

  /** An import concerns the whole tenant (its list may touch any campaign's page): the users' tenant room only, never wall screens. */
  importProgress(tenantId: string, msg: ImportProgressMessage): void {
    this.publish('import', [liveRooms.tenant(tenantId)], msg);
  }

  /** Resolves once every publish begun so far has settled (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private push<E extends keyof LiveServerEvents>(tenantId: string, campaignId: string, event: E, msg: LiveMessage<E>): void {
    for (const d of liveDeliveries(tenantId, campaignId, event, msg)) this.publish(event, d.rooms, d.msg);
  }

  private publish<E extends keyof LiveServerEvents>(event: E, rooms: string[], msg: LiveMessage<E>): void {
    // After shutdown began a push has nowhere to go (clients re-sync from a snapshot); never publish on a closed connection.
    if (this.closed) return;
    let payload: string;
    try {
      payload = liveBroadcastMessage(LIVE_NAMESPACE, rooms, event, msg);
    } catch (err) {
      this.failed(event, err);
      return;
    }
    const done: Promise<void> = Promise.resolve()
      .then(() => this.redis.spublish(this.channel, payload))
      .then(
        () => void this.counters.livePublished.inc({ event }),
        (err: unknown) => this.failed(event, err),
      )
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  private failed(event: keyof LiveServerEvents, err: unknown): void {
    this.counters.livePublishFailures.inc({ event });
    this.failedSinceLog++;
    this.warnThrottled(`live message not published (${(err as Error).message}); dashboards re-sync from seq`);
  }

  private warnThrottled(line: string): void {
    const now = Date.now();
    if (now - this.lastLogged < LOG_EVERY_MS) return;
    this.lastLogged = now;
    const failed = this.failedSinceLog;
    this.failedSinceLog = 0;
    this.logger.warn(failed > 1 ? `${line} (${failed} messages failed since the last warning)` : line);
  }

  /** After the processors' beforeApplicationShutdown closed the BullMQ workers: no job pushes any more. */
  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.settled();
    // QUIT waits for a connection that may never come back: only a connected client is asked politely.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis.disconnect();
  }
}
