/**
 * Campaign metrics read from PostgreSQL: campaign-to-date figures from the leads' derived state,
 * rolling windows from stage_transitions and the calls in events. Shared by the API (REST and
 * socket snapshots) and the worker (coalesced `metrics` pushes).
 */
import {
  CANONICAL_DISPOSITIONS,
  STAGES,
  WINDOW_NAMES,
  type CampaignMetrics,
  type OperatorView,
  type Stage,
  type StageCounts,
  type TransitionView,
  type WindowMetrics,
  type WindowName,
} from '@leadboard/contracts';
import { computeRates, emptyStageCounts, isContactDisposition } from '@leadboard/domain';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

const CONTACT_DISPOSITIONS = CANONICAL_DISPOSITIONS.filter((d) => isContactDisposition(d));

function ratio(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null;
}

function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

interface ToDateRow {
  total: string;
  contacted: string;
  prospect: string;
  opportunity: string;
  customer: string;
  attempts: string;
  unmapped: string;
  stl: string | null;
  [stage: string]: string | null;
}

export class CampaignMetricsReader {
  constructor(private readonly db: Db) {}

  async exists(tenantId: string, campaignId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM campaigns WHERE tenant_id = $1 AND id = $2', [tenantId, campaignId]);
    return rows.length > 0;
  }

  async currentSeq(tenantId: string, campaignId: string): Promise<number> {
    const rows: { seq: string }[] = await this.db.query('SELECT seq FROM campaigns WHERE tenant_id = $1 AND id = $2', [tenantId, campaignId]);
    return rows.length ? Number(rows[0].seq) : 0;
  }

