/**
 * Whose data a piece of work is about, carried by the async context (like the request id) so that
 * every statement it runs is walled to that tenant without each caller passing it down:
 *
 * - the API opens a scope per request (`runInOpenScope`, in the request-context middleware) and the
 *   auth guard names its tenant once the caller is known (`enterTenantScope`);
 * - the worker runs each job, and each tenant's turn in a system job, in `runInTenantScope`;
 * - a data source made by `tenantScopedDataSource` then starts each transaction run in a scope with
 *   `SET LOCAL app.tenant_id` (so PostgreSQL's row-level security applies), and runs a lone statement
 *   in a scope inside a short transaction of its own, for the same reason.
 *
 * Outside any scope, or in an open scope whose tenant is not named yet, nothing is set and the
 * database shows no tenant's rows: forgetting the scope fails closed. `TenantDatabase.run` scopes one
 * transaction explicitly.
 *
 * The open scope is a mutable object shared by everything the request runs: an AsyncLocalStorage
 * `enterWith` in a guard would not reach the handler (Nest calls it from another promise chain), but
 * the guard and the handler both see the object the middleware put in the store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

interface Scope {
  tenantId: string | null;
}

const storage = new AsyncLocalStorage<Scope>();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Runs `fn` in `tenantId`'s scope (a job, a socket's message, a tenant's turn in a system job). Nested scopes hide the outer one. */
export function runInTenantScope<T>(tenantId: string, fn: () => T): T {
  if (!isTenantId(tenantId)) throw new Error('a tenant id is a uuid');
  return storage.run({ tenantId }, fn);
}

/** Runs `fn` in a scope whose tenant is named later (`enterTenantScope`), once the caller is known. */
export function runInOpenScope<T>(fn: () => T): T {
  return storage.run({ tenantId: null }, fn);
}

/** Names the tenant of the current scope; refuses to change it once named (one request, one tenant). */
export function enterTenantScope(tenantId: string): void {
  const scope = storage.getStore();
  if (!scope) throw new Error('enterTenantScope: no open scope (the request-context middleware opens one)');
  if (!isTenantId(tenantId)) throw new Error('a tenant id is a uuid');
  if (scope.tenantId !== null && scope.tenantId !== tenantId) throw new Error('enterTenantScope: this scope already belongs to another tenant');
  scope.tenantId = tenantId;
}

export function currentScopeTenant(): string | null {
  return storage.getStore()?.tenantId ?? null;
}

const SET_TENANT = `SELECT set_config('app.tenant_id', $1, true)`;
const PATCHED = Symbol('tenantScoped');

/**
 * Makes every transaction of `ds` begin with the scope's tenant, and every lone statement run in a
 * scope a transaction of its own that begins so. Patches the query runners the driver hands out (the
 * one place every statement goes through); idempotent. Call it before `initialize()` or after.
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
