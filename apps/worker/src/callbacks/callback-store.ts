/**
 * Personal callbacks in PostgreSQL (see migration Reassignment): the domain keeps `leads.callback_at`
 * (set by a CALLBACK outcome, cleared by a later contact or dnc); the callback belongs to the lead's
 * owner. This store finds the owned callbacks that need the scheduler and settles them, one tenant
 * per transaction, leads locked FOR UPDATE in id order and every condition checked again on the
 * locked rows (the event applier may have moved them meanwhile):
 *
 * - what to do with each lead is the domain's `callbackAction` (release to the pool when the owner is
 *   offline or the callback overdue, once per callback; else a due push for the owner, once);
 * - the scan's SQL pre-selects the same candidates with the partial index `leads_callbacks_owned_due`
 *   (its predicate is the closed-stage list, hence the list written into the SQL, not a parameter).
 *
 * What was done is remembered on the lead, keyed by the `callback_at` it was done for, so a restart
 * or a second worker repeats nothing, and a new callback starts afresh.
 */
import type { OperatorMessage, OperatorState, ReassignedMessage, Stage } from '@leadboard/contracts';
import { callbackAction, callbackReleaseReason, type CallbackReleaseCause } from '@leadboard/domain';
import {
  CLOSED_STAGES_SQL,
  CampaignMetricsReader,
  MetricDeltas,
  addOwnerChangeDeltas,
  campaignSequence,
  SequenceAllocator,
  groupByCampaign,
  insertAuditEntries,
  reassignedMessages,
  type OwnerChange,
} from '@leadboard/server';
import type { DataSource, EntityManager } from 'typeorm';

interface CallbackRow {
  id: string;
  campaign_id: string;
  stage: Stage;
  owner_operator_id: string | null;
  owner_assigned: boolean;
  callback_at: Date | null;
  callback_due_pushed_for: Date | null;
  callback_released_for: Date | null;
  owner_state: OperatorState | null;
}

type Plan =
  | { kind: 'released'; campaignId: string; cause: CallbackReleaseCause; changes: OwnerChange[]; seq: number }
  | { kind: 'due'; campaignId: string; operatorId: string; seq: number };

export interface SettleResult {
  released: ReassignedMessage[];
  due: (OperatorMessage & { campaignId: string })[];
}

const SYSTEM = { kind: 'system' as const, userId: null, email: null };
const ms = (d: Date | null) => (d === null ? null : new Date(d).getTime());

export class CallbackStore {
  constructor(
    private readonly ds: DataSource,
    private readonly releaseAfterMs: number,
  ) {}

  /** Owned, due callbacks of open leads that need something: a due push, or a release. Oldest first. */
  async findDue(tenantId: string, now: Date, limit: number): Promise<{ tenantId: string; leadId: string }[]> {
    const rows = (await this.ds.query(
      `SELECT l.tenant_id, l.id FROM leads l
         LEFT JOIN operators o ON o.tenant_id = l.tenant_id AND o.id = l.owner_operator_id
        WHERE l.tenant_id = $4 AND l.callback_at IS NOT NULL AND l.owner_operator_id IS NOT NULL AND l.stage NOT IN ${CLOSED_STAGES_SQL}
          AND l.callback_at <= $1
          AND (l.callback_due_pushed_for IS DISTINCT FROM l.callback_at
               OR o.state IS NULL OR o.state = 'offline'
               OR (l.callback_at <= $2 AND (l.callback_released_for IS DISTINCT FROM l.callback_at OR NOT l.owner_assigned)))
        ORDER BY l.callback_at, l.id
        LIMIT $3`,
      [now.toISOString(), new Date(now.getTime() - this.releaseAfterMs).toISOString(), limit, tenantId],
    )) as { tenant_id: string; id: string }[];
    return rows.map((r) => ({ tenantId: r.tenant_id, leadId: r.id }));
  }