  async metrics(tenantId: string, campaignId: string, now: Date = new Date()): Promise<CampaignMetrics> {
    const stageCols = STAGES.map((s) => `count(*) FILTER (WHERE stage = '${s}') AS "s_${s}"`).join(', ');
    const [row] = (await this.db.query(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE contacted OR max_rank >= 1) AS contacted,
              count(*) FILTER (WHERE max_rank >= 2) AS prospect,
              count(*) FILTER (WHERE max_rank >= 3) AS opportunity,
              count(*) FILTER (WHERE max_rank >= 4) AS customer,
              coalesce(sum(attempts), 0) AS attempts,
              coalesce(sum(unmapped), 0) AS unmapped,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_call_at - first_event_at))
                FILTER (WHERE first_call_at IS NOT NULL) AS stl,
              ${stageCols}
         FROM leads WHERE tenant_id = $1 AND campaign_id = $2`,
      [tenantId, campaignId],
    )) as ToDateRow[];
    const stages = emptyStageCounts();
    for (const s of STAGES) stages[s] = num(row[`s_${s}`]);
    const funnel = {
      new: num(row.total),
      contacted: num(row.contacted),
      prospect: num(row.prospect),
      opportunity: num(row.opportunity),
      customer: num(row.customer),
    };
    return {
      campaignId,
      asOf: now.toISOString(),
      stages,
      funnel,
      rates: computeRates(funnel),
      attemptsPerLead: ratio(num(row.attempts), funnel.new),
      speedToLeadMedianSeconds: row.stl === null ? null : Math.round(Number(row.stl) * 10) / 10,
      unmappedDispositions: num(row.unmapped),
      windows: await this.windows(tenantId, campaignId, now),
    };
  }

  private async windows(tenantId: string, campaignId: string, now: Date): Promise<Record<WindowName, WindowMetrics>> {
    const [{ today }] = (await this.db.query(
      `SELECT (date_trunc('day', $3::timestamptz AT TIME ZONE c.time_zone) AT TIME ZONE c.time_zone) AS today
         FROM campaigns c WHERE c.tenant_id = $1 AND c.id = $2
       UNION ALL SELECT date_trunc('day', $3::timestamptz) LIMIT 1`,
      [tenantId, campaignId, now.toISOString()],
    )) as { today: Date }[];
    const from: Record<WindowName, Date> = {
      '15m': new Date(now.getTime() - 15 * 60_000),
      '1h': new Date(now.getTime() - 3600_000),
      today: new Date(today),
    };
    const earliest = new Date(Math.min(...Object.values(from).map((d) => d.getTime())));
    const windowFilters = (col: string) =>
      WINDOW_NAMES.map((w, i) => `FILTER (WHERE ${col} >= $${4 + i})`);
    const f = windowFilters('at');
    const transitions = (await this.db.query(
      `SELECT to_stage, count(*) ${f[0]} AS w0, count(*) ${f[1]} AS w1, count(*) ${f[2]} AS w2
         FROM stage_transitions WHERE tenant_id = $1 AND campaign_id = $2 AND at >= $3 GROUP BY to_stage`,
      [tenantId, campaignId, earliest, ...WINDOW_NAMES.map((w) => from[w])],
    )) as { to_stage: Stage; w0: string; w1: string; w2: string }[];
    const g = windowFilters('occurred_at');
    const contactList = CONTACT_DISPOSITIONS.map((d) => `'${d}'`).join(',');
    const calls = (await this.db.query(
      `SELECT ${WINDOW_NAMES.map(
        (_, i) => `count(*) ${g[i]} AS calls${i},
          count(*) FILTER (WHERE occurred_at >= $${4 + i} AND disposition IN (${contactList})) AS contacts${i},
          count(*) FILTER (WHERE occurred_at >= $${4 + i} AND disposition = 'DROPPED') AS dropped${i},
          avg(talk_seconds + wrap_seconds) FILTER (WHERE occurred_at >= $${4 + i} AND operator_id IS NOT NULL) AS aht${i}`,
      ).join(', ')}
         FROM events WHERE tenant_id = $1 AND campaign_id = $2 AND type = 'call.outcome' AND occurred_at >= $3`,
      [tenantId, campaignId, earliest, ...WINDOW_NAMES.map((w) => from[w])],
    )) as Record<string, string | null>[];
    const c = calls[0] ?? {};
    const result = {} as Record<WindowName, WindowMetrics>;
    WINDOW_NAMES.forEach((w, i) => {
      const counts: StageCounts = emptyStageCounts();
      for (const t of transitions) counts[t.to_stage] = num(t[`w${i}` as 'w0']);
      const contacts = num(c[`contacts${i}`]);
      const dropped = num(c[`dropped${i}`]);
      const aht = c[`aht${i}`];
      result[w] = {
        from: from[w].toISOString(),
        to: now.toISOString(),
        transitions: counts,
        calls: num(c[`calls${i}`]),
        contacts,
        dropped,
        ahtSeconds: aht === null || aht === undefined ? null : Math.round(Number(aht) * 10) / 10,
        dropRate: ratio(dropped, contacts + dropped),
        prospectPerContacted: ratio(counts.prospect, contacts),
      };
    });
    return result;
  }

  async recentTransitions(tenantId: string, campaignId: string, limit = 50): Promise<TransitionView[]> {
    const rows = (await this.db.query(
      `SELECT lead_id, campaign_id, from_stage, to_stage, at, operator_id, cause, event_id
         FROM stage_transitions WHERE tenant_id = $1 AND campaign_id = $2
        ORDER BY at DESC, id DESC LIMIT $3`,
      [tenantId, campaignId, limit],
    )) as TransitionRow[];
    return rows.map(toTransitionView);
  }

  async operators(tenantId: string): Promise<OperatorView[]> {
    const rows = (await this.db.query(
      `SELECT id, name, seniority, state, state_since FROM operators WHERE tenant_id = $1 ORDER BY id`,
      [tenantId],
    )) as { id: string; name: string | null; seniority: OperatorView['seniority']; state: OperatorView['state']; state_since: Date | null }[];
    return rows.map((r) => ({
      operatorId: r.id,
      name: r.name,
      seniority: r.seniority,
      state: r.state,
      since: r.state_since ? new Date(r.state_since).toISOString() : null,
    }));
  }
}

export interface TransitionRow {
  lead_id: string;
  campaign_id: string;
  from_stage: Stage | null;
  to_stage: Stage;
  at: Date;
  operator_id: string | null;
  cause: string;
  event_id: string;
}

export function toTransitionView(r: TransitionRow): TransitionView {
  return {
    leadId: r.lead_id,
    campaignId: r.campaign_id,
    from: r.from_stage,
    to: r.to_stage,
    at: new Date(r.at).toISOString(),
    operatorId: r.operator_id,
    cause: r.cause,
    eventId: r.event_id,
  };
}
