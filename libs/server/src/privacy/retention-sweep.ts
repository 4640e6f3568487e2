/**
 * Retention: a tenant with `retention_months` set has the personal data of leads untouched for that
 * long (their row last changed — an event, a move — before the cutoff) erased like a manual erasure,
 * in batches, audited as `retention.erased`. Run by the worker on a schedule; safe to run twice.
 */
import type { DataSource } from 'typeorm';
import type { LeadErasure } from './lead-erasure';

const BATCH = 500;

export interface RetentionResult {
  tenantId: string;
  leads: number;
}

export class RetentionSweep {
  constructor(
    private readonly ds: DataSource,
    private readonly erasure: LeadErasure,
  ) {}

  async sweep(now: Date = new Date()): Promise<RetentionResult[]> {
    const tenants = (await this.ds.query(`SELECT id, retention_months FROM tenants WHERE retention_months IS NOT NULL ORDER BY id`)) as {
      id: string;
      retention_months: number;
    }[];
    const results: RetentionResult[] = [];
    for (const t of tenants) {
      let leads = 0;
      for (;;) {
        const rows = (await this.ds.query(
          `SELECT id FROM leads
            WHERE tenant_id = $1 AND erased_at IS NULL AND updated_at < $2::timestamptz - make_interval(months => $3)
            ORDER BY id LIMIT $4`,
          [t.id, now.toISOString(), t.retention_months, BATCH],
        )) as { id: string }[];
        if (!rows.length) break;
        const done = await this.erasure.erase(t.id, rows.map((r) => r.id), { kind: 'system', id: null }, 'retention.erased');
        leads += done.leadIds.length;
        if (rows.length < BATCH) break;
      }
      if (leads) results.push({ tenantId: t.id, leads });
    }
    return results;
  }
}
