/**
 * Counter deltas of one set of jobs, accumulated in memory and written at the end of the set's
 * transaction with one multi-row upsert per table (sorted keys, so concurrent workers lock rows in
 * the same order). Each lead contributes "new state minus old state"; each stored transition +1 in
 * its time bucket (−1 when a refold removes it); each new call its counts.
 */
import { FUNNEL_STAGES, STAGES, type Disposition, type FunnelStage, type Stage } from '@leadboard/contracts';
import { funnelReached, isContactDisposition, isOpenStage, type LeadState } from '@leadboard/domain';
import type { EntityManager } from 'typeorm';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Leads in these stages count in their owner's open load. */

/**
 * Speed-to-lead histogram buckets: exact to the second under 10 min, then coarser, so a campaign
 * has a few thousand buckets at most whatever its size.
 */
export function speedToLeadBucket(seconds: number): number {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 600) return s;
  if (s < 3600) return s - (s % 10);
  if (s < 86_400) return s - (s % 60);
  return s - (s % 3600);
}

function speedToLeadSeconds(s: LeadState): number | null {
  if (!s.firstCallAt || !s.firstEventAt) return null;
  return (Date.parse(s.firstCallAt) - Date.parse(s.firstEventAt)) / 1000;
}

type Counts = Record<string, number>;

function add(map: Map<string, Counts>, key: string, field: string, n: number): void {
  if (n === 0) return;
  let c = map.get(key);
  if (c === undefined) {
    c = {};
    map.set(key, c);
  }
  c[field] = (c[field] ?? 0) + n;
}

/** Bucket starts as ISO text, kept: a set books the same few buckets once or more per event. */
const bucketTexts = new Map<number, string>();
const BUCKET_TEXTS_MAX = 4096;

function bucketOf(ms: number, size: number): string {
  const start = ms - (ms % size);
  let text = bucketTexts.get(start);
  if (text === undefined) {
    if (bucketTexts.size >= BUCKET_TEXTS_MAX) bucketTexts.clear();
    text = new Date(start).toISOString();
    bucketTexts.set(start, text);
  }
  return text;
}

export class MetricDeltas {
  private readonly campaigns = new Map<string, Counts>();
  private readonly speedToLead = new Map<string, Counts>();
  private readonly minutes = new Map<string, Counts>();
  private readonly hours = new Map<string, Counts>();
  private readonly operatorHours = new Map<string, Counts>();
  private readonly openLeads = new Map<string, Counts>();

  /** A lead's contribution: `sign` −1 removes its old state, +1 adds its new one. */
  lead(campaignId: string, s: LeadState, sign: 1 | -1): void {
    add(this.campaigns, campaignId, `stage_${s.stage}`, sign);
    for (const f of funnelReached(s)) add(this.campaigns, campaignId, `reached_${f}`, sign);
    add(this.campaigns, campaignId, 'attempts', sign * s.attempts);
    add(this.campaigns, campaignId, 'unmapped', sign * s.unmapped);
    const stl = speedToLeadSeconds(s);
    if (stl !== null) add(this.speedToLead, `${campaignId}\u0000${speedToLeadBucket(stl)}`, 'leads', sign);
    if (s.ownerOperatorId && isOpenStage(s.stage)) {
      add(this.openLeads, `${s.ownerOperatorId}\u0000${campaignId}\u0000${s.stage}`, 'leads', sign);
    }
  }

  /** Open leads flagged knownCustomer: +1 when one is flagged or a flagged one reopens, −1 when a flagged one closes. */
  knownCustomers(campaignId: string, n: number): void {
    add(this.campaigns, campaignId, 'known_customers', n);
  }

  transition(campaignId: string, to: Stage, at: string, operatorId: string | null, sign: 1 | -1): void {
    const ms = Date.parse(at);
    add(this.minutes, `${campaignId}\u0000${bucketOf(ms, MINUTE)}`, `into_${to}`, sign);
    add(this.hours, `${campaignId}\u0000${bucketOf(ms, HOUR)}`, `into_${to}`, sign);
    if (operatorId && (to === 'prospect' || to === 'customer')) {
      add(this.operatorHours, `${operatorId}\u0000${bucketOf(ms, HOUR)}`, to === 'prospect' ? 'prospects' : 'customers', sign);
    }
  }

  call(campaignId: string, at: string, disposition: Disposition, operatorId: string | null, talkSeconds: number, wrapSeconds: number): void {
    const ms = Date.parse(at);
    for (const [map, size] of [
      [this.minutes, MINUTE],
      [this.hours, HOUR],
    ] as const) {
      const key = `${campaignId}\u0000${bucketOf(ms, size)}`;
      add(map, key, 'calls', 1);
      if (isContactDisposition(disposition)) add(map, key, 'contacts', 1);
      if (disposition === 'DROPPED') add(map, key, 'dropped', 1);
      if (operatorId) {
        add(map, key, 'handled_calls', 1);
        add(map, key, 'handled_seconds', talkSeconds + wrapSeconds);
      }
    }
    if (operatorId) {
      const key = `${operatorId}\u0000${bucketOf(ms, HOUR)}`;
      add(this.operatorHours, key, 'calls', 1);
      add(this.operatorHours, key, 'talk_seconds', talkSeconds);
      add(this.operatorHours, key, 'wrap_seconds', wrapSeconds);
    }
  }

