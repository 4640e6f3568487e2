/**
 * Starts Leadboard as a user would — the built API, worker(s) and optionally the dashboard, each its
 * own process — against the run's test database and a Redis key prefix of its own.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, testEnv } from './test-env';
import { waitFor } from './wait';

const execFileAsync = promisify(execFile);

export interface TenantCredentials {
  tenantId: string;
  ingestKey: string;
  adminEmail: string;
  adminPassword: string;
  wallToken: string;
}

export interface StackOptions {
  dashboard?: boolean;
  workers?: number;
  redisUrl?: string;
  env?: Record<string, string>;
  /** How long the API and each worker may take to start (90 s by default: a guard, not a measure — a quiet machine starts them in a few seconds). */
  startTimeoutMs?: number;
}

export interface Stack {
  apiUrl: string;
  dashboardUrl: string;
  env: Record<string, string>;
  /** Starts one more worker process (returns it, e.g. to kill it). */
  startWorker(): Promise<ChildProcess>;
  workers: ChildProcess[];
  logs(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(name: string, args: string[], env: Record<string, string>, log: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    log.push(`[${name}] ${chunk.toString()}`);
    if (log.length > 2000) log.splice(0, log.length - 2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const test = testEnv();
  const port = await freePort();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: test.databaseUrl,
    REDIS_URL: opts.redisUrl ?? test.redisUrl,
    QUEUE_PREFIX: `${test.redisPrefix}-${randomBytes(3).toString('hex')}`,
    // A signing secret of the run's own: the API has none built in.
    JWT_SECRET: randomBytes(32).toString('base64url'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    PORT: String(port),
    HOST: '127.0.0.1',
    METRICS_PUSH_INTERVAL_MS: '150',
    ...opts.env,
  };
  const log: string[] = [];
  const procs: ChildProcess[] = [];
  const workers: ChildProcess[] = [];
  const apiUrl = `http://127.0.0.1:${port}`;

  procs.push(run('api', ['dist/apps/api/main.js'], env, log));
  const startWorker = async () => {
    const w = run(`worker${workers.length}`, ['dist/apps/worker/main.js'], env, log);
    workers.push(w);
    procs.push(w);
    await waitFor(() => log.some((l) => l.includes(`worker started (pid ${w.pid})`)), { timeoutMs: opts.startTimeoutMs ?? 90_000, what: 'worker start' });
    return w;
  };
  const stop = async () => {
    await Promise.all(procs.map(stopProcess));
  };
  try {
    await waitFor(async () => (await fetch(`${apiUrl}/health/ready`).catch(() => null))?.ok === true, {
      timeoutMs: opts.startTimeoutMs ?? 90_000,
      what: 'API ready',
    });
    for (let i = 0; i < (opts.workers ?? 1); i++) await startWorker();
    let dashboardUrl = '';
    if (opts.dashboard) {
      const dport = await freePort();
      const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
      procs.push(
        run('dashboard', [vite, 'preview', '--config', 'apps/dashboard/vite.config.mts', '--port', String(dport), '--strictPort', '--host', '127.0.0.1'], { ...env, LEADBOARD_API_URL: apiUrl }, log),
      );
      dashboardUrl = `http://127.0.0.1:${dport}`;
      await waitFor(async () => (await fetch(dashboardUrl).catch(() => null))?.ok === true, { timeoutMs: opts.startTimeoutMs ?? 90_000, what: 'dashboard' });
    }
    return { apiUrl, dashboardUrl, env, startWorker, workers, logs: () => log.join(''), stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- process output ---\n${log.join('').slice(-4000)}`);
  }
}

/** Creates a tenant with the operator CLI, exactly as the README says (`tenant:create --json`). */
export async function createTenant(stack: Pick<Stack, 'env'>, name = `Tenant ${randomBytes(3).toString('hex')}`): Promise<TenantCredentials> {
  const { stdout } = await execFileAsync(process.execPath, ['dist/apps/api/cli.js', 'tenant:create', '--name', name, '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...stack.env },
  });
  return JSON.parse(stdout) as TenantCredentials;
}

export function postEvents(stack: Pick<Stack, 'apiUrl'>, ingestKey: string, events: unknown[]): Promise<Response> {
  return postRaw(stack, ingestKey, JSON.stringify({ events }));
}

export function postRaw(stack: Pick<Stack, 'apiUrl'>, token: string, body: string): Promise<Response> {
  return fetch(`${stack.apiUrl}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
}

export async function login(stack: Pick<Stack, 'apiUrl'>, email: string, password: string): Promise<string> {
  const res = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function getJson<T = unknown>(stack: Pick<Stack, 'apiUrl'>, path: string, token: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}
