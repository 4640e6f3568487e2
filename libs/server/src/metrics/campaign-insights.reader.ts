/**
 * Console figures: a time series from the minute buckets (bounded by the time range, not by the
 * campaign's size) and stage aging from the leads currently in `new` or `prospect` (an index range
 * per stage).
 */
import { AGING_BUCKET_BOUNDS, AGING_STAGES, type StageAging, type TimeSeries, type TimeSeriesPoint } from '@leadboard/contracts';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

export class CampaignInsightsReader {
  constructor(private readonly db: Db) {}

  async timeSeries(tenantId: string, campaignId: string, hours: number, stepMinutes: number, now: Date = new Date()): Promise<TimeSeries> {
    const stepMs = stepMinutes * 60_000;
    const end = Math.floor(now.getTime() / stepMs) * stepMs + stepMs;
    const start = end - Math.ceil((hours * 3600_000) / stepMs) * stepMs;
    const rows = (await this.db.query(
      `SELECT floor(extract(epoch FROM bucket) * 1000 / $4)::bigint * $4 AS step,
              sum(calls) AS calls, sum(contacts) AS contacts, sum(into_prospect) AS prospects,
              sum(into_customer) AS customers, sum(dropped) AS dropped
         FROM campaign_minute_stats
        WHERE tenant_id = $1 AND campaign_id = $2 AND bucket >= $3 AND bucket < $5
        GROUP BY 1`,
      [tenantId, campaignId, new Date(start).toISOString(), stepMs, new Date(end).toISOString()],
    )) as Record<string, string>[];
    const byStep = new Map(rows.map((r) => [Number(r.step), r]));
    const points: TimeSeriesPoint[] = [];
    for (let t = start; t < end; t += stepMs) {
      const r = byStep.get(t);
      const n = (k: string) => Number(r?.[k] ?? 0);
      points.push({
        at: new Date(t).toISOString(),
        calls: n('calls'),
        contacts: n('contacts'),
        prospects: n('prospects'),
        customers: n('customers'),
        dropped: n('dropped'),
        prospectPerContacted: ratio(n('prospects'), n('contacts')),
      });
    }
    return { campaignId, stepMinutes, from: new Date(start).toISOString(), to: new Date(end).toISOString(), points };
  }

  async stageAging(tenantId: string, campaignId: string, now: Date = new Date()): Promise<StageAging> {
    const rows = (await this.db.query(
      `SELECT stage, width_bucket(extract(epoch FROM $3::timestamptz - coalesce(stage_since, first_event_at)), $4::float8[]) AS b, count(*) AS n
         FROM leads WHERE tenant_id = $1 AND campaign_id = $2 AND stage = ANY($5::text[])
        GROUP BY 1, 2`,
      [tenantId, campaignId, now.toISOString(), [...AGING_BUCKET_BOUNDS], [...AGING_STAGES]],
    )) as { stage: (typeof AGING_STAGES)[number]; b: number; n: string }[];
    const empty = () => ({ leads: 0, buckets: new Array<number>(AGING_BUCKET_BOUNDS.length + 1).fill(0) });
    const stages = { new: empty(), prospect: empty() };
    for (const r of rows) {
      const i = Math.min(Math.max(Number(r.b), 0), AGING_BUCKET_BOUNDS.length);
      stages[r.stage].buckets[i] += Number(r.n);
      stages[r.stage].leads += Number(r.n);
    }
    return { campaignId, asOf: now.toISOString(), stages };
  }
}
