/**
 * Leadboard as several processes, the way `docker compose up --scale api=2 --scale worker=2` runs it,
 * for one fault scenario: a database and a redis-server (AOF everysec) of its own, N API and M worker
 * processes from `dist/` (with `pgProxy`, each reaching PostgreSQL through a TCP proxy of its own,
 * pass-through until the scenario breaks it), and a balancer proxy in front of the APIs for the
 * screens' sockets.
 * A process that exits without the scenario having killed it is recorded: that is a failure.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { ownRedis, type OwnRedis } from '../../support/own-redis';
import { createTenant, freePort, type TenantCredentials } from '../../support/stack';
import { localPortsTo } from '../../support/proc-sockets';
import { TcpProxy } from '../../support/tcp-proxy';
import { ROOT } from '../../support/test-env';
import { waitFor } from '../../support/wait';
import { FAULT_DB_PREFIX, faultServerUrl } from './fault-env';

const execFileAsync = promisify(execFile);

export type Role = 'api' | 'worker';

export class AppProcess {
  proc: ChildProcess | null = null;
  /** Set by the scenario before it kills the process: that exit is expected. */
  private killing = false;
  readonly exits: { code: number | null; signal: NodeJS.Signals | null; expected: boolean }[] = [];

  constructor(
    readonly name: string,
    readonly role: Role,
    readonly port: number | null,
    /** This process's own way to PostgreSQL, when the scenario breaks that link; null: direct. */
    private readonly proxy: TcpProxy | null,
    private readonly pgPort: number,
    private readonly env: Record<string, string>,
    private readonly log: string[],
  ) {}

  get pgProxy(): TcpProxy {
    if (!this.proxy) throw new Error(`${this.name} reaches PostgreSQL directly: start the cluster with pgProxy`);
    return this.proxy;
  }

  /** Local ports of this process's PostgreSQL connections (PostgreSQL's `client_port`). */
  pgClientPorts(): number[] {
    if (this.proxy) return this.proxy.upstreamLocalPorts();
    return this.pid ? localPortsTo(this.pid, this.pgPort) : [];
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(): Promise<void> {
    const script = this.role === 'api' ? 'dist/apps/api/main.js' : 'dist/apps/worker/main.js';
    const env = { ...process.env, ...this.env, ...(this.port ? { PORT: String(this.port) } : {}) };
    const child = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = child;
    this.killing = false;
    const keep = (chunk: Buffer) => {
      this.log.push(`[${this.name}] ${chunk.toString()}`);
      if (this.log.length > 3000) this.log.splice(0, this.log.length - 3000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => this.exits.push({ code, signal, expected: this.killing }));
    if (this.role === 'api') {
      await waitFor(async () => (await fetch(`${this.url}/health/ready`).catch(() => null))?.ok === true, { timeoutMs: 180_000, what: `${this.name} ready` });
    } else {
      await waitFor(() => this.log.some((l) => l.includes(`worker started (pid ${child.pid})`)), { timeoutMs: 180_000, what: `${this.name} started` });
    }
  }

  /** Sends `signal` and waits for the exit (SIGTERM: escalates to SIGKILL after 10 s). */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.proc;
    if (!child || !this.running) return;
    this.killing = true;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const timer = signal === 'SIGKILL' ? null : setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    if (timer) clearTimeout(timer);
  }

  unexpectedExits(): string[] {
    return this.exits.filter((e) => !e.expected).map((e) => `${this.name} exited (${e.signal ?? `code ${e.code}`})`);
  }
}

export interface ClusterOptions {
  apis?: number;
  workers?: number;
  /** Every process reaches PostgreSQL through a proxy of its own (to refuse or slow that link). */
  pgProxy?: boolean;
  env?: Record<string, string>;
}

