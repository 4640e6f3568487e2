/**
 * The alerts and the rules' hysteresis state in PostgreSQL, shared by the worker (raise, resolve,
 * hysteresis) and the API (list, acknowledge, snapshot). Methods run on whatever they are given —
 * the DataSource or a transaction's EntityManager — and never open a transaction themselves, so the
 * caller groups an alert's change with the `seq` of the message that announces it.
 *
 * What ends an alert: a rule's alert is resolved by the evaluator after two quiet evaluations
 * (acknowledged or not). A per-call alert (dnc_violation, lost_lead_called) is one past call: it is never
 * resolved automatically, and acknowledging it ends it, so "open" is `raised`, or `acknowledged` for
 * every rule but the per-call ones.
 */
import { randomUUID } from 'node:crypto';
import { PER_CALL_ALERT_RULES, type AlertListState, type AlertRule, type AlertSeverity, type AlertState, type AlertView } from '@leadboard/contracts';
import { type AlertThresholds, type HysteresisState, type RuleFinding } from '@leadboard/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../database/data-source';
import { campaignSequence } from '../sequence/sequence-allocator';

type Db = DataSource | EntityManager;

/** The per-call rules as an SQL list; the text matches the predicate of the alerts_one_open_per_rule index. */
const PER_CALL_SQL = `(${PER_CALL_ALERT_RULES.map((r) => `'${r}'`).join(', ')})`;

/** SQL for "not ended" (see the header); `a` is the alerts table's alias. */
const OPEN = `(a.state = 'raised' OR (a.state = 'acknowledged' AND a.rule NOT IN ${PER_CALL_SQL}))`;

const STATE_FILTER: Record<AlertListState, string> = {
  raised: `a.state = 'raised'`,
  acknowledged: `a.state = 'acknowledged'`,
  resolved: `a.state = 'resolved'`,
  open: OPEN,
};

/** A list answers at most this many alerts, newest first. */
export const ALERT_LIST_LIMIT = 500;

interface AlertRow {
  id: string;
  campaign_id: string;
  rule: AlertRule;
  severity: AlertSeverity;
  state: AlertState;
  message: string;
  message_key: string;
  params: Record<string, string | number> | null;
  value: number | null;
  threshold: number;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
}

const COLUMNS = `a.id, a.campaign_id, a.rule, a.severity, a.state, a.message, a.message_key, a.params, a.value, a.threshold,
                 a.raised_at, a.acknowledged_at, a.acknowledged_by, a.resolved_at`;
const RETURNING = COLUMNS.replace(/a\./g, '');

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function toAlertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    rule: r.rule,
    severity: r.severity,
    state: r.state,
    message: r.message,
    messageKey: r.message_key,
    params: r.params ?? {},
    value: r.value === null ? null : Number(r.value),
    threshold: Number(r.threshold),
    raisedAt: new Date(r.raised_at).toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: iso(r.resolved_at),
  };
}

export type AcknowledgeResult =
  | { outcome: 'acknowledged'; alert: AlertView }
  /** It was acknowledged before: nothing changed (acknowledging is idempotent). */
  | { outcome: 'unchanged'; alert: AlertView }
  | { outcome: 'resolved'; alert: AlertView }
  | { outcome: 'not_found' };

export interface CampaignToEvaluate {
  tenantId: string;
  campaignId: string;
  /** Stored overrides, to pass through the domain's resolveThresholds (anything may be in the JSON). */
  alertThresholds: Partial<AlertThresholds> | null;
}

export interface DncViolationAlert {
  campaignId: string;
  /** The call to the dnc lead. */
  eventId: string;
  finding: RuleFinding;
}

/** An alert about one call (dnc_violation, lost_lead_called): `eventId` is the call's. */
export type PerCallAlert = DncViolationAlert;

export class AlertRepository {
  constructor(private readonly db: Db) {}

