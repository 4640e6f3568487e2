/**
 * Coalesces `metrics` and `operator` pushes: batches mark their campaigns and operators dirty; a
 * timer recomputes each dirty campaign's metrics at most once per interval (a short Redis lock per
 * campaign keeps several worker processes from pushing the same campaign in the same interval), and
 * pushes each changed operator once with its fresh load, however many state changes came meanwhile.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, CampaignMetricsReader, campaignSequence, createRedis, runInTenantScope, type AppConfig, type RedisClient } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { LivePublisher } from '@leadboard/server';

@Injectable()
export class MetricsCoalescer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MetricsCoalescer.name);
  private readonly dirty = new Map<string, { tenantId: string; campaignId: string }>();
  private readonly dirtyOperators = new Map<string, { tenantId: string; campaignId: string; operatorIds: Set<string> }>();
  private readonly redis: RedisClient;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
    private readonly publisher: LivePublisher,
  ) {
    this.redis = createRedis(config.redisUrl, 'client');
    this.redis.on('error', (err) => this.logger.warn(`redis (metrics lock): ${err.message}`));
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.metricsPushIntervalMs);
  }

  markDirty(tenantId: string, campaignIds: string[]): void {
    for (const campaignId of campaignIds) this.dirty.set(`${tenantId}|${campaignId}`, { tenantId, campaignId });
  }

  markOperatorsDirty(tenantId: string, changes: { operatorId: string; campaignId: string }[]): void {
    for (const { operatorId, campaignId } of changes) {
      const key = `${tenantId}|${campaignId}`;
      const entry = this.dirtyOperators.get(key) ?? { tenantId, campaignId, operatorIds: new Set<string>() };
      entry.operatorIds.add(operatorId);
      this.dirtyOperators.set(key, entry);
    }
  }

  async flush(): Promise<void> {
    if (this.running || (this.dirty.size === 0 && this.dirtyOperators.size === 0)) return;
    this.running = true;
    try {
      await this.flushOperators();
      const reader = new CampaignMetricsReader(this.ds);
      for (const [key, { tenantId, campaignId }] of [...this.dirty.entries()]) {
        const lock = await this.redis
          .set(`${this.config.queuePrefix}:metrics-lock:${tenantId}:${campaignId}`, '1', 'PX', this.config.metricsPushIntervalMs, 'NX')
          .catch(() => 'OK');
        if (lock !== 'OK') continue;
        this.dirty.delete(key);
        // Each campaign's reads in its tenant's scope (the timer runs in none).
        await runInTenantScope(tenantId, async () => {
          const metrics = await reader.metrics(tenantId, campaignId);
          const [seq = 0] = await campaignSequence.block(this.ds, tenantId, campaignId, 1);
          this.publisher.metrics(tenantId, { campaignId, seq, metrics });
        });
      }
    } catch (err) {
      this.logger.warn(`metrics push failed, will retry: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private async flushOperators(): Promise<void> {
    const reader = new CampaignMetricsReader(this.ds);
    for (const [key, { tenantId, campaignId, operatorIds }] of [...this.dirtyOperators.entries()]) {
      this.dirtyOperators.delete(key);
      await runInTenantScope(tenantId, async () => {
        const changed = (await reader.operators(tenantId, campaignId)).filter((o) => operatorIds.has(o.operatorId));
        if (!changed.length) return;
        const seqs = await campaignSequence.block(this.ds, tenantId, campaignId, changed.length);
        changed.forEach((o, i) => this.publisher.operator(tenantId, { ...o, campaignId, seq: seqs[i] ?? 0 }));
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    await this.redis.quit().catch(() => undefined);
  }
}
