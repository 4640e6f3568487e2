// The bench's own database and Redis key prefix: created with the operator CLI, removed at the end.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import IORedis from 'ioredis';
import pg from 'pg';
import { ROOT } from './procs.mjs';

const execFileAsync = promisify(execFile);

export function cli(args, env) {
  return execFileAsync(process.execPath, ['dist/apps/api/cli.js', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
}

export function databaseUrlFor(base, name) {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(env) {
  await cli(['db:create'], env);
  await cli(['db:migrate'], env);
}

export async function createTenant(env) {
  const { stdout } = await cli(['tenant:create', '--name', 'Leadboard bench', '--json'], env);
  return JSON.parse(stdout.trim().split('\n').pop());
}

export async function dropDatabase(databaseUrl) {
  const u = new URL(databaseUrl);
  const name = u.pathname.slice(1);
  if (!/^leadboard_bench_[a-z0-9]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Deletes every key starting with `prefix` (the app's QUEUE_PREFIX and the baseline's share it). */
export async function deleteRedisKeys(redisUrl, prefix) {
  if (!/^lbbench-[a-z0-9]+$/.test(prefix)) throw new Error(`refusing to delete keys of ${prefix}`);
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Redis used_memory (MB) and its pid, for memory and CPU readings. */
export async function redisInfo(redis) {
  const mem = await redis.info('memory');
  const srv = await redis.info('server');
  const used = Number(/used_memory:(\d+)/.exec(mem)?.[1] ?? NaN) / 1024 / 1024;
  const pid = Number(/process_id:(\d+)/.exec(srv)?.[1] ?? 0) || null;
  return { usedMb: used, pid };
}
