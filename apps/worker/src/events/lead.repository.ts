/**
 * Leads, their campaigns' rules and their stage transitions. Every method is one statement over
 * arrays, and rows are always taken in id order, so concurrent writers lock them in one order.
 */
import { Injectable } from '@nestjs/common';
import type { Stage } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES, DEFAULT_PRIORITY_SETTINGS, type CampaignRules, type PrioritySettings } from '@leadboard/domain';
import { returnedRows, storedTarget } from '@leadboard/server';
import type { EntityManager } from 'typeorm';
import type { LeadRecord, LeadRow } from './lead-row';

/** A transition as stored, with the seq that announced it. */
export interface TransitionToStore {
  campaignId: string;
  leadId: string;
  from: Stage | null;
  to: Stage;
  at: string;
  eventId: string;
  operatorId: string | null;
  cause: string;
  seq: number;
}

export interface RemovedTransition {
  campaignId: string;
  to: Stage;
  at: string;
  operatorId: string | null;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A campaign's fold rules, and what its leads' priority is computed with (read in the same statement). */
export type CampaignSettings = CampaignRules & { priority?: PrioritySettings };

interface CampaignRulesRow {
  id: string;
  max_attempts: number;
  qualification_threshold: number;
  cooling_off_days: number;
  target: unknown;
  hot_threshold: number | null;
}

const CAMPAIGN_SETTINGS = 'id, max_attempts, qualification_threshold, cooling_off_days, target, hot_threshold';

const rulesOf = (r: CampaignRulesRow): CampaignSettings => ({
  maxAttempts: r.max_attempts,
  qualificationThreshold: r.qualification_threshold,
  coolingOffDays: r.cooling_off_days,
  priority: { target: storedTarget(r.target), hotThreshold: r.hot_threshold ?? DEFAULT_PRIORITY_SETTINGS.hotThreshold },
});

/** The `leads` columns a set writes, with their SQL types, in one place for the statement below. */
const LEAD_COLUMNS: readonly [keyof LeadRecord, string][] = [
  ['is_new', 'boolean'],
  ['campaign_id', 'text'],
  ['stage', 'text'],
  ['max_rank', 'smallint'],
  ['contacted', 'boolean'],
  ['owner_operator_id', 'text'],
  ['bant_need', 'boolean'],
  ['bant_budget', 'boolean'],
  ['bant_authority', 'boolean'],
  ['bant_timeline', 'boolean'],
  ['attempts', 'int'],
  ['no_contact_attempts', 'int'],
  ['unmapped', 'int'],
  ['source', 'text'],
  ['first_event_at', 'timestamptz'],
  ['first_call_at', 'timestamptz'],
  ['last_disposition', 'text'],
  ['callback_at', 'timestamptz'],
  ['last_event_at', 'timestamptz'],
  ['last_event_id', 'text'],
  ['stage_since', 'timestamptz'],
  ['not_interested_at', 'timestamptz'],
  ['call_codes', 'text'],
  ['event_count', 'int'],
  ['has_personal', 'boolean'],
  ['name', 'text'],
  ['phone', 'text'],
  ['email', 'text'],
  ['attributes', 'jsonb'],
  ['priority', 'smallint'],
  ['hot', 'boolean'],
  ['priority_reasons', 'jsonb'],
  ['priority_at', 'timestamptz'],
  ['priority_next_at', 'timestamptz'],
  ['row_tid', 'tid'],
];

/** The fold's columns a new lead is inserted with as they are (personal data and the rest are spelt out below). */
const FOLD_COLUMNS = [
  'stage', 'max_rank', 'contacted', 'owner_operator_id', 'bant_need', 'bant_budget', 'bant_authority', 'bant_timeline',
  'attempts', 'no_contact_attempts', 'unmapped', 'source', 'first_event_at', 'first_call_at', 'last_disposition',
  'callback_at', 'last_event_at', 'last_event_id', 'not_interested_at', 'call_codes', 'event_count', 'stage_since', 'priority', 'hot', 'priority_reasons', 'priority_at', 'priority_next_at',
];

/** The set's leads as rows: `$2` their ids, then one array per LEAD_COLUMNS entry (`$1` is the tenant). */
const LEAD_ROWS_CTE = `x AS MATERIALIZED (
   SELECT * FROM ROWS FROM (unnest($2::text[]), ${LEAD_COLUMNS.map(([, type], i) => (type === 'jsonb' ? `jsonb_array_elements($${i + 3}::jsonb)` : `unnest($${i + 3}::${type}[])`)).join(', ')})
     AS x(id, ${LEAD_COLUMNS.map(([name]) => name).join(', ')})
 )`;

/** The set's new leads, inserted whole (one row version, one entry per index); answers the ids inserted. */
const INSERT_LEADS_SQL = `WITH ${LEAD_ROWS_CTE}
 INSERT INTO leads (tenant_id, id, campaign_id, ${FOLD_COLUMNS.join(', ')}, name, phone, email, attributes, waiting_since, version)
 SELECT $1, x.id, x.campaign_id, ${FOLD_COLUMNS.map((c) => `x.${c}`).join(', ')},
        CASE WHEN x.has_personal THEN x.name END, CASE WHEN x.has_personal THEN x.phone END, CASE WHEN x.has_personal THEN x.email END,
        CASE WHEN x.has_personal THEN nullif(x.attributes, 'null'::jsonb) END, greatest(x.last_event_at, x.callback_at), 1
   FROM x ORDER BY x.id
 ON CONFLICT (tenant_id, id) DO NOTHING
 RETURNING id`;

/**
 * The set's stored leads (locked by `lock`), updated with their fold and their priority together, each found
 * where `lock` found it: its ctid, one TID fetch per row (`TID_FETCH_ONLY`). Answers the ids updated.
 */
const UPDATE_LEADS_SQL = `WITH ${LEAD_ROWS_CTE}
 UPDATE leads l SET
   stage = x.stage, max_rank = x.max_rank, contacted = x.contacted, owner_operator_id = x.owner_operator_id,
   bant_need = x.bant_need, bant_budget = x.bant_budget, bant_authority = x.bant_authority, bant_timeline = x.bant_timeline,
   attempts = x.attempts, no_contact_attempts = x.no_contact_attempts, unmapped = x.unmapped, source = x.source,
   first_event_at = x.first_event_at, first_call_at = x.first_call_at, last_disposition = x.last_disposition,
   callback_at = x.callback_at, last_event_at = x.last_event_at, last_event_id = x.last_event_id,
   not_interested_at = x.not_interested_at, call_codes = x.call_codes, event_count = x.event_count,
   name = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.name ELSE l.name END,
   phone = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.phone ELSE l.phone END,
   email = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.email ELSE l.email END,
   attributes = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN nullif(x.attributes, 'null'::jsonb) ELSE l.attributes END,
   stage_since = coalesce(x.stage_since, l.stage_since),
   priority = x.priority, hot = x.hot, priority_reasons = x.priority_reasons, priority_at = x.priority_at, priority_next_at = x.priority_next_at,
   waiting_since = greatest(x.last_event_at, x.callback_at),
   version = l.version + 1, updated_at = now()
 FROM x
 WHERE l.ctid = x.row_tid AND l.tenant_id = $1 AND l.id = x.id
 RETURNING l.id`;

/**
 * The update must fetch each locked row by its ctid. A planner that has no statistics for the table (never
 * analysed: autovacuum off, or a new tenant's first import in a table analysed before it came) takes the
 * tenant's leads for a few dozen rows and reads them all, set after set — a hash join over every lead of the
 * tenant, or a nested loop over them with the set inside: a cost that grew with the table (the largest
 * statement of `npm run bench`, lead-write-plan.spec.ts). For the update only, the scans are set aside
 * (`SET LOCAL`, undone right after), which leaves a TID fetch per row of the set as its only way in. The
 * update plans nothing else: it fires no foreign-key check (no key column changes) — an insert does, and a
 * check planned under these settings is kept by the connection (it then took milliseconds a row).
 */
const TID_FETCH_ONLY = 'SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = off';
const TID_FETCH_RESET = 'RESET enable_seqscan; RESET enable_bitmapscan; RESET enable_indexscan';

/** A lead this set saw as new was created by a concurrent set first: the set is applied again (SQLSTATE 40001). */
export class ConcurrentLeadCreation extends Error {
  readonly code = '40001';

