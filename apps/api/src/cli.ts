/**
 * The operator CLI (`npm run leadboard -- <command>`):
 *   db:create                     create the database named in DATABASE_URL if missing
 *   db:migrate                    apply pending migrations
 *   tenant:create --name <name> [--admin-email <e-mail>] [--json]
 *                                 create a tenant with an admin, an ingest key and a wall token
 *   user:create --tenant <id> --email <e-mail> --role admin|manager|supervisor [--json]
 *   key:create --tenant <id> --kind ingest|wall [--campaigns c1,c2] [--json]
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '@leadboard/contracts';
import {
  ConfigError,
  createAccessKey,
  createTenant,
  createUser,
  dataSourceOptions,
  ensureDatabase,
  loadAppConfig,
  runMigrations,
  type AppConfig,
} from '@leadboard/server';

const USAGE = `usage: leadboard <command> [options]
  db:create                      create the database of DATABASE_URL if it does not exist
  db:migrate                     apply pending migrations
  tenant:create --name <name> [--admin-email <e-mail>] [--json]
                                 create a tenant; prints its admin credentials, ingest key and wall token
  user:create --tenant <id> --email <e-mail> --role admin|manager|supervisor [--json]
                                 add a user; prints the generated password
  key:create --tenant <id> --kind ingest|wall [--campaigns c1,c2] [--json]
                                 add an ingest key or a wall-screen token (optionally limited to campaigns)`;

async function withDataSource<T>(config: AppConfig, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(dataSourceOptions(config, 1));
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

function print(json: boolean | undefined, value: Record<string, string | string[] | null>): void {
  if (json) console.log(JSON.stringify(value));
  else for (const [k, v] of Object.entries(value)) console.log(`${k.padEnd(12)}${Array.isArray(v) ? v.join(',') : v}`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadAppConfig();
  switch (command) {
    case 'db:create': {
      const created = await ensureDatabase(config.databaseUrl);
      console.error(created ? 'database created' : 'database already exists');
      return 0;
    }
    case 'db:migrate': {
      const applied = await runMigrations(config);
      console.error(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
      return 0;
    }
    case 'tenant:create': {
      const { values } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, 'admin-email': { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      if (!values.name) {
        console.error('tenant:create needs --name <name>');
        return 2;
      }
      const t = await withDataSource(config, (ds) => createTenant(ds, { name: values.name!, adminEmail: values['admin-email'] }));
      print(values.json, { ...t });
      return 0;
    }
    case 'user:create': {
      const { values } = parseArgs({
        args: rest,
        options: { tenant: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      if (!values.tenant || !values.email || !(ROLES as readonly string[]).includes(values.role ?? '')) {
        console.error(`user:create needs --tenant <id> --email <e-mail> --role ${ROLES.join('|')}`);
        return 2;
      }
      const u = await withDataSource(config, (ds) => createUser(ds, { tenantId: values.tenant!, email: values.email!, role: values.role as Role }));
      print(values.json, { email: u.email, password: u.password, role: values.role! });
      return 0;
    }
    case 'key:create': {
      const { values } = parseArgs({
        args: rest,
        options: { tenant: { type: 'string' }, kind: { type: 'string' }, campaigns: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      if (!values.tenant || (values.kind !== 'ingest' && values.kind !== 'wall')) {
        console.error('key:create needs --tenant <id> --kind ingest|wall');
        return 2;
      }
      const campaignIds = values.campaigns ? values.campaigns.split(',').map((c) => c.trim()).filter(Boolean) : null;
      const key = await withDataSource(config, (ds) => createAccessKey(ds, { tenantId: values.tenant!, kind: values.kind as 'ingest' | 'wall', campaignIds }));
      print(values.json, { kind: values.kind, key, campaignIds });
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `error: ${(err as Error).message}`);
    process.exit(1);
  },
);
