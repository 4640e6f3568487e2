/**
 * The tenant scopes and the scoped data source, with the driver's query runner replaced by one that
 * records the statements it is sent: which statements open, scope and close a transaction, in and out
 * of a scope. (tenant-walls.spec.ts proves the same against PostgreSQL as the application role.)
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { currentScopeTenant, enterTenantScope, runInOpenScope, runInTenantScope, tenantScopedDataSource } from './tenant-scope';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

/** A driver whose query runners log `[sql, params]`, with TypeORM's transaction bookkeeping. */
function recordingDataSource(failOn?: string) {
  const log: string[] = [];
  const driver = {
    createQueryRunner: (): QueryRunner => {
      const qr = {
        isTransactionActive: false,
        async query(sql: string, params?: unknown[]) {
          log.push(params?.length ? `${sql} ${JSON.stringify(params)}` : sql);
          if (sql === failOn) throw new Error('division by zero');
          return [];
        },
        async startTransaction() {
          qr.isTransactionActive = true;
          await qr.query('START TRANSACTION');
        },
        async commitTransaction() {
          await qr.query('COMMIT');
          qr.isTransactionActive = false;
        },
        async rollbackTransaction() {
          await qr.query('ROLLBACK');
          qr.isTransactionActive = false;
        },
      };
      return qr as unknown as QueryRunner;
    },
  };
  const ds = tenantScopedDataSource({ driver } as unknown as DataSource);
  return { log, runner: () => (ds.driver as unknown as typeof driver).createQueryRunner() };
}

const SET = (tenantId: string) => `SELECT set_config('app.tenant_id', $1, true) ["${tenantId}"]`;

describe('tenant scopes', () => {
  it('has no tenant outside any scope, nor in an open scope until one is named', async () => {
    expect(currentScopeTenant()).toBeNull();
    await runInOpenScope(async () => {
      expect(currentScopeTenant()).toBeNull();
      await Promise.resolve();
      enterTenantScope(A);
      // The named tenant reaches work started later in the same request, across awaits.
      await new Promise((r) => setTimeout(r, 1));
      expect(currentScopeTenant()).toBe(A);
    });
    expect(currentScopeTenant()).toBeNull();
  });

  it('a tenant named in the open scope reaches code that started before it was named (the guard names it, the handler reads it)', async () => {
    const seen: (string | null)[] = [];
    await runInOpenScope(async () => {
      const handler = (async () => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(currentScopeTenant());
      })();
      enterTenantScope(B);
      await handler;
    });
    expect(seen).toEqual([B]);
  });

  it('refuses to name a second tenant, a non-id, or a tenant with no open scope', () => {
    runInOpenScope(() => {
      enterTenantScope(A);
      enterTenantScope(A);
      expect(() => enterTenantScope(B)).toThrow(/another tenant/);
      expect(currentScopeTenant()).toBe(A);
    });
    runInOpenScope(() => expect(() => enterTenantScope('tenant-a')).toThrow(/uuid/));
    expect(() => enterTenantScope(A)).toThrow(/no open scope/);
    expect(() => runInTenantScope('1; DROP TABLE leads', () => 1)).toThrow(/uuid/);
  });

  it('nests: an inner tenant scope hides the outer one, which comes back after it', async () => {
    await runInTenantScope(A, async () => {
      expect(await runInTenantScope(B, async () => currentScopeTenant())).toBe(B);
      expect(currentScopeTenant()).toBe(A);
    });
    // Nor does an inner run change the open scope of its request.
    runInOpenScope(() => {
      runInTenantScope(B, () => undefined);
      expect(currentScopeTenant()).toBeNull();
    });
  });
});

describe('tenantScopedDataSource', () => {
  it("runs a lone statement in a scope as a transaction of its own, begun with SET LOCAL of the scope's tenant", async () => {
    const { log, runner } = recordingDataSource();
    await runInTenantScope(A, () => runner().query('SELECT 1'));
    expect(log).toEqual(['START TRANSACTION', SET(A), 'SELECT 1', 'COMMIT']);
  });

  it('begins every transaction in a scope with its tenant, and sends the statements inside it as they are', async () => {
    const { log, runner } = recordingDataSource();
    await runInOpenScope(async () => {
      enterTenantScope(B);
      const qr = runner();
      await qr.startTransaction();
      await qr.query('SELECT 2');
      await qr.commitTransaction();
    });
    expect(log).toEqual(['START TRANSACTION', SET(B), 'SELECT 2', 'COMMIT']);
  });

  it('sets nothing outside a scope, nor in an open scope with no tenant yet', async () => {
    const { log, runner } = recordingDataSource();
    await runner().query('SELECT 3');
    await runInOpenScope(async () => {
      await runner().query('SELECT 4');
      const qr = runner();
      await qr.startTransaction();
      await qr.commitTransaction();
    });
    expect(log).toEqual(['SELECT 3', 'SELECT 4', 'START TRANSACTION', 'COMMIT']);
  });

  it('rolls back the short transaction of a lone statement that fails, and passes the error on', async () => {
    const { log, runner } = recordingDataSource('SELECT 1/0');
    await expect(runInTenantScope(A, () => runner().query('SELECT 1/0'))).rejects.toThrow('division by zero');
    expect(log).toEqual(['START TRANSACTION', SET(A), 'SELECT 1/0', 'ROLLBACK']);
  });
});