  constructor(readonly leadIds: readonly string[]) {
    super(`lead ${leadIds.slice(0, 3).join(', ')}${leadIds.length > 3 ? ` (+${leadIds.length - 3})` : ''} was created by a concurrent set: the set is applied again`);
  }
}

/** The statements' parameters for these records, in LEAD_ROWS_CTE's order. */
function leadParams(tenantId: string, records: readonly LeadRecord[]): unknown[] {
  return [
    tenantId,
    records.map((r) => r.id),
    // jsonb columns go as one JSON array (an SQL null is a JSON null there, turned back by nullif).
    ...LEAD_COLUMNS.map(([name, type]) => (type === 'jsonb' ? JSON.stringify(records.map((r) => r[name] ?? null)) : records.map((r) => r[name]))),
  ];
}

@Injectable()
export class LeadRepository {
  /**
   * Returns every named campaign's rules, creating the campaigns not seen yet. Read first, inserted only
   * when missing: an `INSERT … ON CONFLICT DO NOTHING` on an existing campaign waits for any transaction
   * that updated its row (every set does: its `seq`) to end, which made each set of a campaign wait for
   * the commit of the set before it — two sets in flight, or two workers, then ran one after the other.
   */
  async ensureCampaigns(m: EntityManager, tenantId: string, campaignIds: readonly string[]): Promise<Map<string, CampaignSettings>> {
    const ids = [...new Set(campaignIds)].sort(byId);
    if (!ids.length) return new Map();
    const found = await this.rulesFound(m, tenantId, ids);
    const unseen = ids.filter((id) => !found.has(id));
    if (!unseen.length) return found;
    const created = (await m.query(
      `INSERT INTO campaigns (tenant_id, id, name) SELECT $1, x, x FROM unnest($2::text[]) AS x ORDER BY x
       ON CONFLICT DO NOTHING
       RETURNING ${CAMPAIGN_SETTINGS}`,
      [tenantId, unseen],
    )) as CampaignRulesRow[];
    for (const r of created) found.set(r.id, rulesOf(r));
    // Created meanwhile by a transaction that committed after this statement's snapshot: read again.
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) for (const [id, rules] of await this.rules(m, tenantId, missing)) found.set(id, rules);
    return found;
  }

