/**
 * Every job names its tenant (`tenantId` in its data), and its work runs in that tenant's scope: each
 * statement it makes is walled to that tenant by PostgreSQL's row-level security (docs/SECURITY.md,
 * "Tenant walls"). Also for the `failed` handlers, which run outside `process()` and its scope.
 */
import { isTenantId, runInTenantScope } from '@leadboard/server';

export function inJobTenantScope<T>(data: { tenantId?: unknown }, work: () => Promise<T>): Promise<T> {
  const { tenantId } = data;
  if (!isTenantId(tenantId)) return Promise.reject(new Error('the job names no tenant (tenantId is not a tenant id)'));
  return runInTenantScope(tenantId, work);
}
