/**
 * Raises and resolves alerts (domain page, "Alerts"). Every ALERT_EVAL_INTERVAL_MS, on the wall-clock
 * boundaries of the interval, each campaign with activity in the last 24 h — or with an open alert or a
 * rule raised or half-way there — is evaluated once: its figures are read (AlertInputsReader), judged by
 * the domain's rules, stepped through the hysteresis kept in PostgreSQL, and what changes is stored and
 * pushed with the campaign's next seq. Several workers: all tick on the same boundaries, and a Redis key
 * per campaign and interval lets exactly one of them evaluate it.
 *
 * dnc violations skip all that: the event applier stores one per call, at once, with the call.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AlertMessage, AlertRule, AlertView } from '@leadboard/contracts';
import {
  INITIAL_HYSTERESIS,
  evaluateCampaignRules,
  resolveThresholds,
  stepHysteresis,
  type HysteresisState,
} from '@leadboard/domain';
import {
  APP_CONFIG,
  AlertInputsReader,
  AlertRepository,
  createRedis,
  type AppConfig,
  type CampaignToEvaluate,
} from '@leadboard/server';
import type IORedis from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { LivePublisher } from '../live/live-publisher';

const ACTIVITY_WINDOW_MS = 24 * 3600_000;

const sameHysteresis = (a: HysteresisState, b: HysteresisState) =>
  a.raised === b.raised && a.trueStreak === b.trueStreak && a.falseStreak === b.falseStreak;

@Injectable()
export class AlertEvaluator implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AlertEvaluator.name);
  private readonly redis: IORedis;
  private readonly interval: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
    private readonly publisher: LivePublisher,
  ) {
    this.interval = config.alertEvalIntervalMs;
    this.redis = createRedis(config.redisUrl, 'client');
    this.redis.on('error', (err) => this.logger.warn(`redis (alert lock): ${err.message}`));
  }

  onModuleInit(): void {
    this.schedule();
  }

  /** The next tick on the next boundary of the interval, so that every worker ticks at the same instants. */
  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.evaluateDue()
        .catch((err: Error) => this.logger.warn(`alert evaluation failed, next interval retries: ${err.message}`))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.interval - (Date.now() % this.interval));
  }

  /** One interval: every due campaign this worker claims first. A tick running late skips intervals, never overlaps. */
  async evaluateDue(): Promise<void> {
    const slot = Math.round(Date.now() / this.interval);
    const repo = new AlertRepository(this.ds);
    const due = await repo.campaignsToEvaluate(new Date(Date.now() - ACTIVITY_WINDOW_MS));
    for (const campaign of due) {
      if (this.stopped) return;
      if (!(await this.claim(campaign, slot))) continue;
      try {
        await this.evaluateCampaign(campaign);
      } catch (err) {
        this.logger.warn(`alerts of campaign ${campaign.campaignId} (tenant ${campaign.tenantId}) not evaluated: ${(err as Error).message}`);
      }
    }
  }

  /**
   * SET NX on a key per campaign and interval. With Redis away the worker evaluates anyway (BullMQ is
   * away too, so no events move): a duplicate evaluation is serialised by the advisory lock and can at
   * worst count one interval twice, while skipping would leave alerts stale.
   */
  private async claim(c: CampaignToEvaluate, slot: number): Promise<boolean> {
    const key = `${this.config.queuePrefix}:alert-eval:${c.tenantId}:${c.campaignId}:${slot}`;
    const ok = await this.redis.set(key, String(process.pid), 'PX', this.interval * 2, 'NX').catch(() => 'OK');
    return ok === 'OK';
  }

  /** Reads outside the transaction; judges (knowing which rules are raised), steps, stores and allocates seqs inside it; pushes after commit. */
  async evaluateCampaign(c: CampaignToEvaluate, now: Date = new Date()): Promise<AlertMessage[]> {
    const thresholds = resolveThresholds(c.alertThresholds);
    const inputs = await new AlertInputsReader(this.ds).read(c.tenantId, c.campaignId, now, thresholds);
    const messages = await this.ds.transaction(async (m) => {
      await this.lockCampaign(m, c.tenantId, c.campaignId);
      const repo = new AlertRepository(m);
      const before = await repo.loadHysteresis(c.tenantId, c.campaignId);
      // Judged once the rules' state is known: a raised rule is judged against its resolve band (docs/DOMAIN.md).
      const raised = new Set([...before].filter(([, state]) => state.raised).map(([rule]) => rule));
      const findings = evaluateCampaignRules(inputs, thresholds, raised);
      const changed: { rule: AlertRule; state: HysteresisState }[] = [];
      const alerts: AlertView[] = [];
      for (const finding of findings) {
        const previous = before.get(finding.rule) ?? INITIAL_HYSTERESIS;
        const { state, transition } = stepHysteresis(previous, finding.firing);
        if (!sameHysteresis(previous, state)) changed.push({ rule: finding.rule, state });
        if (transition === 'raise') {
          const raised = await repo.insertRaised(c.tenantId, c.campaignId, finding, now);
          if (raised) alerts.push(raised);
        } else if (transition === 'resolve') {
          alerts.push(...(await repo.resolveOpen(c.tenantId, c.campaignId, finding.rule, now)));
        }
      }
      await repo.saveHysteresis(c.tenantId, c.campaignId, changed);
      const seqs = await repo.allocateSeqs(c.tenantId, c.campaignId, alerts.length);
      return alerts.map((a, i): AlertMessage => ({ ...a, seq: seqs[i] }));
    });
    for (const msg of messages) {
      this.logger.log(`alert ${msg.state}: ${msg.message} (campaign ${msg.campaignId}, tenant ${c.tenantId})`);
      this.publisher.alert(c.tenantId, msg);
    }
    return messages;
  }

  /** Serialises evaluations of one campaign (only two workers with Redis away could race) without blocking the applier. */
  private async lockCampaign(m: EntityManager, tenantId: string, campaignId: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`alerts:${tenantId}:${campaignId}`]);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.redis.quit().catch(() => undefined);
  }
}
