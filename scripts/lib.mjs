// Small helpers shared by the demo and test scripts (plain Node, no build needed).
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

export const ROOT = new URL('..', import.meta.url).pathname;

export const NX_ENV = { NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'false' };

/** Runs a command with inherited output; resolves with its exit code. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...NX_ENV, ...opts.env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** True when something accepts TCP connections at host:port within the timeout. */
export function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) };
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/leadboard';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';

/** Explains how to start PostgreSQL / Redis when they are not reachable. */
export async function checkServices(databaseUrl, redisUrl) {
  const pg = hostPort(databaseUrl, 5432);
  const redis = hostPort(redisUrl, 6379);
  const [pgOk, redisOk] = await Promise.all([reachable(pg.host, pg.port), reachable(redis.host, redis.port)]);
  if (pgOk && redisOk) return true;
  const missing = [!pgOk && `PostgreSQL at ${pg.host}:${pg.port}`, !redisOk && `Redis at ${redis.host}:${redis.port}`].filter(Boolean);
  console.error(`\nLeadboard needs ${missing.join(' and ')}, and cannot reach it.\n`);
  console.error('Start them with Docker:');
  console.error('  docker compose up -d postgres redis\n');
  console.error('or, on a Debian machine with the packages installed:');
  if (!pgOk) console.error('  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
  if (!redisOk) console.error('  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no');
  console.error('\nor point DATABASE_URL / REDIS_URL at running servers.\n');
  return false;
}
