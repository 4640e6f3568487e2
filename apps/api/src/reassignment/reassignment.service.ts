/**
 * A manager moves leads to an operator (contract.md, `POST /api/v1/leads/reassign`): one transaction,
 * the leads locked FOR UPDATE in id order (the event applier's order), the domain's refusals
 * (`reassignmentRefusal`: 404 / 422 / 409, and why) judged on the locked rows before anything is
 * written, then owner + `owner_assigned`, the counters, the audit trail and the campaign's `seq`; the
 * `reassigned` push goes out after the commit. (403 — not a manager — is the controller's guard.)
 */
import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { AuditEntry, AuditQuery, OperatorState, ReassignError, ReassignRequest, ReassignResponse, Seniority, Stage } from '@leadboard/contracts';
import { REASSIGN_REFUSAL_STATUS, reassignmentRefusal, reassignmentWarnings, type ReassignLead, type ReassignRefusal, type ReassignTarget } from '@leadboard/domain';
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

const asLead = (r: LeadRow): ReassignLead => ({ leadId: r.id, stage: r.stage, ownerOperatorId: r.owner_operator_id });

const HTTP_ERROR: Record<ReassignError['statusCode'], string> = { 404: 'Not Found', 409: 'Conflict', 422: 'Unprocessable Entity' };

function refused(r: ReassignRefusal): Error {
  const statusCode = REASSIGN_REFUSAL_STATUS[r.code];
  const body: ReassignError = { statusCode, error: HTTP_ERROR[statusCode], ...r };
  return statusCode === 404 ? new NotFoundException(body) : statusCode === 409 ? new ConflictException(body) : new UnprocessableEntityException(body);
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
          warnings: reassignmentWarnings(rows.map(asLead), target),
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

  /** The target operator, read in the transaction; the domain decides whether the request is refused. */
  private async checkRequest(m: EntityManager, tenantId: string, req: ReassignRequest, rows: LeadRow[]): Promise<ReassignTarget> {
    const [operator] = (await m.query(`SELECT id, name, seniority, state FROM operators WHERE tenant_id = $1 AND id = $2`, [tenantId, req.toOperatorId])) as {
      id: string;
      name: string | null;
      seniority: Seniority;
      state: OperatorState;
    }[];
    const target: ReassignTarget | null = operator ? { operatorId: operator.id, name: operator.name, state: operator.state, seniority: operator.seniority } : null;
    const refusal = reassignmentRefusal({ requested: req.leadIds, leads: rows.map(asLead), toOperatorId: req.toOperatorId, target, expectedOwners: req.expectedOwners });
    if (refusal) throw refused(refusal);
    return target!; // no refusal: the operator exists
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
