/**
 * The personal-callback scheduler: every CALLBACK_SCAN_INTERVAL_MS a worker scans PostgreSQL for owned
 * callbacks that came due (pushed to the owner's dashboard) or must be released to the pool (owner
 * offline, or overdue by CALLBACK_RELEASE_AFTER_MS), and settles them (CallbackStore).
 *
 * Why a scan of PostgreSQL rather than BullMQ delayed jobs: the callback already lives on the lead
 * (`callback_at`, kept by the domain in the event applier's transaction, moved by refolds and cleared
 * by later contacts), so the scan can never disagree with it — no job to add, move or cancel, nothing
 * to lose if Redis restarts without persistence, and a worker started after an outage simply finds
 * what came due meanwhile. The partial index `leads_callbacks_owned_due` keeps the scan small.
 * A Redis key per interval lets one worker scan at a time; without Redis every worker scans, which
 * is safe (rows are locked and conditions checked again) and only costs work.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, createRedis, type AppConfig, type RedisClient } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { LivePublisher } from '../live/live-publisher';
import { CallbackStore } from './callback-store';

/** Leads settled per read; a scan reads again until fewer come back. */
const SCAN_BATCH = 500;

export interface ScanResult {
  released: number;
  due: number;
}

@Injectable()
export class CallbackScheduler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CallbackScheduler.name);
  private readonly redis: RedisClient;
  private readonly store: CallbackStore;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    ds: DataSource,
    private readonly publisher: LivePublisher,
  ) {
    this.store = new CallbackStore(ds, config.callbackReleaseAfterMs);
    this.redis = createRedis(config.redisUrl, 'client');
    this.redis.on('error', (err) => this.logger.warn(`redis (callback lock): ${err.message}`));
  }

  onModuleInit(): void {
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: Error) => this.logger.warn(`callback scan failed, next interval retries: ${err.message}`))
        .finally(() => {
          this.running = null;
          this.schedule(this.config.callbackScanIntervalMs);
        });
    }, delay);
  }

  private async tick(): Promise<void> {
    const key = `${this.config.queuePrefix}:callbacks-scan`;
    const claimed = await this.redis.set(key, String(process.pid), 'PX', this.config.callbackScanIntervalMs, 'NX').catch(() => 'OK');
    if (claimed !== 'OK') return;
    await this.scan();
  }

  /** Settles everything due at `now`, tenant by tenant, and pushes what changed. */
  async scan(now: Date = new Date()): Promise<ScanResult> {
    const total: ScanResult = { released: 0, due: 0 };
    for (;;) {
      const found = await this.store.findDue(now, SCAN_BATCH);
      const byTenant = new Map<string, string[]>();
      for (const f of found) byTenant.set(f.tenantId, [...(byTenant.get(f.tenantId) ?? []), f.leadId]);
      let settled = 0;
      for (const [tenantId, leadIds] of byTenant) {
        if (this.stopped) return total;
        const result = await this.store.settle(tenantId, leadIds, now);
        for (const msg of result.released) {
          this.logger.log(`${msg.moves.length} callback(s) of campaign ${msg.campaignId} (tenant ${tenantId}) released to the pool: ${msg.reason}`);
          this.publisher.reassigned(tenantId, msg);
          total.released += msg.moves.length;
          settled += msg.moves.length;
        }
        for (const msg of result.due) this.publisher.operator(tenantId, msg);
        total.due += result.due.length;
        settled += result.due.length;
      }
      // A full batch that settled nothing would be read again unchanged: stop, the next interval retries.
      if (found.length < SCAN_BATCH || settled === 0) return total;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.redis.quit().catch(() => undefined);
  }
}
