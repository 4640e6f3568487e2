/**
 * Raises and resolves alerts (domain page, "Alerts"). Once per ALERT_EVAL_INTERVAL_MS (the
 * `alert-evaluation` job scheduler, AlertEvaluationProcessor: one tick across all workers) each campaign
 * with activity in the last 24 h — or with an open alert or a rule raised or half-way there — is
 * evaluated: its figures are read (AlertInputsReader), judged by the domain's rules, stepped through the
 * hysteresis kept in PostgreSQL, and what changes is stored and pushed with the campaign's next seq.
 *
 * dnc violations skip all that: the event applier stores one per call, at once, with the call.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { AlertMessage, AlertRule, AlertView } from '@leadboard/contracts';
import {
  INITIAL_HYSTERESIS,
  evaluateCampaignRules,
  resolveThresholds,
  stepHysteresis,
  type HysteresisState,
} from '@leadboard/domain';
import { AlertInputsReader, AlertRepository, TenantDatabase, type CampaignToEvaluate } from '@leadboard/server';
import { DataSource, type EntityManager } from 'typeorm';
import { LivePublisher } from '@leadboard/server';

const ACTIVITY_WINDOW_MS = 24 * 3600_000;

const sameHysteresis = (a: HysteresisState, b: HysteresisState) =>
  a.raised === b.raised && a.trueStreak === b.trueStreak && a.falseStreak === b.falseStreak;

@Injectable()
export class AlertEvaluator {
  private readonly logger = new Logger(AlertEvaluator.name);
  private readonly tenants: TenantDatabase;

  constructor(
    private readonly ds: DataSource,
    private readonly publisher: LivePublisher,
  ) {
    this.tenants = new TenantDatabase(ds);
  }

  /**
   * One tick: every due campaign, tenant by tenant, each tenant's work in its own scope (the walls'
   * narrow path for system jobs); a campaign or a tenant that fails is logged and left to the next tick.
   * Returns the campaigns evaluated.
   */
  async evaluateDue(now: Date = new Date()): Promise<number> {
    let evaluated = 0;
    const run = await this.tenants.inEachTenantScope(async (tenantId) => {
      const due = await new AlertRepository(this.ds).campaignsToEvaluate(new Date(now.getTime() - ACTIVITY_WINDOW_MS), tenantId);
      for (const campaign of due) {
        try {
          await this.evaluateCampaign(campaign, now);
          evaluated++;
        } catch (err) {
          this.logger.warn(`alerts of campaign ${campaign.campaignId} (tenant ${campaign.tenantId}) not evaluated: ${(err as Error).message}`);
        }
      }
    });
    for (const f of run.failed) this.logger.warn(`alerts of tenant ${f.tenantId} not evaluated: ${f.error.message}`);
    return evaluated;
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

  /** Serialises evaluations of one campaign (a tick overrunning its interval meets the next one) without blocking the applier. */
  private async lockCampaign(m: EntityManager, tenantId: string, campaignId: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`alerts:${tenantId}:${campaignId}`]);
  }
}
