/**
 * Who may own the walled tables (migration TenantWallsForced, docs/SECURITY.md "Tenant walls"): the
 * migrations run as a login that is not a superuser — as on a managed PostgreSQL — succeed when it has
 * BYPASSRLS and make it a member of `leadboard_app`, so the processes can switch to that role with the
 * same login; without BYPASSRLS they stop at the forced policies with the statement that fixes it.
 */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appDataSourceOptions, requireWalledRole, runMigrations } from '../database/data-source';
import { TenantDatabase } from './tenant-database';

const base = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const suffix = randomBytes(4).toString('hex');
let admin: DataSource;
const made: { role: string; database: string }[] = [];

/** A login (not a superuser; CREATEROLE as a managed service's administrator has) owning a new database. */
async function ownerLogin(label: string, bypassRls: boolean): Promise<string> {
  const role = `lb_owner_${label}_${suffix}`;
  const database = `leadboard_it_owner_${label}_${suffix}`;
  await admin.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER CREATEROLE ${bypassRls ? 'BYPASSRLS' : 'NOBYPASSRLS'}`);
  await admin.query(`CREATE DATABASE ${database} OWNER ${role}`);
  made.push({ role, database });
  const url = new URL(`${base}/${database}`);
  url.username = role;
  url.password = '';
  return url.toString();
}

beforeAll(async () => {
  admin = await new DataSource({ type: 'postgres', url: `${base}/postgres`, extra: { max: 1 } }).initialize();
});

afterAll(async () => {
  for (const { role, database } of made) {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
  }
  await admin?.destroy();
});

it('a BYPASSRLS owner migrates, becomes a member of leadboard_app, and its processes work as that role', async () => {
  const url = await ownerLogin('bypass', true);
  const applied = await runMigrations({ databaseUrl: url });
  expect(applied).toContain('TenantWallsForced1765612800000');
  const app = await new DataSource(appDataSourceOptions({ databaseUrl: url }, 1)).initialize();
  try {
    await expect(requireWalledRole(app)).resolves.toBe('leadboard_app');
    // The narrow lookups, run as their BYPASSRLS owner, still see through the forced policies.
    const owner = await new DataSource({ type: 'postgres', url, extra: { max: 1 } }).initialize();
    try {
      await owner.query(`INSERT INTO tenants (id, name) VALUES ('00000000-0000-4000-8000-0000000000a1', 'owned')`);
    } finally {
      await owner.destroy();
    }
    expect(await new TenantDatabase(app).tenantIds()).toEqual(['00000000-0000-4000-8000-0000000000a1']);
    expect(await app.query(`SELECT count(*)::int AS n FROM tenants`)).toEqual([{ n: 0 }]);
  } finally {
    await app.destroy();
  }
});

it('an owner without BYPASSRLS is refused by the migration that forces the policies, which says how to fix it', async () => {
  const url = await ownerLogin('walled', false);
  await expect(runMigrations({ databaseUrl: url })).rejects.toThrow(/superuser or to have BYPASSRLS.*ALTER ROLE lb_owner_walled_\w+ BYPASSRLS/);
  // Nothing forced: the earlier migrations stand, the forcing one rolled back whole.
  const db = await new DataSource({ type: 'postgres', url: `${base}/${made.at(-1)!.database}`, extra: { max: 1 } }).initialize();
  try {
    expect(await db.query(`SELECT count(*) FILTER (WHERE relrowsecurity)::int > 0 AS enabled, count(*) FILTER (WHERE relforcerowsecurity)::int AS forced FROM pg_class`)).toEqual([{ enabled: true, forced: 0 }]);
  } finally {
    await db.destroy();
  }
});