export interface Cluster {
  dbName: string;
  databaseUrl: string;
  redis: OwnRedis;
  apis: AppProcess[];
  workers: AppProcess[];
  /** In front of the APIs, as nginx is in the compose file: the screens connect here. */
  balancer: TcpProxy;
  tenant: TenantCredentials;
  /** The test's own connection to the database (direct, never through a proxy). */
  db: DataSource;
  all(): AppProcess[];
  logs(): string;
  stop(): Promise<void>;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const dbName = `${FAULT_DB_PREFIX}${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const server = new URL(faultServerUrl());
  const databaseUrl = Object.assign(new URL(server.toString()), { pathname: `/${dbName}` }).toString();
  const pg = { host: server.hostname, port: Number(server.port || 5432) };
  const log: string[] = [];
  const redis = await ownRedis({ aof: true });
  await redis.start();
  for (const command of ['db:create', 'db:migrate']) {
    await execFileAsync(process.execPath, ['dist/apps/api/cli.js', command], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } });
  }
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'lbfault',
    // One signing secret for every API node: a token from one is valid on the others.
    JWT_SECRET: randomBytes(32).toString('base64url'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    HOST: '127.0.0.1',
    METRICS_PUSH_INTERVAL_MS: '200',
    ...opts.env,
  };
  const apis: AppProcess[] = [];
  const workers: AppProcess[] = [];
  const proxies: TcpProxy[] = [];
  const make = async (name: string, role: Role) => {
    const proxy = opts.pgProxy ? await TcpProxy.start([pg]) : null;
    if (proxy) proxies.push(proxy);
    const port = role === 'api' ? await freePort() : null;
    return new AppProcess(name, role, port, proxy, pg.port, { ...env, DATABASE_URL: proxy ? proxy.urlFor(databaseUrl) : databaseUrl }, log);
  };
  for (let i = 0; i < (opts.apis ?? 2); i++) apis.push(await make(`api${i}`, 'api'));
  for (let i = 0; i < (opts.workers ?? 2); i++) workers.push(await make(`worker${i}`, 'worker'));
  const db = new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: 3 } });
  let balancer: TcpProxy | null = null;
  const stop = async () => {
    await Promise.all([...apis, ...workers].map((p) => p.kill('SIGTERM')));
    await balancer?.stop();
    await Promise.all(proxies.map((p) => p.stop()));
    if (db.isInitialized) await db.destroy();
    await redis.stop();
    await redis.remove();
    await dropFaultDatabase(dbName);
  };
  try {
    await Promise.all(apis.map((a) => a.start()));
    await Promise.all(workers.map((w) => w.start()));
    balancer = await TcpProxy.start(apis.map((a) => ({ host: '127.0.0.1', port: a.port as number })));
    await db.initialize();
    const tenant = await createTenant({ env: { ...env, DATABASE_URL: databaseUrl } });
    return {
      dbName,
      databaseUrl,
      redis,
      apis,
      workers,
      balancer,
      tenant,
      db,
      all: () => [...apis, ...workers],
      logs: () => log.join(''),
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw new Error(`${(err as Error).message}\n--- process output ---\n${log.join('').slice(-4000)}`);
  }
}

export async function dropFaultDatabase(name: string): Promise<void> {
  if (!name.startsWith(FAULT_DB_PREFIX)) throw new Error(`refusing to drop ${name}`);
  const url = new URL(faultServerUrl());
  url.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: url.toString(), extra: { max: 1 } });
  await ds.initialize();
  try {
    await ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await ds.destroy();
  }
}

/** PostgreSQL backends of one process (those behind its proxy), with what they are doing. */
export async function backendsOf(db: DataSource, p: AppProcess): Promise<{ pid: number; state: string | null; inTransaction: boolean }[]> {
  const ports = p.pgClientPorts();
  if (!ports.length) return [];
  const rows = (await db.query(
    `SELECT pid, state, xact_start IS NOT NULL AS in_tx FROM pg_stat_activity WHERE datname = current_database() AND client_port = ANY($1::int[])`,
    [ports],
  )) as { pid: number; state: string | null; in_tx: boolean }[];
  return rows.map((r) => ({ pid: r.pid, state: r.state, inTransaction: r.in_tx }));
}
