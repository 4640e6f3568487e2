/**
 * Every unit of work on a tenant's data runs in a transaction that first says whose data it is:
 * `set_config('app.tenant_id', …, true)` is `SET LOCAL`, so the setting ends with the transaction and
 * a pooled connection never carries one tenant's id into the next piece of work. PostgreSQL's
 * row-level security (migration TenantWalls) then shows and accepts only that tenant's rows, whatever
 * the SQL says: a query that forgets its `tenant_id = $1` finds nothing of anyone else.
 *
 * The system-wide jobs (retention, callback scan, alert evaluation, import recovery) do not get a way
 * around the wall: they ask the one narrow question the database answers without a tenant — which
 * tenants exist — and then do each tenant's work inside that tenant's own transaction.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isTenantId, runInTenantScope } from './tenant-scope';

/** The role the API and the workers work as (created by the migrations; docs/SECURITY.md). */
export const APP_DATABASE_ROLE = 'leadboard_app';

export type TenantWork<T> = (m: EntityManager) => Promise<T>;

/** Scopes `m`'s transaction to `tenantId`. Must be the transaction's first statement. */
export async function enterTenant(m: EntityManager, tenantId: string): Promise<void> {
  if (!m.queryRunner?.isTransactionActive) throw new Error('enterTenant: needs a transaction (SET LOCAL ends with it)');
  if (!isTenantId(tenantId)) throw new Error('enterTenant: a tenant id is a uuid');
  await m.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
}

export interface TenantRun {
  tenants: number;
  failed: { tenantId: string; error: Error }[];
}

@Injectable()
export class TenantDatabase {
  constructor(private readonly ds: DataSource) {}

  /** `work` in one transaction that sees and writes only `tenantId`'s rows. */
  run<T>(tenantId: string, work: TenantWork<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await enterTenant(m, tenantId);
      return work(m);
    });
  }

  /** The narrow path of the system-wide jobs: every tenant's id, and nothing else about any of them. */
  async tenantIds(): Promise<string[]> {
    const rows = (await this.ds.query('SELECT t AS id FROM leadboard_tenant_ids() AS t')) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** `work` once per tenant, each in that tenant's own transaction; one tenant's failure stops none of the others. */
  async forEachTenant(work: (tenantId: string, m: EntityManager) => Promise<void>): Promise<TenantRun> {
    const ids = await this.tenantIds();
    const failed: { tenantId: string; error: Error }[] = [];
    for (const id of ids) {
      try {
        await this.run(id, (m) => work(id, m));
      } catch (e) {
        failed.push({ tenantId: id, error: e as Error });
      }
    }
    return { tenants: ids.length, failed };
  }

  /**
   * `work` once per tenant, inside that tenant's scope (tenant-scope.ts): every statement it runs, in a
   * transaction or alone, is walled to that tenant. What a system-wide job does for "every campaign" it
   * thus does tenant by tenant; one tenant's failure stops none of the others.
   */
  async inEachTenantScope(work: (tenantId: string) => Promise<void>): Promise<TenantRun> {
    const ids = await this.tenantIds();
    const failed: { tenantId: string; error: Error }[] = [];
    for (const id of ids) {
      try {
        await runInTenantScope(id, () => work(id));
      } catch (e) {
        failed.push({ tenantId: id, error: e as Error });
      }
    }
    return { tenants: ids.length, failed };
  }

  /** The tenant a login e-mail belongs to (before anyone is signed in), or null. */
  async tenantOfLogin(email: string): Promise<string | null> {
    return this.scalar('SELECT leadboard_tenant_of_login($1) AS id', [email]);
  }

  /** The tenant an access key (ingest key or wall token) belongs to, by its hash, or null. */
  async tenantOfKey(keyHash: string): Promise<string | null> {
    return this.scalar('SELECT leadboard_tenant_of_key($1) AS id', [keyHash]);
  }

  /** The tenant of a Meta source (the webhook names the source, not the tenant), or null. */
  async tenantOfMetaSource(sourceId: string): Promise<string | null> {
    if (!isTenantId(sourceId)) return null;
    return this.scalar('SELECT leadboard_tenant_of_meta_source($1) AS id', [sourceId]);
  }

  /** E-mails are unique across tenants: asked before a user is created in any of them. */
  async emailTaken(email: string): Promise<boolean> {
    const [row] = (await this.ds.query('SELECT leadboard_email_taken($1) AS taken', [email])) as { taken: boolean }[];
    return row.taken;
  }

  private async scalar(sql: string, params: unknown[]): Promise<string | null> {
    const [row] = (await this.ds.query(sql, params)) as { id: string | null }[];
    return row?.id ?? null;
  }
}