  /** The campaigns' current rules (a campaign not found folds under the defaults). */
  async rules(m: EntityManager, tenantId: string, campaignIds: readonly string[]): Promise<Map<string, CampaignSettings>> {
    const found = await this.rulesFound(m, tenantId, campaignIds);
    return new Map(campaignIds.map((id): [string, CampaignSettings] => [id, found.get(id) ?? DEFAULT_CAMPAIGN_RULES]));
  }

  /** The rules of those campaigns that exist. */
  private async rulesFound(m: EntityManager, tenantId: string, campaignIds: readonly string[]): Promise<Map<string, CampaignSettings>> {
    const rows = (await m.query(`SELECT ${CAMPAIGN_SETTINGS} FROM campaigns WHERE tenant_id = $1 AND id = ANY($2::text[])`, [
      tenantId,
      [...new Set(campaignIds)],
    ])) as CampaignRulesRow[];
    return new Map(rows.map((r) => [r.id, rulesOf(r)]));
  }

  /**
   * The leads' rows, locked for the transaction (in id order): no other writer interleaves on them. Each is
   * found by its primary key in turn (a LATERAL per id, in the ids' order, which is then the lock order):
   * `id = ANY(…)` was planned on statistics that lagged the table as a scan of every lead of the tenant.
   */
  async lock(m: EntityManager, tenantId: string, leadIds: readonly string[]): Promise<LeadRow[]> {
    if (!leadIds.length) return [];
    return (await m.query(
      `SELECT l.* FROM unnest($2::text[]) AS x(id)
        CROSS JOIN LATERAL (SELECT *, ctid::text AS row_tid FROM leads WHERE tenant_id = $1 AND id = x.id FOR UPDATE) l`,
      [tenantId, [...new Set(leadIds)].sort(byId)],
    )) as LeadRow[];
  }

