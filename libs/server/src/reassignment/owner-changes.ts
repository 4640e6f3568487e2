/**
 * What a change of a lead's owner writes besides the lead row, shared by the API (a manager's
 * reassignment) and the worker (a callback released to the pool): the counters of open leads per
 * owner, the audit trail, the campaign's `seq` for the `reassigned` push, and the push's payload.
 *
 * The caller owns the transaction and has locked the leads (FOR UPDATE, in id order). Then, in
 * the event applier's order so that concurrent writers never wait on each other in a cycle:
 * `insertAuditEntries` → `allocateCampaignSeqs` (campaign rows, in id order) → `MetricDeltas.flush`
 * (counter rows, sorted).
 */
import type { AuditAction, AuditEntry, OperatorView, ReassignedMessage, Stage } from '@leadboard/contracts';
import { initialLeadState } from '@leadboard/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { CampaignMetricsReader } from '../metrics/campaign-metrics.reader';
import { campaignSequence } from '../sequence/sequence-allocator';
import type { MetricDeltas } from '../metrics/metric-deltas';

type Db = DataSource | EntityManager;

export interface OwnerChange {
  leadId: string;
  campaignId: string;
  stage: Stage;
  fromOperatorId: string | null;
  toOperatorId: string | null;
}

export interface AuditActor {
  kind: 'user' | 'system';
  userId: string | null;
  email: string | null;
}

/**
 * The lead's old state −1 and its new state +1, as the event applier books every change. Only the
 * owner differs between the two, so every counter but the owners' open leads nets to zero (and
 * zero deltas are not written).
 */
export function addOwnerChangeDeltas(deltas: MetricDeltas, changes: readonly OwnerChange[]): void {
  for (const c of changes) {
    const state = { ...initialLeadState(), stage: c.stage };
    deltas.lead(c.campaignId, { ...state, ownerOperatorId: c.fromOperatorId }, -1);
    deltas.lead(c.campaignId, { ...state, ownerOperatorId: c.toOperatorId }, 1);
  }
}

export async function insertAuditEntries(
  m: EntityManager,
  tenantId: string,
  entry: { action: AuditAction; reason: string; actor: AuditActor; at: Date },
  changes: readonly OwnerChange[],
): Promise<void> {
  if (!changes.length) return;
  await m.query(
    `INSERT INTO audit_log (tenant_id, action, lead_id, campaign_id, from_operator_id, to_operator_id, reason, actor_kind, actor_user_id, actor_email, at)
     SELECT $1, $2, x.lead_id, x.campaign_id, x.from_id, x.to_id, $3, $4, $5, $6, $7
       FROM unnest($8::text[], $9::text[], $10::text[], $11::text[]) AS x(lead_id, campaign_id, from_id, to_id)`,
    [
      tenantId,
      entry.action,
      entry.reason,
      entry.actor.kind,
      entry.actor.userId,
      entry.actor.email,
      entry.at.toISOString(),
      changes.map((c) => c.leadId),
      changes.map((c) => c.campaignId),
      changes.map((c) => c.fromOperatorId),
      changes.map((c) => c.toOperatorId),
    ],
  );
}

/** A campaign's next seqs, from the one sequence allocator (kept under this name for its callers). */
export function allocateCampaignSeqs(m: EntityManager, tenantId: string, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  return campaignSequence.take(m, tenantId, counts);
}

/** Changes grouped by campaign, campaigns in id order. */
export function groupByCampaign<T extends { campaignId: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0))) {
    const list = map.get(item.campaignId) ?? [];
    list.push(item);
    map.set(item.campaignId, list);
  }
  return map;
}

/**
 * The `reassigned` message of each campaign, read after the commit: the moves, and the operators
 * whose load changed with their load for that campaign (what a dashboard shows next to the leads).
 */
export async function reassignedMessages(
  db: Db,
  tenantId: string,
  changes: readonly OwnerChange[],
  seqs: ReadonlyMap<string, number>,
  meta: { action: AuditAction; reason: string; by: ReassignedMessage['by']; at: Date },
): Promise<ReassignedMessage[]> {
  const reader = new CampaignMetricsReader(db);
  const messages: ReassignedMessage[] = [];
  for (const [campaignId, list] of groupByCampaign(changes)) {
    const seq = seqs.get(campaignId);
    if (seq === undefined) continue;
    const involved = new Set<string>();
    for (const c of list) {
      if (c.fromOperatorId) involved.add(c.fromOperatorId);
      if (c.toOperatorId) involved.add(c.toOperatorId);
    }
    const operators: OperatorView[] = involved.size ? (await reader.operators(tenantId, campaignId, meta.at)).filter((o) => involved.has(o.operatorId)) : [];
    messages.push({
      campaignId,
      seq,
      action: meta.action,
      moves: list.map((c) => ({ leadId: c.leadId, fromOperatorId: c.fromOperatorId })),
      toOperatorId: list[0].toOperatorId,
      reason: meta.reason,
      by: meta.by,
      at: meta.at.toISOString(),
      operators,
    });
  }
  return messages;
}

interface AuditRow {
  id: string;
  action: AuditAction;
  lead_id: string;
  campaign_id: string;
  from_operator_id: string | null;
  to_operator_id: string | null;
  reason: string;
  actor_kind: 'user' | 'system';
  actor_user_id: string | null;
  actor_email: string | null;
  at: Date;
}

/** The audit trail, newest first: of one lead, of one campaign, or of the tenant. */
export async function readAuditEntries(
  db: Db,
  tenantId: string,
  q: { leadId?: string; campaignIds?: string[] | null; limit: number },
): Promise<AuditEntry[]> {
  const rows = (await db.query(
    `SELECT id, action, lead_id, campaign_id, from_operator_id, to_operator_id, reason, actor_kind, actor_user_id, actor_email, at
       FROM audit_log
      WHERE tenant_id = $1 AND ($2::text IS NULL OR lead_id = $2) AND ($3::text[] IS NULL OR campaign_id = ANY($3::text[]))
      ORDER BY id DESC LIMIT $4`,
    [tenantId, q.leadId ?? null, q.campaignIds ?? null, q.limit],
  )) as AuditRow[];
  return rows.map((r) => ({
    id: String(r.id),
    action: r.action,
    leadId: r.lead_id,
    campaignId: r.campaign_id,
    fromOperatorId: r.from_operator_id,
    toOperatorId: r.to_operator_id,
    reason: r.reason,
    actor: { kind: r.actor_kind, userId: r.actor_user_id, email: r.actor_email },
    at: new Date(r.at).toISOString(),
  }));
}