  /** One tenant's candidates: settled in one transaction; the messages to push are built after the commit. */
  async settle(tenantId: string, leadIds: string[], now: Date): Promise<SettleResult> {
    const plans = await this.ds.transaction((m) => this.settleLocked(m, tenantId, leadIds, now));
    const released: ReassignedMessage[] = [];
    const due: (OperatorMessage & { campaignId: string })[] = [];
    const reader = new CampaignMetricsReader(this.ds);
    const loads = new Map<string, Awaited<ReturnType<CampaignMetricsReader['operators']>>>();
    for (const plan of plans) {
      if (plan.kind === 'released') {
        const [msg] = await reassignedMessages(this.ds, tenantId, plan.changes, new Map([[plan.campaignId, plan.seq]]), {
          action: 'callback_released',
          reason: callbackReleaseReason(plan.cause, this.releaseAfterMs),
          by: { kind: 'system', email: null },
          at: now,
        });
        if (msg) released.push(msg);
      } else {
        if (!loads.has(plan.campaignId)) loads.set(plan.campaignId, await reader.operators(tenantId, plan.campaignId, now));
        const view = loads.get(plan.campaignId)!.find((o) => o.operatorId === plan.operatorId);
        if (view) due.push({ ...view, campaignId: plan.campaignId, seq: plan.seq });
      }
    }
    return { released, due };
  }

  private async settleLocked(m: EntityManager, tenantId: string, leadIds: string[], now: Date): Promise<Plan[]> {
    const rows = (await m.query(
      `SELECT l.id, l.campaign_id, l.stage, l.owner_operator_id, l.owner_assigned, l.callback_at,
              l.callback_due_pushed_for, l.callback_released_for, o.state AS owner_state
         FROM leads l LEFT JOIN operators o ON o.tenant_id = l.tenant_id AND o.id = l.owner_operator_id
        WHERE l.tenant_id = $1 AND l.id = ANY($2::text[])
        ORDER BY l.id FOR UPDATE OF l`,
      [tenantId, leadIds],
    )) as CallbackRow[];
    const releases: { cause: CallbackReleaseCause; change: OwnerChange }[] = [];
    const duePushed: CallbackRow[] = [];
    for (const r of rows) {
      const action = callbackAction(
        {
          stage: r.stage,
          ownerOperatorId: r.owner_operator_id,
          ownerAssigned: r.owner_assigned,
          ownerState: r.owner_state,
          callbackAtMs: ms(r.callback_at),
          duePushedForMs: ms(r.callback_due_pushed_for),
          releasedForMs: ms(r.callback_released_for),
        },
        now.getTime(),
        this.releaseAfterMs,
      );
      if (action.kind === 'release') {
        releases.push({
          cause: action.cause,
          change: { leadId: r.id, campaignId: r.campaign_id, stage: r.stage, fromOperatorId: r.owner_operator_id!, toOperatorId: null },
        });
      } else if (action.kind === 'due') {
        duePushed.push(r);
      }
    }
    if (releases.length) {
      await m.query(
        `UPDATE leads SET callback_released_for = callback_at, callback_released_at = $3, callback_released_from = owner_operator_id,
                callback_due_pushed_for = callback_at, owner_operator_id = NULL, owner_assigned = false,
                version = version + 1, updated_at = now()
          WHERE tenant_id = $1 AND id = ANY($2::text[])`,
        [tenantId, releases.map((r) => r.change.leadId), now.toISOString()],
      );
    }
    if (duePushed.length) {
      await m.query(`UPDATE leads SET callback_due_pushed_for = callback_at WHERE tenant_id = $1 AND id = ANY($2::text[])`, [
        tenantId,
        duePushed.map((r) => r.id),
      ]);
    }

    // One `reassigned` per campaign and cause, one `operator` per campaign and owner whose callback came due.
    const plans: Plan[] = [];
    for (const cause of ['owner_offline', 'overdue'] as const) {
      const changes = releases.filter((r) => r.cause === cause).map((r) => r.change);
      for (const [campaignId, list] of groupByCampaign(changes)) plans.push({ kind: 'released', campaignId, cause, changes: list, seq: 0 });
      await insertAuditEntries(m, tenantId, { action: 'callback_released', reason: callbackReleaseReason(cause, this.releaseAfterMs), actor: SYSTEM, at: now }, changes);
    }
    const dueKeys = new Set<string>();
    for (const r of duePushed) {
      const key = `${r.campaign_id}\u0000${r.owner_operator_id}`;
      if (dueKeys.has(key)) continue;
      dueKeys.add(key);
      plans.push({ kind: 'due', campaignId: r.campaign_id, operatorId: r.owner_operator_id!, seq: 0 });
    }
    const counts = new Map<string, number>();
    for (const p of plans) counts.set(p.campaignId, (counts.get(p.campaignId) ?? 0) + 1);
    const take = SequenceAllocator.dealer(await campaignSequence.take(m, tenantId, counts));
    for (const p of plans) p.seq = take(p.campaignId);
    const deltas = new MetricDeltas();
    addOwnerChangeDeltas(
      deltas,
      releases.map((r) => r.change),
    );
    await deltas.flush(m, tenantId);
    return plans;
  }
}
