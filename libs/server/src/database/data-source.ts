import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { APP_DATABASE_ROLE } from '../tenants/tenant-database';
import { tenantScopedDataSource } from '../tenants/tenant-scope';

/**
 * Every connection runs without JIT compilation. The statements are short (a set's writes, keyed reads), but
 * on tables whose statistics lag their growth the planner's cost estimates pass `jit_above_cost`, and the
 * compilation then costs more than the query: 20–33 ms of LLVM work each time for the known-customer
 * statement, two thirds of its time over `npm run bench` (`pg_stat_statements`' jit columns), and more of
 * them as the tables grow. The few long reads (the contribution window) lose little without it.
 */
const SESSION_OPTIONS = '-c jit=off';

/** synchronize is off everywhere: migrations are the only way the schema changes. */
export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl'>, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: ENTITIES,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: SESSION_OPTIONS },
  };
}

/**
 * The API's and the workers' connections: the `DATABASE_URL` login, which then works as
 * `leadboard_app` (a startup `SET ROLE`: the login must be a superuser or a member of that role, which
 * the migrations grant to the login that runs them), so PostgreSQL's row-level security walls every
 * statement to the transaction's tenant (docs/SECURITY.md, "Tenant walls"). Migrations and the CLI use
 * `dataSourceOptions`: they work as the login itself, the tables' owner.
 */
export function appDataSourceOptions(config: Pick<AppConfig, 'databaseUrl'>, poolSize = 10): DataSourceOptions {
  const base = dataSourceOptions(config, poolSize);
  return {
    ...base,
    // The app role may not create extensions; the migrations installed what the schema needs.
    installExtensions: false,
    extra: { ...(base.extra as object), options: `${SESSION_OPTIONS} -c role=${APP_DATABASE_ROLE}` },
  } as DataSourceOptions;
}

/**
 * A data source whose transactions and lone statements carry the tenant of the scope they run in
 * (tenant-scope.ts); for the Nest modules' `dataSourceFactory` and for tools.
 */
export async function initializeScopedDataSource(options: DataSourceOptions): Promise<DataSource> {
  return tenantScopedDataSource(new DataSource(options)).initialize();
}

/**
 * The role a connection works as, refusing one that row-level security does not bind (a superuser or
 * a `BYPASSRLS` role): the API and the workers fail to start rather than run without the walls.
 */
export async function requireWalledRole(ds: DataSource): Promise<string> {
  const [row] = (await ds.query(`SELECT current_user AS role, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`)) as {
    role: string;
    rolsuper: boolean;
    rolbypassrls: boolean;
  }[];
  if (!row || row.rolsuper || row.rolbypassrls) {
    throw new Error(`the database connection works as ${row?.role ?? 'an unknown role'}, which row-level security does not bind; the processes must work as ${APP_DATABASE_ROLE} (docs/SECURITY.md, "Tenant walls")`);
  }
  return row.role;
}

/** The processes' data source: as `leadboard_app`, tenant-scoped, its role checked and logged once. */
export async function initializeAppDataSource(options: DataSourceOptions): Promise<DataSource> {
  const ds = await initializeScopedDataSource(options);
  try {
    const role = await requireWalledRole(ds);
    new Logger('Database').log(`working as ${role}: every statement walled to its tenant by row-level security`);
  } catch (err) {
    await ds.destroy().catch(() => undefined);
    throw err;
  }
  return ds;
}

export async function runMigrations(config: Pick<AppConfig, 'databaseUrl'>): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(config, 1));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Creates the database named in the URL when it does not exist (demo and tests; not for production). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`DATABASE_URL: unsupported database name "${name}"`);
  url.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: url.toString(), extra: { max: 1 } });
  await ds.initialize();
  try {
    const rows: unknown[] = await ds.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length > 0) return false;
    await ds.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await ds.destroy();
  }
}

/**
 * TypeORM's postgres driver answers `UPDATE … RETURNING` / `DELETE … RETURNING` with
 * `[rows, affectedCount]` but `INSERT`/`SELECT` with the rows alone; this returns the rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
