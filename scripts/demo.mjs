// `npm run demo`: builds, migrates, seeds a demo tenant, then runs API, worker, dashboard and the
// call-center simulator until Ctrl-C. Prints the dashboard URL and the demo credentials.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, ROOT, checkServices, reachable, run } from './lib.mjs';

/**
 * The demo's own secrets, generated once and kept in tmp/demo/secrets.json (owner-only), so tokens and
 * sealed integration secrets (Meta) still open after a restart. Nothing is built in: a real deployment
 * sets JWT_SECRET and SECRETS_KEY itself (docs/SECURITY.md).
 */
function demoSecrets() {
  const dir = join(ROOT, 'tmp', 'demo');
  const file = join(dir, 'secrets.json');
  const saved = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets = {
    jwtSecret: typeof saved.jwtSecret === 'string' ? saved.jwtSecret : randomBytes(32).toString('base64url'),
    secretsKey: typeof saved.secretsKey === 'string' ? saved.secretsKey : randomBytes(32).toString('base64'),
  };
  if (secrets.jwtSecret !== saved.jwtSecret || secrets.secretsKey !== saved.secretsKey) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
const secrets = demoSecrets();

const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  PORT: process.env.PORT ?? '3000',
  JWT_SECRET: process.env.JWT_SECRET ?? secrets.jwtSecret,
  SECRETS_KEY: process.env.SECRETS_KEY ?? secrets.secretsKey,
  // One JSON line per request and per batch would scroll the credentials below away: warnings and errors only, unless asked.
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

const DASHBOARD_PORT = Number(process.env.DASHBOARD_PORT ?? 4200);
const RATE = process.env.SIM_RATE ?? '25';
const skipBuild = process.argv.includes('--no-build');
const apiUrl = `http://127.0.0.1:${env.PORT}`;
const dashboardUrl = `http://127.0.0.1:${DASHBOARD_PORT}`;
const children = [];

function start(name, args, extraEnv = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `[${name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) if (line.trim()) process.stdout.write((line.startsWith(prefix) ? '' : prefix) + line + '\n');
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the demo`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitHttp(url, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not come up at ${url}`);
}

function cli(args) {
  return execFileSync(process.execPath, ['dist/apps/api/cli.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

async function demoTenant() {
  const file = join(ROOT, 'tmp', 'demo-tenant.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const res = await fetch(`${apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: saved.adminEmail, password: saved.adminPassword }),
    }).catch(() => null);
    if (res?.ok) return saved;
  }
  const created = JSON.parse(cli(['tenant:create', '--name', 'Demo Call Center', '--json']));
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}

async function main() {
  if (!(await checkServices(env.DATABASE_URL, env.REDIS_URL))) process.exit(1);
  for (const [port, what] of [[Number(env.PORT), 'API (PORT)'], [DASHBOARD_PORT, 'dashboard (DASHBOARD_PORT)']]) {
    if (await reachable('127.0.0.1', port, 500)) {
      console.error(`Port ${port} for the ${what} is already in use: stop what runs there or choose another port.`);
      process.exit(1);
    }
  }
  if (!skipBuild) {
    console.log('Building API, worker, dashboard and simulator…');
    if ((await run('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'])) !== 0) process.exit(1);
  }
  cli(['db:create']);
  cli(['db:migrate']);

  // The young generation the image gives them (Dockerfile, NODE_OPTIONS).
  const nodeFlags = ['--max-semi-space-size=64'];
  start('api', [...nodeFlags, 'dist/apps/api/main.js']);
  start('worker', [...nodeFlags, 'dist/apps/worker/main.js']);
  await waitHttp(`${apiUrl}/health/ready`, 'API');
  const tenant = await demoTenant();
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  start('dashboard', [vite, 'preview', '--config', 'apps/dashboard/vite.config.mts', '--port', String(DASHBOARD_PORT), '--strictPort', '--host', '127.0.0.1'], { LEADBOARD_API_URL: apiUrl });
  await waitHttp(dashboardUrl, 'dashboard');
  start('simulator', ['dist/apps/simulator/main.js', '--url', apiUrl, '--key', tenant.ingestKey, '--rate', RATE]);

  console.log(`
────────────────────────────────────────────────────────────────────
 Leadboard demo is running (Ctrl-C stops everything)

 Dashboard    ${dashboardUrl}
 Log in as    ${tenant.adminEmail}
 Password     ${tenant.adminPassword}
 Wall screen  ${dashboardUrl}/?wall=${tenant.wallToken}
 API          ${apiUrl}   (ingest key ${tenant.ingestKey})
 Simulator    ${RATE} events/s  (SIM_RATE=… to change; SIM_FORMAT=vicidial sends calls as VICIdial does)
────────────────────────────────────────────────────────────────────
`);
}

main().catch((err) => {
  console.error(err.message);
  stop(1);
});