  /** A stored call re-mapped (disposition table re-applied): only what its disposition counts changes. */
  remapCall(campaignId: string, at: string, from: Disposition, to: Disposition): void {
    const ms = Date.parse(at);
    const contacts = Number(isContactDisposition(to)) - Number(isContactDisposition(from));
    const dropped = Number(to === 'DROPPED') - Number(from === 'DROPPED');
    for (const [map, size] of [
      [this.minutes, MINUTE],
      [this.hours, HOUR],
    ] as const) {
      const key = `${campaignId}\u0000${bucketOf(ms, size)}`;
      add(map, key, 'contacts', contacts);
      add(map, key, 'dropped', dropped);
    }
  }

  /** Time an operator spent in a state, split over the hour buckets it spans. */
  operatorTime(operatorId: string, fromMs: number, toMs: number, loggedIn: boolean, busy: boolean): void {
    if (!loggedIn || toMs <= fromMs) return;
    for (let start = fromMs; start < toMs; ) {
      const end = Math.min(toMs, start - (start % HOUR) + HOUR);
      const key = `${operatorId}\u0000${bucketOf(start, HOUR)}`;
      const seconds = (end - start) / 1000;
      add(this.operatorHours, key, 'logged_in_seconds', seconds);
      if (busy) add(this.operatorHours, key, 'busy_seconds', seconds);
      start = end;
    }
  }

  /**
   * Writes every counter table's deltas in one statement (one data-modifying CTE per table with
   * something to add): one round trip per set instead of one per table. The CTEs' order is the
   * statement's, the same in every set, and each table's rows are sorted by key, so concurrent sets
   * still lock counter rows in one order.
   */
  async flush(m: EntityManager, tenantId: string): Promise<void> {
    const stageCols = STAGES.map((s) => `stage_${s}`);
    const reachedCols = FUNNEL_STAGES.map((s: FunnelStage) => `reached_${s}`);
    const bucketCols = [...STAGES.map((s) => `into_${s}`), 'calls', 'contacts', 'dropped', 'handled_calls', 'handled_seconds'];
    const params: unknown[] = [tenantId];
    const parts = [
      upsert(params, 'campaign_stats', ['campaign_id'], [...stageCols, ...reachedCols, 'attempts', 'unmapped', 'known_customers'], this.campaigns, ', updated_at = now()'),
      upsert(params, 'campaign_speed_to_lead', ['campaign_id', 'seconds:int'], ['leads'], this.speedToLead),
      upsert(params, 'campaign_minute_stats', ['campaign_id', 'bucket:timestamptz'], bucketCols, this.minutes),
      upsert(params, 'campaign_hour_stats', ['campaign_id', 'bucket:timestamptz'], bucketCols, this.hours),
      upsert(
        params,
        'operator_hour_stats',
        ['operator_id', 'bucket:timestamptz'],
        ['calls', 'talk_seconds', 'wrap_seconds', 'prospects', 'customers', 'logged_in_seconds', 'busy_seconds'],
        this.operatorHours,
      ),
      upsert(params, 'operator_lead_counts', ['operator_id', 'campaign_id', 'stage'], ['leads'], this.openLeads),
    ].filter((sql): sql is string => sql !== null);
    if (!parts.length) return;
    await m.query(`WITH ${parts.map((sql, i) => `u${i} AS (${sql})`).join(',\n')}\nSELECT 1`, params);
  }
}

/**
 * `INSERT … ON CONFLICT DO UPDATE SET col = col + EXCLUDED.col` for every non-zero delta of a table,
 * one typed array per column (`unnest`), rows sorted by key; its arrays are appended to `params`.
 * Null when the table has nothing to add.
 */
function upsert(params: unknown[], table: string, keySpecs: string[], valueCols: string[], deltas: Map<string, Counts>, extraSet = ''): string | null {
  const keys = keySpecs.map((k) => {
    const [name, type = 'text'] = k.split(':');
    return { name, type };
  });
  const rows = [...deltas.entries()]
    .filter(([, c]) => Object.values(c).some((v) => v !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!rows.length) return null;
  const parts = rows.map(([key]) => key.split('\u0000'));
  const columns = [...keys.map((_, i) => parts.map((p) => p[i])), ...valueCols.map((col) => rows.map(([, c]) => c[col] ?? 0))];
  const types = [...keys.map((k) => k.type), ...valueCols.map(() => 'numeric')];
  const names = [...keys.map((k) => k.name), ...valueCols];
  const first = params.length + 1;
  params.push(...columns);
  return `INSERT INTO ${table} AS t (tenant_id, ${names.join(', ')})
     SELECT $1, x.* FROM unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(', ')}) AS x(${names.join(', ')})
     ON CONFLICT (tenant_id, ${keys.map((k) => k.name).join(', ')}) DO UPDATE SET
       ${valueCols.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ')}${extraSet}`;
}