  /** Newest first; `campaignIds` null means every campaign of the tenant. */
  async list(tenantId: string, opts: { state?: AlertListState; campaignIds?: string[] | null; limit?: number } = {}): Promise<AlertView[]> {
    const filter = opts.state ? STATE_FILTER[opts.state] : 'true';
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM alerts a
        WHERE a.tenant_id = $1 AND ($2::text[] IS NULL OR a.campaign_id = ANY($2::text[])) AND ${filter}
        ORDER BY a.raised_at DESC, a.id LIMIT $3`,
      [tenantId, opts.campaignIds ?? null, Math.min(opts.limit ?? ALERT_LIST_LIMIT, ALERT_LIST_LIMIT)],
    )) as AlertRow[];
    return rows.map(toAlertView);
  }

  /** The campaign's open alerts for a snapshot, newest first. */
  async openForCampaign(tenantId: string, campaignId: string): Promise<AlertView[]> {
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM alerts a
        WHERE a.tenant_id = $1 AND a.campaign_id = $2 AND a.state <> 'resolved' AND ${OPEN}
        ORDER BY a.raised_at DESC, a.id LIMIT $3`,
      [tenantId, campaignId, ALERT_LIST_LIMIT],
    )) as AlertRow[];
    return rows.map(toAlertView);
  }

  /** raised → acknowledged; an acknowledged alert is answered as it is; a resolved one is refused by the caller. */
  async acknowledge(tenantId: string, alertId: string, by: string, now: Date = new Date()): Promise<AcknowledgeResult> {
    const updated = returnedRows<AlertRow>(
      await this.db.query(
        `UPDATE alerts SET state = 'acknowledged', acknowledged_at = $3, acknowledged_by = $4, updated_at = $3
          WHERE tenant_id = $1 AND id = $2 AND state = 'raised'
          RETURNING ${RETURNING}`,
        [tenantId, alertId, now, by],
      ),
    );
    if (updated.length) return { outcome: 'acknowledged', alert: toAlertView(updated[0]) };
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM alerts a WHERE a.tenant_id = $1 AND a.id = $2`, [tenantId, alertId])) as AlertRow[];
    if (!row) return { outcome: 'not_found' };
    return { outcome: row.state === 'resolved' ? 'resolved' : 'unchanged', alert: toAlertView(row) };
  }

  /** A rule's alert, raised by the evaluator; null when the campaign already has one open for the rule. */
  async insertRaised(tenantId: string, campaignId: string, finding: RuleFinding, now: Date): Promise<AlertView | null> {
    const rows = (await this.db.query(
      `INSERT INTO alerts (id, tenant_id, campaign_id, rule, severity, state, message, message_key, params, value, threshold, raised_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'raised', $6, $7, $8::jsonb, $9, $10, $11, $11)
       ON CONFLICT (tenant_id, campaign_id, rule) WHERE state <> 'resolved' AND rule NOT IN ${PER_CALL_SQL} DO NOTHING
       RETURNING ${RETURNING}`,
      [
        randomUUID(),
        tenantId,
        campaignId,
        finding.rule,
        finding.severity,
        finding.message,
        finding.messageKey,
        JSON.stringify(finding.params),
        finding.value,
        finding.threshold,
        now,
      ],
    )) as AlertRow[];
    return rows.length ? toAlertView(rows[0]) : null;
  }

  /** One alert per violating call; a call already alerted (a redelivered batch) is skipped. */
  async insertDncViolations(tenantId: string, items: DncViolationAlert[], now: Date): Promise<AlertView[]> {
    return this.insertPerCall(tenantId, items, now);
  }

  /**
   * One alert per offending call, whatever its rule: the unique (tenant, event_id) index makes a
   * redelivered or refolded call a no-op. A call is one incident: a call both to a dnc lead and to a lost
   * one cannot happen (a lead is in one stage), so one event id never needs two alerts.
   */
  async insertPerCall(tenantId: string, items: PerCallAlert[], now: Date): Promise<AlertView[]> {
    if (!items.length) return [];
    const params: unknown[] = [tenantId, now];
    const values = items.map((v) => {
      const f = v.finding;
      params.push(randomUUID(), v.campaignId, f.rule, f.severity, f.message, f.messageKey, JSON.stringify(f.params), f.value, f.threshold, v.eventId);
      const n = params.length;
      const p = (i: number) => `$${n - 10 + i}`;
      return `(${p(1)}, $1, ${p(2)}, ${p(3)}, ${p(4)}, 'raised', ${p(5)}, ${p(6)}, ${p(7)}::jsonb, ${p(8)}, ${p(9)}, ${p(10)}, $2, $2)`;
    });
    const rows = (await this.db.query(
      `INSERT INTO alerts (id, tenant_id, campaign_id, rule, severity, state, message, message_key, params, value, threshold, event_id, raised_at, updated_at)
       VALUES ${values.join(', ')}
       ON CONFLICT (tenant_id, event_id) WHERE event_id IS NOT NULL DO NOTHING
       RETURNING ${RETURNING}`,
      params,
    )) as AlertRow[];
    return rows.map(toAlertView);
  }

  /** Resolves the campaign's open alert for a rule (raised or acknowledged); none when there was none. */
  async resolveOpen(tenantId: string, campaignId: string, rule: AlertRule, now: Date): Promise<AlertView[]> {
    const rows = returnedRows<AlertRow>(
      await this.db.query(
        `UPDATE alerts SET state = 'resolved', resolved_at = $4, updated_at = $4
          WHERE tenant_id = $1 AND campaign_id = $2 AND rule = $3 AND state <> 'resolved' AND rule NOT IN ${PER_CALL_SQL}
          RETURNING ${RETURNING}`,
        [tenantId, campaignId, rule, now],
      ),
    );
    return rows.map(toAlertView);
  }

  /** The rules' hysteresis state; a rule without a row is at the initial state. */
  async loadHysteresis(tenantId: string, campaignId: string): Promise<Map<AlertRule, HysteresisState>> {
    const rows = (await this.db.query(
      `SELECT rule, raised, true_streak, false_streak FROM alert_hysteresis WHERE tenant_id = $1 AND campaign_id = $2`,
      [tenantId, campaignId],
    )) as { rule: AlertRule; raised: boolean; true_streak: number; false_streak: number }[];
    return new Map(rows.map((r) => [r.rule, { raised: r.raised, trueStreak: r.true_streak, falseStreak: r.false_streak }]));
  }

  async saveHysteresis(tenantId: string, campaignId: string, states: { rule: AlertRule; state: HysteresisState }[]): Promise<void> {
    if (!states.length) return;
    await this.db.query(
      `INSERT INTO alert_hysteresis (tenant_id, campaign_id, rule, raised, true_streak, false_streak, updated_at)
       SELECT $1, $2, r.rule, r.raised, r.true_streak, r.false_streak, now()
         FROM unnest($3::text[], $4::boolean[], $5::int[], $6::int[]) AS r(rule, raised, true_streak, false_streak)
       ON CONFLICT (tenant_id, campaign_id, rule) DO UPDATE SET
         raised = EXCLUDED.raised, true_streak = EXCLUDED.true_streak, false_streak = EXCLUDED.false_streak, updated_at = now()`,
      [
        tenantId,
        campaignId,
        states.map((s) => s.rule),
        states.map((s) => s.state.raised),
        states.map((s) => s.state.trueStreak),
        states.map((s) => s.state.falseStreak),
      ],
    );
  }

  /**
   * Campaigns to evaluate: activity since `activeSince` (an hour bucket of calls or transitions), an
   * open rule alert to resolve, or a rule raised or half-way there — of one tenant (the job goes tenant by tenant).
   */
  async campaignsToEvaluate(activeSince: Date, tenantId: string): Promise<CampaignToEvaluate[]> {
    const rows = (await this.db.query(
      `SELECT c.tenant_id, c.id, c.alert_thresholds
         FROM campaigns c
         JOIN (
           SELECT tenant_id, campaign_id FROM campaign_hour_stats WHERE tenant_id = $2 AND bucket >= date_trunc('hour', $1::timestamptz)
           UNION
           SELECT tenant_id, campaign_id FROM alerts WHERE tenant_id = $2 AND state <> 'resolved' AND rule NOT IN ${PER_CALL_SQL}
           UNION
           SELECT tenant_id, campaign_id FROM alert_hysteresis WHERE tenant_id = $2 AND (raised OR true_streak > 0)
         ) due ON due.tenant_id = c.tenant_id AND due.campaign_id = c.id
        WHERE c.tenant_id = $2
        ORDER BY c.id`,
      [activeSince, tenantId],
    )) as { tenant_id: string; id: string; alert_thresholds: Partial<AlertThresholds> | null }[];
    return rows.map((r) => ({ tenantId: r.tenant_id, campaignId: r.id, alertThresholds: r.alert_thresholds }));
  }

  /**
   * The next `count` live-channel sequence numbers of a campaign (the campaign row stays locked until
   * the caller's transaction ends, so a change and the seq that announces it commit together).
   */
  async allocateSeqs(tenantId: string, campaignId: string, count: number): Promise<number[]> {
    return campaignSequence.block(this.db, tenantId, campaignId, count);
  }
}
