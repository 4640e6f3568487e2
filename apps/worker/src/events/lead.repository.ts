/**
 * Leads, their campaigns' rules and their stage transitions. Every method is one statement over
 * arrays, and rows are always taken in id order, so concurrent writers lock them in one order.
 */
import { Injectable } from '@nestjs/common';
import type { Stage } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES, type CampaignRules } from '@leadboard/domain';
import { returnedRows } from '@leadboard/server';
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

interface CampaignRulesRow {
  id: string;
  max_attempts: number;
  qualification_threshold: number;
  cooling_off_days: number;
}

const rulesOf = (r: CampaignRulesRow): CampaignRules => ({ maxAttempts: r.max_attempts, qualificationThreshold: r.qualification_threshold, coolingOffDays: r.cooling_off_days });

/** The `leads` columns the fold writes, with their SQL types, in one place for the update below. */
const LEAD_COLUMNS: readonly [keyof LeadRecord, string][] = [
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
  ['has_personal', 'boolean'],
  ['name', 'text'],
  ['phone', 'text'],
  ['email', 'text'],
  ['attributes', 'jsonb'],
];

const UPDATE_LEADS_SQL = `UPDATE leads l SET
   stage = x.stage, max_rank = x.max_rank, contacted = x.contacted, owner_operator_id = x.owner_operator_id,
   bant_need = x.bant_need, bant_budget = x.bant_budget, bant_authority = x.bant_authority, bant_timeline = x.bant_timeline,
   attempts = x.attempts, no_contact_attempts = x.no_contact_attempts, unmapped = x.unmapped, source = x.source,
   first_event_at = x.first_event_at, first_call_at = x.first_call_at, last_disposition = x.last_disposition,
   callback_at = x.callback_at, last_event_at = x.last_event_at, last_event_id = x.last_event_id,
   not_interested_at = x.not_interested_at,
   name = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.name ELSE l.name END,
   phone = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.phone ELSE l.phone END,
   email = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.email ELSE l.email END,
   attributes = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN nullif(x.attributes, 'null'::jsonb) ELSE l.attributes END,
   stage_since = coalesce(x.stage_since, l.stage_since),
   version = l.version + 1, updated_at = now()
 FROM ROWS FROM (unnest($2::text[]), ${LEAD_COLUMNS.map(([, type], i) => (type === 'jsonb' ? `jsonb_array_elements($${i + 3}::jsonb)` : `unnest($${i + 3}::${type}[])`)).join(', ')})
      AS x(id, ${LEAD_COLUMNS.map(([name]) => name).join(', ')})
 WHERE l.tenant_id = $1 AND l.id = x.id`;

@Injectable()
export class LeadRepository {
  /**
   * Creates the campaigns not seen yet and returns every named campaign's rules, in one statement:
   * the existing rows come from the statement's snapshot, the new ones from the insert's RETURNING.
   */
  async ensureCampaigns(m: EntityManager, tenantId: string, campaignIds: readonly string[]): Promise<Map<string, CampaignRules>> {
    const ids = [...new Set(campaignIds)].sort(byId);
    if (!ids.length) return new Map();
    const rows = (await m.query(
      `WITH created AS (
         INSERT INTO campaigns (tenant_id, id, name) SELECT $1, x, x FROM unnest($2::text[]) AS x ORDER BY x
         ON CONFLICT DO NOTHING
         RETURNING id, max_attempts, qualification_threshold, cooling_off_days
       )
       SELECT id, max_attempts, qualification_threshold, cooling_off_days FROM campaigns WHERE tenant_id = $1 AND id = ANY($2::text[])
       UNION ALL SELECT id, max_attempts, qualification_threshold, cooling_off_days FROM created`,
      [tenantId, ids],
    )) as CampaignRulesRow[];
    const found = new Map(rows.map((r) => [r.id, rulesOf(r)]));
    // Created meanwhile by a transaction that committed after this statement's snapshot: read again.
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) for (const [id, rules] of await this.rules(m, tenantId, missing)) found.set(id, rules);
    return found;
  }

  /** The campaigns' current rules (a campaign not found folds under the defaults). */
  async rules(m: EntityManager, tenantId: string, campaignIds: readonly string[]): Promise<Map<string, CampaignRules>> {
    const rows = (await m.query(`SELECT id, max_attempts, qualification_threshold, cooling_off_days FROM campaigns WHERE tenant_id = $1 AND id = ANY($2::text[])`, [
      tenantId,
      [...new Set(campaignIds)],
    ])) as CampaignRulesRow[];
    const found = new Map(rows.map((r) => [r.id, rulesOf(r)]));
    return new Map(campaignIds.map((id) => [id, found.get(id) ?? DEFAULT_CAMPAIGN_RULES]));
  }

  /** Creates the leads not seen yet (a lead's campaign is the one its first event named). */
  async ensure(m: EntityManager, tenantId: string, leads: readonly { id: string; campaignId: string }[]): Promise<void> {
    if (!leads.length) return;
    const sorted = [...leads].sort((a, b) => byId(a.id, b.id));
    await m.query(
      `INSERT INTO leads (tenant_id, id, campaign_id)
       SELECT $1, x.id, x.campaign_id FROM unnest($2::text[], $3::text[]) AS x(id, campaign_id)
       ON CONFLICT DO NOTHING`,
      [tenantId, sorted.map((l) => l.id), sorted.map((l) => l.campaignId)],
    );
  }

  /** The leads' rows, locked for the transaction (in id order): no other writer interleaves on them. */
  async lock(m: EntityManager, tenantId: string, leadIds: readonly string[]): Promise<LeadRow[]> {
    if (!leadIds.length) return [];
    return (await m.query(`SELECT * FROM leads WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`, [
      tenantId,
      [...leadIds].sort(byId),
    ])) as LeadRow[];
  }

  /** Writes the leads' new state (personal data only where given, and never for an erased lead). */
  async write(m: EntityManager, tenantId: string, records: readonly LeadRecord[]): Promise<void> {
    if (!records.length) return;
    const sorted = [...records].sort((a, b) => byId(a.id, b.id));
    await m.query(UPDATE_LEADS_SQL, [
      tenantId,
      sorted.map((r) => r.id),
      // jsonb columns go as one JSON array (an SQL null is a JSON null there, turned back by nullif).
      ...LEAD_COLUMNS.map(([name, type]) => (type === 'jsonb' ? JSON.stringify(sorted.map((r) => r[name] ?? null)) : sorted.map((r) => r[name]))),
    ]);
  }

  /** Deletes the leads' stored transitions (a refold writes them again); returns what they counted. */
  async removeTransitions(m: EntityManager, tenantId: string, leadIds: readonly string[]): Promise<RemovedTransition[]> {
    if (!leadIds.length) return [];
    const removed = returnedRows<{ campaign_id: string; to_stage: Stage; at: Date; operator_id: string | null }>(
      await m.query(`DELETE FROM stage_transitions WHERE tenant_id = $1 AND lead_id = ANY($2::text[]) RETURNING campaign_id, to_stage, at, operator_id`, [
        tenantId,
        leadIds,
      ]),
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
