/**
 * Campaign metrics read from the counters the worker keeps in the same transaction as the leads
 * (see migration IncrementalMetrics): a metrics request or a snapshot reads one campaign_stats row,
 * a speed-to-lead histogram (a few thousand buckets at most) and at most a day of minute buckets —
 * the same cost with 10 leads or 10 million. Shared by the API (REST, snapshots) and the worker
 * (coalesced `metrics` pushes).
 */
import {
  FUNNEL_STAGES,
  STAGES,
  WINDOW_NAMES,
  type CampaignMetrics,
  type FunnelCounts,
  type OperatorLoad,
  type OperatorView,
  type Stage,
  type StageCounts,
  type TransitionView,
  type WindowMetrics,
  type WindowName,
} from '@leadboard/contracts';
import { CLOSED_STAGES_SQL } from '../database/stage-sql';
import { computeRates, emptyFunnelCounts, emptyStageCounts } from '@leadboard/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { AccountReader } from '../accounts/account.reader';

type Db = DataSource | EntityManager;

function ratio(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null;
}

function num(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

/** Median of a histogram of (value, count) sorted by value; the mean of the two middle values for an even total. */
export function histogramMedian(buckets: { value: number; count: number }[]): number | null {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const b of buckets) {
      seen += b.count;
      if (seen > k) return b.value;
    }
    return buckets[buckets.length - 1].value;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

const MINUTE_COLUMNS = [...STAGES.map((s) => `into_${s}`), 'calls', 'contacts', 'dropped', 'handled_calls', 'handled_seconds'];

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
    const [row] = (await this.db.query('SELECT * FROM campaign_stats WHERE tenant_id = $1 AND campaign_id = $2', [tenantId, campaignId])) as Record<
      string,
      string | number
    >[];
    const stages = emptyStageCounts();
    const funnel: FunnelCounts = emptyFunnelCounts();
    for (const s of STAGES) stages[s] = num(row?.[`stage_${s}`]);
    for (const f of FUNNEL_STAGES) funnel[f] = num(row?.[`reached_${f}`]);
    const histogram = (await this.db.query(
      'SELECT seconds, leads FROM campaign_speed_to_lead WHERE tenant_id = $1 AND campaign_id = $2 AND leads > 0 ORDER BY seconds',
      [tenantId, campaignId],
    )) as { seconds: number; leads: number }[];
    return {
      campaignId,
      asOf: now.toISOString(),
      stages,
      funnel,
      rates: computeRates(funnel),
      attemptsPerLead: ratio(num(row?.attempts), funnel.new),
      speedToLeadMedianSeconds: histogramMedian(histogram.map((h) => ({ value: h.seconds, count: h.leads }))),
      unmappedDispositions: num(row?.unmapped),
      windows: await this.windows(tenantId, campaignId, now),
      knownCustomers: num(row?.known_customers),
      accounts: await new AccountReader(this.db).campaignCounts(tenantId, campaignId),
    };
  }

  /** Start of "today" in the campaign's time zone (UTC for an unknown campaign). */
  async todayStart(tenantId: string, campaignId: string | null, now: Date): Promise<Date> {
    const rows = (await this.db.query(
      `SELECT (date_trunc('day', $3::timestamptz AT TIME ZONE coalesce(
                 (SELECT time_zone FROM campaigns WHERE tenant_id = $1 AND id = $2), 'UTC')) AT TIME ZONE coalesce(
                 (SELECT time_zone FROM campaigns WHERE tenant_id = $1 AND id = $2), 'UTC')) AS today`,
      [tenantId, campaignId, now.toISOString()],
    )) as { today: Date }[];
    return new Date(rows[0].today);
  }

  /**
   * Rolling windows from minute buckets: a window counts the buckets whose minute starts at or after
   * its start rounded down to the minute (so up to 59 s more than its nominal length).
   */
  private async windows(tenantId: string, campaignId: string, now: Date): Promise<Record<WindowName, WindowMetrics>> {
    const from: Record<WindowName, Date> = {
      '15m': new Date(now.getTime() - 15 * 60_000),
      '1h': new Date(now.getTime() - 3600_000),
      today: await this.todayStart(tenantId, campaignId, now),
    };
    const floorMinute = (d: Date) => new Date(d.getTime() - (d.getTime() % 60_000));
    const params = WINDOW_NAMES.map((w) => floorMinute(from[w]).toISOString());
    const earliest = params.reduce((a, b) => (a < b ? a : b));
    const select = WINDOW_NAMES.flatMap((_, i) => MINUTE_COLUMNS.map((c) => `coalesce(sum(${c}) FILTER (WHERE bucket >= $${4 + i}), 0) AS w${i}_${c}`));
    const [sums] = (await this.db.query(
      `SELECT ${select.join(', ')} FROM campaign_minute_stats WHERE tenant_id = $1 AND campaign_id = $2 AND bucket >= $3`,
      [tenantId, campaignId, earliest, ...params],
    )) as Record<string, string>[];
    const result = {} as Record<WindowName, WindowMetrics>;
    WINDOW_NAMES.forEach((w, i) => {
      const v = (c: string) => num(sums?.[`w${i}_${c}`]);
      const transitions: StageCounts = emptyStageCounts();
      for (const s of STAGES) transitions[s as Stage] = v(`into_${s}`);
      const contacts = v('contacts');
      const dropped = v('dropped');
      const handled = v('handled_calls');
      result[w] = {
        from: from[w].toISOString(),
        to: now.toISOString(),
        transitions,
        calls: v('calls'),
        contacts,
        dropped,
        ahtSeconds: handled > 0 ? Math.round((v('handled_seconds') / handled) * 10) / 10 : null,
        dropRate: ratio(dropped, contacts + dropped),
        prospectPerContacted: ratio(transitions.prospect, contacts),
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

  /** The tenant's operators with their load; `campaignId` limits open leads and callbacks to one campaign and sets "today". */
  async operators(tenantId: string, campaignId: string | null = null, now: Date = new Date()): Promise<OperatorView[]> {
    const today = await this.todayStart(tenantId, campaignId, now);
    const todayHour = new Date(today.getTime() - (today.getTime() % 3_600_000));
    const [operators, hours, open, callbacks] = await Promise.all([
      this.db.query(`SELECT id, name, seniority, state, state_since FROM operators WHERE tenant_id = $1 ORDER BY id`, [tenantId]) as Promise<
        { id: string; name: string | null; seniority: OperatorView['seniority']; state: OperatorView['state']; state_since: Date | null }[]
      >,
      this.db.query(
        `SELECT operator_id, sum(calls) AS calls, sum(talk_seconds) AS talk, sum(prospects) AS prospects, sum(customers) AS customers,
                sum(logged_in_seconds) AS logged_in, sum(busy_seconds) AS busy
           FROM operator_hour_stats WHERE tenant_id = $1 AND bucket >= $2 GROUP BY operator_id`,
        [tenantId, todayHour],
      ) as Promise<Record<string, string>[]>,
      this.db.query(
        `SELECT operator_id, stage, sum(leads) AS leads FROM operator_lead_counts
          WHERE tenant_id = $1 AND ($2::text IS NULL OR campaign_id = $2) AND leads <> 0 GROUP BY operator_id, stage`,
        [tenantId, campaignId],
      ) as Promise<{ operator_id: string; stage: Stage; leads: string }[]>,
      this.db.query(
        `SELECT owner_operator_id AS operator_id, count(*) AS n FROM leads
          WHERE tenant_id = $1 AND owner_operator_id IS NOT NULL AND callback_at IS NOT NULL AND callback_at <= $3
            AND ($2::text IS NULL OR campaign_id = $2) AND stage NOT IN ${CLOSED_STAGES_SQL}
          GROUP BY owner_operator_id`,
        [tenantId, campaignId, now.toISOString()],
      ) as Promise<{ operator_id: string; n: string }[]>,
    ]);
    const hoursBy = new Map(hours.map((h) => [h.operator_id, h]));
    const callbacksBy = new Map(callbacks.map((c) => [c.operator_id, num(c.n)]));
    const openBy = new Map<string, Partial<StageCounts>>();
    for (const o of open) openBy.set(o.operator_id, { ...openBy.get(o.operator_id), [o.stage]: num(o.leads) });
    return operators.map((r) => {
      const h = hoursBy.get(r.id);
      const sinceMs = r.state_since ? new Date(r.state_since).getTime() : null;
      // The state in progress counts too, from the later of its start and the start of today.
      const ongoing = sinceMs === null ? 0 : Math.max(0, (now.getTime() - Math.max(sinceMs, today.getTime())) / 1000);
      const loggedIn = num(h?.logged_in) + (r.state !== 'offline' ? ongoing : 0);
      const busy = num(h?.busy) + (r.state === 'on_call' || r.state === 'wrap_up' ? ongoing : 0);
      const load: OperatorLoad = {
        timeInStateSeconds: sinceMs === null ? null : Math.max(0, Math.round((now.getTime() - sinceMs) / 1000)),
        occupancy: loggedIn > 0 ? Math.round((busy / loggedIn) * 10_000) / 10_000 : null,
        callsToday: num(h?.calls),
        talkSecondsToday: num(h?.talk),
        prospectsToday: num(h?.prospects),
        customersToday: num(h?.customers),
        openLeads: openBy.get(r.id) ?? {},
        callbacksDue: callbacksBy.get(r.id) ?? 0,
        asOf: now.toISOString(),
      };
      return {
        operatorId: r.id,
        name: r.name,
        seniority: r.seniority,
        state: r.state,
        since: r.state_since ? new Date(r.state_since).toISOString() : null,
        load,
      };
    });
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