  /**
   * Writes the leads' new state and priority, inserting the new ones (personal data only where given,
   * and never for an erased lead). Throws `ConcurrentLeadCreation` when a lead taken as new was
   * inserted by a concurrent set first: its state here was folded without that set's events.
   */
  async write(m: EntityManager, tenantId: string, records: readonly LeadRecord[]): Promise<void> {
    if (!records.length) return;
    const sorted = [...records].sort((a, b) => byId(a.id, b.id));
    const fresh = sorted.filter((r) => r.is_new);
    const stored = sorted.filter((r) => !r.is_new);
    if (fresh.length) {
      const inserted = new Set(returnedRows<{ id: string }>(await m.query(INSERT_LEADS_SQL, leadParams(tenantId, fresh))).map((r) => r.id));
      const raced = fresh.filter((r) => !inserted.has(r.id)).map((r) => r.id);
      if (raced.length) throw new ConcurrentLeadCreation(raced);
    }
    if (stored.length) {
      await m.query(TID_FETCH_ONLY);
      const updated = returnedRows<{ id: string }>(await m.query(UPDATE_LEADS_SQL, leadParams(tenantId, stored))).length;
      // Not reached when the update failed: the transaction is rolled back then, and the settings with it.
      await m.query(TID_FETCH_RESET);
      // A locked row cannot move: one not found where it was locked is a bug, never a lead left unwritten.
      if (updated !== stored.length) throw new Error(`lead write: ${stored.length - updated} locked lead(s) not found where they were locked`);
    }
  }

  /** Deletes the leads' stored transitions (a refold writes them again); returns what they counted. */
  async removeTransitions(m: EntityManager, tenantId: string, leadIds: readonly string[]): Promise<RemovedTransition[]> {
    if (!leadIds.length) return [];
    const removed = returnedRows<{ campaign_id: string; to_stage: Stage; at: Date; operator_id: string | null }>(
      // Found lead by lead through the index, then deleted by ctid (a TID scan): the same lagging-statistics
      // plan as `lock`'s would read every transition of the tenant. The leads are locked: their rows stay put.
      await m.query(
        `DELETE FROM stage_transitions WHERE tenant_id = $1 AND ctid = ANY (ARRAY(
           SELECT t.ctid FROM unnest($2::text[]) AS x(id)
            CROSS JOIN LATERAL (SELECT ctid FROM stage_transitions WHERE tenant_id = $1 AND lead_id = x.id OFFSET 0) t))
         RETURNING campaign_id, to_stage, at, operator_id`,
        [tenantId, leadIds],
      ),
    );
    return removed.map((r) => ({ campaignId: r.campaign_id, to: r.to_stage, at: new Date(r.at).toISOString(), operatorId: r.operator_id }));
  }

  async insertTransitions(m: EntityManager, tenantId: string, transitions: readonly TransitionToStore[]): Promise<void> {
    if (!transitions.length) return;
    const col = <T>(f: (t: TransitionToStore) => T) => transitions.map(f);
    await m.query(
      `INSERT INTO stage_transitions (tenant_id, campaign_id, lead_id, from_stage, to_stage, at, event_id, operator_id, cause, seq)
       SELECT $1, x.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::bigint[])
              AS x(campaign_id, lead_id, from_stage, to_stage, at, event_id, operator_id, cause, seq)`,
      [
        tenantId,
        col((t) => t.campaignId),
        col((t) => t.leadId),
        col((t) => t.from),
        col((t) => t.to),
        col((t) => t.at),
        col((t) => t.eventId),
        col((t) => t.operatorId),
        col((t) => t.cause),
        col((t) => t.seq),
      ],
    );
  }
}
