/**
 * The operator CLI (`npm run leadboard -- <command>`), see USAGE. Account and key changes are
 * audited (actor `cli`) and announced on Redis, so every running API process applies them at once
 * (a disabled user's or a revoked key's open sessions end); without Redis they apply within
 * PRINCIPAL_CACHE_MS. It needs no JWT secret: it signs nothing.
 *
 * It works as the `DATABASE_URL` login, the tables' owner (migrations, tenant creation), and does a
 * named tenant's work in that tenant's scope nevertheless, so each statement is walled to that tenant
 * whenever the login is one the policies bind (docs/SECURITY.md, "Tenant walls").
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import {
  ROLES,
  keyCreateSchema,
  keyPatchSchema,
  userCreateSchema,
  userPatchSchema,
  type AccessKeyView,
  type UserAccount,
} from '@leadboard/contracts';
import {
  AccessError,
  AccountAdmin,
  ConfigError,
  announceAccessChange,
  createRedis,
  createTenant,
  dataSourceOptions,
  ensureDatabase,
  isTenantId,
  loadAppConfig,
  runInTenantScope,
  runMigrations,
  tenantScopedDataSource,
  type AccessChange,
  type AdminActor,
  type AppConfig,
} from '@leadboard/server';
import type { ZodType } from 'zod';

const USAGE = `usage: leadboard <command> [options]
  db:create                      create the database of DATABASE_URL if it does not exist
  db:migrate                     apply pending migrations
  tenant:create --name <name> [--admin-email <e-mail>] [--json]
                                 create a tenant; prints its admin credentials, ingest key and wall token
  user:create --tenant <id> --email <e-mail> --role ${ROLES.join('|')} [--json]
                                 add a user; prints the generated password (once)
  user:list --tenant <id> [--json]
  user:disable|user:enable --tenant <id> --email <e-mail>
                                 a disabled user cannot log in; their tokens and live sockets stop at once
  user:role --tenant <id> --email <e-mail> --role ${ROLES.join('|')}
  user:end-sessions --tenant <id> --email <e-mail>
                                 every token the user holds stops working (they may log in again)
  key:create --tenant <id> --kind ingest|wall [--campaigns c1,c2] [--label <text>] [--expires-at <ISO time>] [--json]
                                 add an ingest key or a wall-screen token (shown once)
  key:list --tenant <id> [--json]  keys and tokens with their state (never the secret)
  key:expire --tenant <id> --key <key id> --at <ISO time>|never
  key:revoke --tenant <id> --key <key id>
                                 refused from then on; open wall screens using it are disconnected`;

const CLI_ACTOR: AdminActor = { kind: 'cli', id: null };

class UsageError extends Error {}

async function withDataSource<T>(config: AppConfig, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = tenantScopedDataSource(new DataSource(dataSourceOptions(config, 1)));
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

/** Publishes the changes once the work is done; a Redis that cannot be reached is reported, not fatal. */
async function withAccountAdmin<T>(config: AppConfig, tenantId: string, work: (admin: AccountAdmin) => Promise<T>): Promise<T> {
  if (!isTenantId(tenantId)) throw new UsageError('--tenant: a tenant id (a uuid, as tenant:create printed it)');
  const changes: AccessChange[] = [];
  const result = await withDataSource(config, (ds) => runInTenantScope(tenantId, () => work(new AccountAdmin(ds, async (c) => void changes.push(c)))));
  if (changes.length) {
    const redis = createRedis(config.redisUrl, 'producer', { lazyConnect: true, noReconnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      for (const c of changes) await announceAccessChange(redis, config.queuePrefix, c);
    } catch (err) {
      console.error(`warning: Redis not reachable (${(err as Error).message}); running API processes apply the change within PRINCIPAL_CACHE_MS`);
    } finally {
      redis.disconnect();
    }
  }
  return result;
}

type Printable = Record<string, string | string[] | number | boolean | null>;

function print(json: boolean | undefined, value: Printable): void {
  if (json) console.log(JSON.stringify(value));
  else for (const [k, v] of Object.entries(value)) console.log(`${k.padEnd(12)}${Array.isArray(v) ? v.join(',') : v}`);
}

function printList(json: boolean | undefined, rows: Printable[]): void {
  if (json) console.log(JSON.stringify(rows));
  else for (const r of rows) console.log(Object.values(r).map((v) => (Array.isArray(v) ? v.join(',') : String(v ?? '-'))).join('  '));
}

const userLine = (u: UserAccount): Printable => ({ userId: u.userId, email: u.email, role: u.role, disabled: u.disabled, createdAt: u.createdAt });
const keyLine = (k: AccessKeyView): Printable => ({
  keyId: k.keyId,
  kind: k.kind,
  state: k.state,
  label: k.label,
  campaignIds: k.campaignIds,
  expiresAt: k.expiresAt,
  createdAt: k.createdAt,
});

/** Validates with the API's own schema, so the CLI and the API accept exactly the same things. */
function valid<T>(schema: ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new UsageError(r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

async function userByEmail(admin: AccountAdmin, tenantId: string, email: string): Promise<UserAccount> {
  const user = await admin.findUserByEmail(tenantId, email);
  if (!user) throw new AccessError('not_found', `no user ${email} in tenant ${tenantId}`);
  return user;
}

const OPTIONS = {
  name: { type: 'string' },
  'admin-email': { type: 'string' },
  tenant: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  kind: { type: 'string' },
  campaigns: { type: 'string' },
  label: { type: 'string' },
  'expires-at': { type: 'string' },
  key: { type: 'string' },
  at: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadAppConfig();
  if (command === 'db:create') {
    const created = await ensureDatabase(config.databaseUrl);
    console.error(created ? 'database created' : 'database already exists');
    return 0;
  }
  if (command === 'db:migrate') {
    const applied = await runMigrations(config);
    console.error(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
    return 0;
  }
  const { values: v } = parseArgs({ args: rest, options: OPTIONS });
  switch (command) {
    case 'tenant:create': {
      const t = await withDataSource(config, (ds) => createTenant(ds, { name: need(v.name, '--name <name>'), adminEmail: v['admin-email'] }));
      print(v.json, { ...t });
      return 0;
    }
    case 'user:create': {
      const tenant = need(v.tenant, '--tenant <id>');
      const input = valid(userCreateSchema, { email: v.email, role: v.role });
      const u = await withAccountAdmin(config, tenant, (a) => a.createUser(tenant, input, CLI_ACTOR));
      print(v.json, { email: u.email, password: u.password, role: u.role, userId: u.userId });
      return 0;
    }
    case 'user:list': {
      const tenant = need(v.tenant, '--tenant <id>');
      printList(v.json, (await withAccountAdmin(config, tenant, (a) => a.listUsers(tenant))).map(userLine));
      return 0;
    }
    case 'user:disable':
    case 'user:enable':
    case 'user:role': {
      const tenant = need(v.tenant, '--tenant <id>');
      const email = need(v.email, '--email <e-mail>');
      const patch = valid(userPatchSchema, command === 'user:role' ? { role: v.role } : { disabled: command === 'user:disable' });
      const u = await withAccountAdmin(config, tenant, async (a) => a.updateUser(tenant, (await userByEmail(a, tenant, email)).userId, patch, CLI_ACTOR));
      print(v.json, userLine(u));
      return 0;
    }
    case 'user:end-sessions': {
      const tenant = need(v.tenant, '--tenant <id>');
      const email = need(v.email, '--email <e-mail>');
      const u = await withAccountAdmin(config, tenant, async (a) => a.endSessions(tenant, (await userByEmail(a, tenant, email)).userId, CLI_ACTOR));
      print(v.json, userLine(u));
      return 0;
    }
    case 'key:create': {
      const tenant = need(v.tenant, '--tenant <id>');
      const campaignIds = v.campaigns ? v.campaigns.split(',').map((c) => c.trim()).filter(Boolean) : null;
      const input = valid(keyCreateSchema, { kind: v.kind, label: v.label, campaignIds, expiresAt: v['expires-at'] });
      const k = await withAccountAdmin(config, tenant, (a) => a.createKey(tenant, input, CLI_ACTOR));
      print(v.json, { kind: k.kind, key: k.key, keyId: k.keyId, campaignIds: k.campaignIds, expiresAt: k.expiresAt });
      return 0;
    }
    case 'key:list': {
      const tenant = need(v.tenant, '--tenant <id>');
      printList(v.json, (await withAccountAdmin(config, tenant, (a) => a.listKeys(tenant))).map(keyLine));
      return 0;
    }
    case 'key:expire': {
      const tenant = need(v.tenant, '--tenant <id>');
      const at = need(v.at, '--at <ISO time>|never');
      const patch = valid(keyPatchSchema, { expiresAt: at === 'never' ? null : at });
      print(v.json, keyLine(await withAccountAdmin(config, tenant, (a) => a.updateKey(tenant, need(v.key, '--key <key id>'), patch, CLI_ACTOR))));
      return 0;
    }
    case 'key:revoke': {
      const tenant = need(v.tenant, '--tenant <id>');
      print(v.json, keyLine(await withAccountAdmin(config, tenant, (a) => a.revokeKey(tenant, need(v.key, '--key <key id>'), CLI_ACTOR))));
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
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(err instanceof ConfigError || err instanceof AccessError ? err.message : `error: ${(err as Error).message}`);
    process.exit(1);
  },
);
