/**
 * The operator CLI (`npm run leadboard -- <command>`):
 *   db:create                     create the database named in DATABASE_URL if missing
 *   db:migrate                    apply pending migrations
 *   tenant:create --name <name> [--admin-email <e-mail>] [--json]
 *                                 create a tenant with an admin, an ingest key and a wall token
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ConfigError, createTenant, dataSourceOptions, ensureDatabase, loadAppConfig, runMigrations } from '@leadboard/server';

const USAGE = `usage: leadboard <command> [options]
  db:create                      create the database of DATABASE_URL if it does not exist
  db:migrate                     apply pending migrations
  tenant:create --name <name> [--admin-email <e-mail>] [--json]
                                 create a tenant; prints its admin credentials, ingest key and wall token`;

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
      const ds = new DataSource(dataSourceOptions(config, 1));
      await ds.initialize();
      try {
        const t = await createTenant(ds, { name: values.name, adminEmail: values['admin-email'] });
        if (values.json) console.log(JSON.stringify(t));
        else {
          console.log(`tenant      ${t.tenantId}\nadmin       ${t.adminEmail}\npassword    ${t.adminPassword}\ningest key  ${t.ingestKey}\nwall token  ${t.wallToken}`);
        }
        return 0;
      } finally {
        await ds.destroy();
      }
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
