/**
 * The database's own wall between tenants (migration TenantWalls): run against the real PostgreSQL,
 * with a connection that works as the application's role, the way the API and the workers do.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appDataSourceOptions, requireWalledRole } from '../database/data-source';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { APP_DATABASE_ROLE, TenantDatabase } from './tenant-database';
import { runInTenantScope, tenantScopedDataSource } from './tenant-scope';

let db: TestDatabase;
let app: DataSource;
let tenants: TenantDatabase;
const a = randomUUID();
const b = randomUUID();

beforeAll(async () => {
  db = await createTestDatabase('tenant_walls');
  // As the owner (migrations, CLI): two tenants, each with a campaign, leads and an import's rows.
  for (const [t, n] of [[a, 3], [b, 2]] as const) {
    await db.ds.query(`INSERT INTO tenants (id, name) VALUES ($1, $2)`, [t, `tenant ${t.slice(0, 4)}`]);
    await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c1', 'Campaign')`, [t]);
    for (let i = 0; i < n; i++) await db.ds.query(`INSERT INTO leads (tenant_id, id, campaign_id) VALUES ($1, $2, 'c1')`, [t, `lead-${i}`]);
    await db.ds.query(`INSERT INTO users (id, tenant_id, email, role, password_hash) VALUES (gen_random_uuid(), $1, $2, 'admin', 'x')`, [t, `admin-${t}@example.com`]);
  }
  // The processes' own connection options (appDataSourceOptions), without the tenant-scoped patch.
  app = new DataSource(appDataSourceOptions({ databaseUrl: db.url }, 2));
  await app.initialize();
  tenants = new TenantDatabase(app);
});

afterAll(async () => {
  await app?.destroy();
  await db?.drop();
});

describe('the tenant wall in PostgreSQL', () => {
  it('runs as a role that is neither superuser nor BYPASSRLS', async () => {
    const [role] = (await app.query(`SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`)) as { name: string; rolsuper: boolean; rolbypassrls: boolean }[];
    expect(role).toEqual({ name: APP_DATABASE_ROLE, rolsuper: false, rolbypassrls: false });
  });

  it('lets the processes start as that role, and refuses a connection that bypasses the walls', async () => {
    await expect(requireWalledRole(app)).resolves.toBe(APP_DATABASE_ROLE);
    await expect(requireWalledRole(db.ds)).rejects.toThrow(/row-level security does not bind/);
  });

  it('a query missing its tenant filter returns nothing when no tenant is set', async () => {
    expect(await app.query(`SELECT id FROM leads`)).toEqual([]);
    expect(await app.query(`SELECT id FROM tenants`)).toEqual([]);
  });

  it("a query missing its tenant filter returns only the transaction's tenant's rows", async () => {
    const seenByA = await tenants.run(a, (m) => m.query(`SELECT tenant_id, id FROM leads ORDER BY id`));
    expect(seenByA).toEqual([0, 1, 2].map((i) => ({ tenant_id: a, id: `lead-${i}` })));
    const seenByB = await tenants.run(b, (m) => m.query(`SELECT count(*)::int AS n FROM leads`));
    expect(seenByB).toEqual([{ n: 2 }]);
    // A filter naming the other tenant finds nothing either.
    expect(await tenants.run(a, (m) => m.query(`SELECT id FROM leads WHERE tenant_id = $1`, [b]))).toEqual([]);
  });

  it('the setting ends with its transaction: the pooled connection carries nothing over', async () => {
    await tenants.run(a, (m) => m.query(`SELECT 1`));
    await tenants.run(a, (m) => m.query(`SELECT 1`));
    expect(await app.query(`SELECT current_setting('app.tenant_id', true) AS t, (SELECT count(*)::int FROM leads) AS n`)).toEqual([{ t: '', n: 0 }]);
  });

  it("refuses to write another tenant's rows, and changes none of them", async () => {
    await expect(tenants.run(a, (m) => m.query(`INSERT INTO leads (tenant_id, id, campaign_id) VALUES ($1, 'intruder', 'c1')`, [b]))).rejects.toThrow(/row-level security/);
    const [, touched] = (await tenants.run(a, (m) => m.query(`UPDATE leads SET stage = 'lost' WHERE tenant_id = $1`, [b]))) as [unknown, number];
    expect(touched).toBe(0);
    const [, deleted] = (await tenants.run(a, (m) => m.query(`DELETE FROM leads`))) as [unknown, number];
    expect(deleted).toBe(3);
    const [{ n }] = (await db.ds.query(`SELECT count(*)::int AS n FROM leads WHERE tenant_id = $1`, [b])) as { n: number }[];
    expect(n).toBe(2);
  });

  it("fills an import row's tenant from the transaction", async () => {
    const importId = randomUUID();
    await tenants.run(b, async (m) => {
      await m.query(`INSERT INTO imports (id, tenant_id, campaign_id, source) VALUES ($1, $2, 'c1', 'csv')`, [importId, b]);
      await m.query(`INSERT INTO import_lead_ids (import_id, lead_id) VALUES ($1, 'lead-0')`, [importId]);
    });
    expect(await db.ds.query(`SELECT tenant_id FROM import_lead_ids WHERE import_id = $1`, [importId])).toEqual([{ tenant_id: b }]);
    expect(await tenants.run(a, (m) => m.query(`SELECT * FROM import_lead_ids`))).toEqual([]);
  });

  it('answers the narrow questions with ids only', async () => {
    expect(await tenants.tenantIds()).toEqual([a, b].sort());
    expect(await tenants.tenantOfLogin(`admin-${b}@example.com`)).toBe(b);
    expect(await tenants.tenantOfLogin('nobody@example.com')).toBeNull();
    expect(await tenants.emailTaken(`admin-${a}@example.com`)).toBe(true);
    expect(await tenants.tenantOfMetaSource('not-a-uuid')).toBeNull();
    const seen: string[] = [];
    const run = await tenants.forEachTenant(async (id, m) => {
      const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM campaigns`)) as { n: number }[];
      seen.push(`${id}:${n}`);
    });
    expect(run).toEqual({ tenants: 2, failed: [] });
    expect(seen).toEqual([a, b].sort().map((id) => `${id}:1`));
  });

  it('scopes lone statements and transactions run in a tenant scope, and nothing outside one', async () => {
    const scoped = tenantScopedDataSource(new DataSource({ type: 'postgres', url: db.url, extra: { max: 1, options: `-c role=${APP_DATABASE_ROLE}` } }));
    await scoped.initialize();
    try {
      tenantScopedDataSource(scoped);
      expect(await runInTenantScope(b, () => scoped.query(`SELECT count(*)::int AS n FROM leads`))).toEqual([{ n: 2 }]);
      expect(await runInTenantScope(b, () => scoped.transaction((m) => m.query(`SELECT count(*)::int AS n FROM campaigns`)))).toEqual([{ n: 1 }]);
      expect(await scoped.query(`SELECT count(*)::int AS n FROM leads`)).toEqual([{ n: 0 }]);
      await expect(runInTenantScope(b, () => scoped.query(`INSERT INTO leads (tenant_id, id, campaign_id) VALUES ($1, 'x', 'c1')`, [a]))).rejects.toThrow(/row-level security/);
    } finally {
      await scoped.destroy();
    }
  });

  it('keeps the migrations table out of reach', async () => {
    await expect(app.query(`SELECT * FROM schema_migrations`)).rejects.toThrow(/permission denied/);
  });

  it('forces the wall on every table but the migrations\' bookkeeping, so even the tables\' owner passes only as a superuser or BYPASSRLS', async () => {
    const tables = (await db.ds.query(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname AND p.policyname = 'tenant_wall') AS policy
        FROM pg_class c
       WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace AND c.relname <> 'schema_migrations'
       ORDER BY 1`)) as { table: string; enabled: boolean; forced: boolean; policy: boolean }[];
    expect(tables.length).toBeGreaterThan(20);
    expect(tables.filter((t) => !(t.enabled && t.forced && t.policy)).map((t) => t.table)).toEqual([]);
  });

  it('walls a table owner that is not a superuser (what FORCE adds)', async () => {
    const probe = `lb_owner_probe_${randomUUID().slice(0, 8)}`;
    const [{ owner }] = (await db.ds.query(`SELECT current_user AS owner`)) as { owner: string }[];
    await db.ds.query(`CREATE ROLE ${probe} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
    await db.ds.query(`ALTER TABLE campaigns OWNER TO ${probe}`);
    const qr = db.ds.createQueryRunner();
    try {
      await qr.connect();
      await qr.query(`SET ROLE ${probe}`);
      expect(await qr.query(`SELECT count(*)::int AS n FROM campaigns`)).toEqual([{ n: 0 }]);
      await qr.query(`BEGIN`);
      await qr.query(`SELECT set_config('app.tenant_id', $1, true)`, [a]);
      expect(await qr.query(`SELECT tenant_id FROM campaigns`)).toEqual([{ tenant_id: a }]);
      await qr.query(`COMMIT`);
    } finally {
      await qr.query(`RESET ROLE`).catch(() => undefined);
      await qr.release();
      await db.ds.query(`ALTER TABLE campaigns OWNER TO "${owner}"`);
      await db.ds.query(`DROP ROLE ${probe}`);
    }
  });

  it('shows the application role no row of any table outside a tenant, and only its tenant\'s rows inside one', async () => {
    const tables = ((await db.ds.query(`
      SELECT c.relname AS table FROM pg_class c
        JOIN pg_attribute att ON att.attrelid = c.oid AND att.attname = 'tenant_id' AND NOT att.attisdropped
       WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
       ORDER BY 1`)) as { table: string }[]).map((r) => r.table);
    const seen: string[] = [];
    for (const t of [...tables, 'tenants']) {
      const [{ n }] = (await app.query(`SELECT count(*)::int AS n FROM "${t}"`)) as { n: number }[];
      if (n) seen.push(`${t}: ${n}`);
    }
    expect(seen).toEqual([]);
    const others: string[] = [];
    await tenants.run(b, async (m) => {
      for (const t of tables) {
        const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM "${t}" WHERE tenant_id IS DISTINCT FROM $1`, [b])) as { n: number }[];
        if (n) others.push(`${t}: ${n}`);
      }
      expect(await m.query(`SELECT id FROM tenants`)).toEqual([{ id: b }]);
    });
    expect(others).toEqual([]);
    // While the owner sees both tenants' rows of those tables.
    const [{ n }] = (await db.ds.query(`SELECT count(DISTINCT tenant_id)::int AS n FROM users`)) as { n: number }[];
    expect(n).toBe(2);
  });

  it('walls every table that holds tenant rows (a new table without its policy fails here)', async () => {
    const unwalled = (await db.ds.query(`
      SELECT c.relname AS table FROM pg_class c
        JOIN pg_attribute att ON att.attrelid = c.oid AND att.attname IN ('tenant_id') AND NOT att.attisdropped
       WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
         AND NOT (c.relrowsecurity
                  AND EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname))
       ORDER BY 1`)) as { table: string }[];
    expect(unwalled).toEqual([]);
    const noTenantColumn = (await db.ds.query(`
      SELECT c.relname AS table FROM pg_class c
       WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_attribute att WHERE att.attrelid = c.oid AND att.attname = 'tenant_id')
       ORDER BY 1`)) as { table: string }[];
    // The only tables without a tenant column: the tenants themselves (walled on their id) and the migrations' bookkeeping.
    expect(noTenantColumn.map((r) => r.table)).toEqual(['schema_migrations', 'tenants']);
  });
});
