/**
 * Retention: a tenant with `retention_months` set has the personal data of leads untouched for that
 * long (their row last changed — an event, a move — before the cutoff) erased like a manual erasure,
 * in batches, audited as `retention.erased`. Run by the worker on a schedule; safe to run twice.
 * Tenant by tenant, each in its own scope (the tenant walls' narrow path for system jobs); a tenant
 * that fails stops none of the others, and fails the run once they are done (the job retries).
 */
import type { DataSource } from 'typeorm';
import { TenantDatabase } from '../tenants/tenant-database';
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
    const results: RetentionResult[] = [];
    const run = await new TenantDatabase(this.ds).inEachTenantScope(async (tenantId) => {
      const done = await this.sweepTenant(tenantId, now);
      if (done) results.push(done);
    });
    if (run.failed.length) throw new Error(`retention failed for ${run.failed.length} tenant(s) (${run.failed.map((f) => f.tenantId).join(', ')}): ${run.failed[0].error.message}`);
    return results;
  }

  private async sweepTenant(tenantId: string, now: Date): Promise<RetentionResult | null> {
    const [t] = (await this.ds.query(`SELECT id, retention_months FROM tenants WHERE id = $1 AND retention_months IS NOT NULL`, [tenantId])) as {
      id: string;
      retention_months: number;
    }[];
    if (!t) return null;
    {
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
      return leads ? { tenantId: t.id, leads } : null;
    }
  }
}
