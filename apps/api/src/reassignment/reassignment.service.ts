/**
 * A manager moves leads to an operator (contract.md, `POST /api/v1/leads/reassign`): one transaction,
 * the leads locked FOR UPDATE in id order (the event applier's order), every refusal checked before
 * anything is written, then owner + `owner_assigned`, the counters, the audit trail and the campaign's
 * `seq`; the `reassigned` push goes out after the commit.
 */
import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { AuditEntry, AuditQuery, ReassignError, ReassignRequest, ReassignResponse, ReassignWarning, Stage } from '@leadboard/contracts';
import {
  MetricDeltas,
  addOwnerChangeDeltas,
  allocateCampaignSeqs,
  groupByCampaign,
  insertAuditEntries,
  readAuditEntries,
  reassignedMessages,
  type OwnerChange,
  LivePublisher,
} from '@leadboard/server';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

const CLOSED: readonly Stage[] = ['customer', 'lost', 'dnc'];
const HOT: readonly Stage[] = ['prospect', 'opportunity'];
/** How many ids a refusal's message names before "and N more" (the `leadIds` field lists them all). */
const NAMED_IN_MESSAGE = 20;
/** PostgreSQL deadlock and serialization failures: the transaction is retried as a whole. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

interface LeadRow {
  id: string;
  campaign_id: string;
  stage: Stage;
  owner_operator_id: string | null;
  owner_assigned: boolean;
}

function named(ids: readonly string[], label: (id: string) => string = (id) => id): string {
  const shown = ids.slice(0, NAMED_IN_MESSAGE).map(label).join(', ');
  return ids.length > NAMED_IN_MESSAGE ? `${shown} and ${ids.length - NAMED_IN_MESSAGE} more` : shown;
}

const leadsWord = (n: number) => (n === 1 ? '1 lead' : `${n} leads`);

function refusal(statusCode: ReassignError['statusCode'], body: Omit<ReassignError, 'statusCode' | 'error'>): ReassignError {
  const error = statusCode === 404 ? 'Not Found' : statusCode === 409 ? 'Conflict' : 'Unprocessable Entity';
  return { statusCode, error, ...body };
}

@Injectable()
export class ReassignmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly live: LivePublisher,
  ) {}

  async reassign(p: UserPrincipal, req: ReassignRequest): Promise<ReassignResponse> {
    const at = new Date();
    const actor = { kind: 'user' as const, userId: p.userId, email: p.email };
    const { response, changes, seqs } = await this.retrying(() =>
      this.ds.transaction(async (m) => {
        const rows = await this.lockLeads(m, p.tenantId, req.leadIds);
        const target = await this.checkRequest(m, p.tenantId, req, rows);
        const changes: OwnerChange[] = rows
          .filter((r) => r.owner_operator_id !== req.toOperatorId)
          .map((r) => ({ leadId: r.id, campaignId: r.campaign_id, stage: r.stage, fromOperatorId: r.owner_operator_id, toOperatorId: req.toOperatorId }));
        await m.query(
          `UPDATE leads SET owner_operator_id = $3, owner_assigned = true, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = ANY($2::text[]) AND (owner_operator_id IS DISTINCT FROM $3 OR NOT owner_assigned)`,
          [p.tenantId, rows.map((r) => r.id), req.toOperatorId],
        );
        const deltas = new MetricDeltas();
        addOwnerChangeDeltas(deltas, changes);
        await insertAuditEntries(m, p.tenantId, { action: 'reassigned', reason: req.reason, actor, at }, changes);
        const seqs = await allocateCampaignSeqs(m, p.tenantId, new Map([...groupByCampaign(changes)].map(([id]) => [id, 1])));
        await deltas.flush(m, p.tenantId);
        const response: ReassignResponse = {
          moved: changes.length,
          alreadyOwned: rows.length - changes.length,
          warnings: this.warnings(rows, target),
        };
        return { response, changes, seqs };
      }),
    );
    const messages = await reassignedMessages(this.ds, p.tenantId, changes, seqs, {
      action: 'reassigned',
      reason: req.reason,
      by: { kind: 'user', email: p.email },
      at,
    });
    for (const msg of messages) this.live.reassigned(p.tenantId, msg);
    return response;
  }

  audit(p: Principal, q: AuditQuery): Promise<AuditEntry[]> {
    return readAuditEntries(this.ds, p.tenantId, { leadId: q.leadId, campaignIds: q.campaignId ? [q.campaignId] : null, limit: q.limit ?? 100 });
  }

  private async lockLeads(m: EntityManager, tenantId: string, leadIds: string[]): Promise<LeadRow[]> {
    return (await m.query(
      `SELECT id, campaign_id, stage, owner_operator_id, owner_assigned FROM leads
        WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [tenantId, leadIds],
    )) as LeadRow[];
  }

  /**
   * The contract's refusals, first that applies: unknown leads (404; another tenant's are unknown),
   * unknown or offline operator (422), closed leads (422), owners changed since the manager looked (409).
   */
  private async checkRequest(
    m: EntityManager,
    tenantId: string,
    req: ReassignRequest,
    rows: LeadRow[],
  ): Promise<{ id: string; name: string | null; seniority: string }> {
    if (rows.length < req.leadIds.length) {
      const found = new Set(rows.map((r) => r.id));
      const unknown = req.leadIds.filter((id) => !found.has(id));
      throw new NotFoundException(
        refusal(404, { code: 'unknown_leads', message: `${leadsWord(unknown.length)} not found: ${named(unknown)}; nothing was moved`, leadIds: unknown }),
      );
    }
    const [operator] = (await m.query(`SELECT id, name, seniority, state FROM operators WHERE tenant_id = $1 AND id = $2`, [tenantId, req.toOperatorId])) as {
      id: string;
      name: string | null;
      seniority: string;
      state: string;
    }[];
    if (!operator) {
      throw new UnprocessableEntityException(
        refusal(422, { code: 'unknown_operator', message: `operator ${req.toOperatorId} does not exist; nothing was moved`, leadIds: [], operatorId: req.toOperatorId }),
      );
    }
    if (operator.state === 'offline') {
      throw new UnprocessableEntityException(
        refusal(422, {
          code: 'offline_operator',
          message: `operator ${operator.name ?? operator.id} is offline; nothing was moved`,
          leadIds: [],
          operatorId: operator.id,
        }),
      );
    }
    const closed = rows.filter((r) => CLOSED.includes(r.stage));
    if (closed.length) {
      const stages = Object.fromEntries(closed.map((r) => [r.id, r.stage]));
      throw new UnprocessableEntityException(
        refusal(422, {
          code: 'closed_leads',
          message: `${leadsWord(closed.length)} closed (customer, lost or dnc) and cannot be reassigned: ${named(closed.map((r) => r.id), (id) => `${id} (${stages[id]})`)}; nothing was moved`,
          leadIds: closed.map((r) => r.id),
          stages,
        }),
      );
    }
    const expected = req.expectedOwners;
    if (expected) {
      const changed = rows.filter((r) => Object.prototype.hasOwnProperty.call(expected, r.id) && expected[r.id] !== r.owner_operator_id);
      if (changed.length) {
        const currentOwners = Object.fromEntries(changed.map((r) => [r.id, r.owner_operator_id]));
        throw new ConflictException(
          refusal(409, {
            code: 'owner_changed',
            message: `${leadsWord(changed.length)} changed owner since you looked: ${named(changed.map((r) => r.id), (id) => `${id} (now ${currentOwners[id] ?? 'nobody'})`)}; nothing was moved, refresh and try again`,
            leadIds: changed.map((r) => r.id),
            currentOwners,
          }),
        );
      }
    }
    return operator;
  }

  /** Prospects and opportunities belong with senior closers: giving them to a junior is allowed, and said. */
  private warnings(rows: LeadRow[], target: { id: string; name: string | null; seniority: string }): ReassignWarning[] {
    if (target.seniority !== 'junior') return [];
    const hot = rows.filter((r) => HOT.includes(r.stage)).map((r) => r.id);
    if (!hot.length) return [];
    const name = target.name ?? target.id;
    return [
      {
        code: 'junior_target',
        message: `${hot.length === 1 ? '1 prospect or opportunity' : `${hot.length} prospects and opportunities`} given to ${name}, a junior; they belong with senior closers: ${named(hot)}`,
        messageKey: 'reassignment.warning.juniorTarget',
        params: { count: hot.length, to: name, toOperatorId: target.id },
        leadIds: hot,
      },
    ];
  }

  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (err) {
        const code = (err as { code?: string; driverError?: { code?: string } }).code ?? (err as { driverError?: { code?: string } }).driverError?.code;
        if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw err;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }
}
