/**
 * Whose data a piece of work is about, carried by the async context (like the request id) so that
 * every statement it runs is walled to that tenant without each caller passing it down:
 *
 * - a piece of work (a request, a job, one tenant's turn in a system job) runs in `runInTenantScope`;
 * - a data source made by `tenantScopedDataSource` then starts each transaction run in a scope with
 *   `SET LOCAL app.tenant_id` (so PostgreSQL's row-level security applies), and runs a lone statement
 *   in a scope inside a short transaction of its own, for the same reason.
 *
 * Outside any scope nothing is set, and the database shows no tenant's rows: forgetting the scope
 * fails closed. `TenantDatabase.run` scopes one transaction explicitly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

interface Scope {
  tenantId: string;
}

const storage = new AsyncLocalStorage<Scope>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs `fn` in `tenantId`'s scope (a job, a socket's subscription, a tenant's turn in a system job). */
export function runInTenantScope<T>(tenantId: string, fn: () => T): T {
  if (!UUID.test(tenantId)) throw new Error('a tenant id is a uuid');
  return storage.run({ tenantId }, fn);
}

export function currentScopeTenant(): string | null {
  return storage.getStore()?.tenantId ?? null;
}

const SET_TENANT = `SELECT set_config('app.tenant_id', $1, true)`;
const PATCHED = Symbol('tenantScoped');

/**
 * Makes every transaction of `ds` begin with the scope's tenant, and every lone statement run in a
 * scope a transaction of its own that begins so. Patches the query runners the driver hands out (the
 * one place every statement goes through); idempotent.
 */
export function tenantScopedDataSource(ds: DataSource): DataSource {
  const driver = ds.driver as { createQueryRunner(mode: 'master' | 'slave'): QueryRunner; [PATCHED]?: true };
  if (driver[PATCHED]) return ds;
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => scopeQueryRunner(create(mode));
  driver[PATCHED] = true;
  return ds;
}

function scopeQueryRunner(qr: QueryRunner): QueryRunner {
  const startTransaction = qr.startTransaction.bind(qr);
  const query = qr.query.bind(qr) as (sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;
  qr.startTransaction = async (isolation) => {
    await startTransaction(isolation);
    const tenantId = currentScopeTenant();
    if (tenantId) await query(SET_TENANT, [tenantId]);
  };
  (qr as { query: typeof query }).query = async (sql, params, structured) => {
    const tenantId = currentScopeTenant();
    if (!tenantId || qr.isTransactionActive) return query(sql, params, structured);
    await qr.startTransaction();
    try {
      const result = await query(sql, params, structured);
      await qr.commitTransaction();
      return result;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    }
  };
  return qr;
}
