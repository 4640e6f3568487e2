/**
 * The one way the API and the worker push to dashboards: the messages pushed in one turn of the event
 * loop (a set's transitions, say) are published together, as one server-side emit on the sharded
 * socket.io adapter's channel, and every API node (the one that published included) hands each
 * message to its own sockets in the rooms named, in the order pushed (`deliverLiveBatches`). Users'
 * rooms get each message whole, wall screens' rooms their copy without personal data (libs/domain's
 * liveDeliveries).
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
import { liveBatchMessage, liveBroadcastChannel, type LiveDelivery } from './live-emitter';

const LOG_EVERY_MS = 10_000;
/** At most this many messages per batch: a batch is one JSON text every API node parses at once. */
export const LIVE_BATCH_MAX = 500;

@Injectable()
export class LivePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(LivePublisher.name);
  private readonly redis: RedisClient;
  private readonly channel: string;
  private readonly inFlight = new Set<Promise<void>>();
  /** Messages pushed since the last flush, which runs once the pushing code yields (setImmediate). */
  private pending: LiveDelivery[] = [];
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

  /** Resolves once every message pushed so far was published or counted as failed (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size || this.pending.length) {
      if (this.pending.length) this.flush();
      await Promise.all([...this.inFlight]);
    }
  }

  private push<E extends keyof LiveServerEvents>(tenantId: string, campaignId: string, event: E, msg: LiveMessage<E>): void {
    for (const d of liveDeliveries(tenantId, campaignId, event, msg)) this.publish(event, d.rooms, d.msg);
  }

  private publish<E extends keyof LiveServerEvents>(event: E, rooms: string[], msg: LiveMessage<E>): void {
    // After shutdown began a push has nowhere to go (clients re-sync from a snapshot); never publish on a closed connection.
    if (this.closed) return;
    if (!this.pending.length) setImmediate(() => this.flush());
    this.pending.push([event, rooms, msg]);
  }

  /** Publishes the pending messages, LIVE_BATCH_MAX to a batch, in the order they were pushed. */
  private flush(): void {
    const deliveries = this.pending;
    this.pending = [];
    for (let i = 0; i < deliveries.length; i += LIVE_BATCH_MAX) this.publishBatch(deliveries.slice(i, i + LIVE_BATCH_MAX));
  }

  private publishBatch(batch: LiveDelivery[]): void {
    let payload: string;
    try {
      payload = liveBatchMessage(LIVE_NAMESPACE, batch);
    } catch (err) {
      // A message that cannot be written as JSON fails alone, not the batch it was in.
      if (batch.length > 1) for (const d of batch) this.publishBatch([d]);
      else this.failed(batch, err);
      return;
    }
    const done: Promise<void> = Promise.resolve()
      .then(() => this.redis.spublish(this.channel, payload))
      .then(
        () => {
          for (const [event, n] of countByEvent(batch)) this.counters.livePublished.inc({ event }, n);
        },
        (err: unknown) => this.failed(batch, err),
      )
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  private failed(batch: readonly LiveDelivery[], err: unknown): void {
    for (const [event, n] of countByEvent(batch)) this.counters.livePublishFailures.inc({ event }, n);
    this.failedSinceLog += batch.length;
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
    // What was pushed before goes out; nothing pushed from now on.
    this.closed = true;
    await this.settled();
    // QUIT waits for a connection that may never come back: only a connected client is asked politely.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis.disconnect();
  }
}

function countByEvent(batch: readonly LiveDelivery[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [event] of batch) counts.set(event, (counts.get(event) ?? 0) + 1);
  return counts;
}
