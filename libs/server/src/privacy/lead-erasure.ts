/**
 * Erasure of leads' personal data everywhere it is kept (see erasure-steps.ts), keeping the anonymous
 * facts so that the funnel and every figure stay the same. The database steps and the lead rows go
 * in one transaction (leads locked first, in id order, as the event applier locks them); stores
 * outside PostgreSQL follow once it committed. The lead keeps `erased_at`: events that arrive later
 * for it store no personal data (the worker strips them), so a job in flight cannot bring it back.
 */
import type { LeadErasure as LeadErasureReport, SecurityActorKind } from '@leadboard/contracts';
import type { DataSource } from 'typeorm';
import { insertSecurityEvents } from '../security/security-audit';
import { OPEN_STAGES_SQL } from '../database/stage-sql';
import { DATABASE_ERASURE_STEPS, type DatabaseErasureStep, type ErasureScope, type ExternalErasureStep } from './erasure-steps';

export interface ErasureActor {
  kind: Extract<SecurityActorKind, 'user' | 'system'>;
  id: string | null;
  ip?: string | null;
}

/** The database part is done (and audited); a store outside it could not be reached. Erasing again finishes it. */
export class ErasureIncompleteError extends Error {
  constructor(
    readonly report: LeadErasureReport[],
    readonly failedStores: string[],
    cause: unknown,
  ) {
    super(`personal data erased from the database, but not yet from ${failedStores.join(', ')} (${(cause as Error).message}); erase again to finish`);
  }
}

export class LeadErasure {
  constructor(
    private readonly ds: DataSource,
    private readonly external: readonly ExternalErasureStep[] = [],
    private readonly database: readonly DatabaseErasureStep[] = DATABASE_ERASURE_STEPS,
  ) {}

  /**
   * Erases the given leads of one tenant; returns what each store changed, summed over the leads, and
   * `found`: whether any store knew them (a lead row, or personal data somewhere). `event` is what the
   * audit trail calls it.
   */
  async erase(
    tenantId: string,
    leadIds: readonly string[],
    actor: ErasureActor,
    event: 'lead.erased' | 'retention.erased' = 'lead.erased',
  ): Promise<{ leadIds: string[]; erasedAt: string; stores: Record<string, number>; found: boolean }> {
    const ids = [...new Set(leadIds)].sort();
    const erasedAt = new Date();
    const { scope, stores, known } = await this.ds.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT id, name, phone, email, attributes IS NOT NULL AS has_attributes FROM leads
          WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
        [tenantId, ids],
      )) as LeadPersonalRow[];
      // Every id asked for, not only those with a row: a lead whose only batch failed lives in a dead letter and the queue.
      const scope: ErasureScope = { tenantId, leadIds: ids, personal: rows.map(({ name, phone, email }) => ({ name, phone, email })) };
      const stores: Record<string, number> = {};
      for (const step of this.database) stores[step.store] = await step.erase(m, scope);
      await m.query(
        // Without its attributes an open lead's priority may change (target fit, stated urgency): the
        // freshness schedule computes it again on its next run.
        `UPDATE leads SET name = NULL, phone = NULL, email = NULL, attributes = NULL, erased_at = coalesce(erased_at, $3),
                priority_next_at = CASE WHEN stage IN ${OPEN_STAGES_SQL} THEN $3::timestamptz ELSE priority_next_at END
          WHERE tenant_id = $1 AND id = ANY($2::text[])`,
        [tenantId, scope.leadIds, erasedAt.toISOString()],
      );
      stores['leads'] = rows.filter((r) => r.name !== null || r.phone !== null || r.email !== null || r.has_attributes).length;
      await insertSecurityEvents(m, [
        {
          tenantId,
          event,
          actor: { kind: actor.kind, id: actor.id },
          target: event === 'lead.erased' && ids.length === 1 ? { kind: 'lead', id: ids[0] } : null,
          ip: actor.ip ?? null,
          detail: { leads: ids.length, ...stores },
        },
      ]);
      return { scope, stores, known: rows.length };
    });
    const failed: string[] = [];
    let cause: unknown = null;
    for (const step of this.external) {
      try {
        stores[step.store] = await step.erase(scope);
      } catch (err) {
        failed.push(step.store);
        cause = err;
      }
    }
    const result = { leadIds: scope.leadIds, erasedAt: erasedAt.toISOString(), stores, found: known > 0 || Object.values(stores).some((n) => n > 0) };
    if (failed.length) {
      throw new ErasureIncompleteError(
        scope.leadIds.map((leadId) => ({ leadId, erasedAt: result.erasedAt, stores })),
        failed,
        cause,
      );
    }
    return result;
  }
}

interface LeadPersonalRow {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  has_attributes: boolean;
}
