// What re-checking the caller on every request costs: the built API, started twice — with its
// principal cache (PRINCIPAL_CACHE_MS default; revocations clear it through Redis) and without
// (PRINCIPAL_CACHE_MS=0: one PostgreSQL read per request) — answers sequential requests with a
// user's token and with a wall token. The request is authenticated, then refused by validation
// (an id with a control character: 400), so nothing but the authentication touches PostgreSQL.
// Prints the percentiles of each, and the difference of the medians.
//   node bench/auth-check.mjs [--requests 2000]        (after npm run build)
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createDatabase, createTenant, databaseUrlFor, deleteRedisKeys, dropDatabase } from './lib/setup.mjs';
import { freePort, killAllSync, startApp, stopProcess, waitFor } from './lib/procs.mjs';
import { percentile } from './lib/stats.mjs';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' } } });
const requests = Number(values.requests);
const id = randomBytes(4).toString('hex');
const base = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const env = {
  DATABASE_URL: databaseUrlFor(base, `leadboard_bench_${id}`),
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  QUEUE_PREFIX: `lbbench-${id}`,
  JWT_SECRET: randomBytes(32).toString('base64url'),
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
};
process.on('exit', killAllSync);

async function timed(url, token) {
  const ms = [];
  for (let i = 0; i < requests; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(`${url}/api/v1/campaigns/%01/metrics`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 400) throw new Error(`expected 400 after authentication, got ${res.status}`);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  // the first tenth warms up (JIT, connections, the cache's first read)
  const kept = ms.slice(Math.floor(requests / 10)).sort((a, b) => a - b);
  return { mean: kept.reduce((s, v) => s + v, 0) / kept.length, p50: percentile(kept, 50), p90: percentile(kept, 90), p99: percentile(kept, 99) };
}

async function main() {
  await createDatabase(env);
  const tenant = await createTenant(env);
  const rows = [];
  for (const [mode, cacheMs] of [['cached', '30000'], ['no cache', '0']]) {
    const port = await freePort();
    const log = [];
    const api = startApp('api', 'dist/apps/api/main.js', { ...env, PORT: String(port), PRINCIPAL_CACHE_MS: cacheMs }, log);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/health/ready`).catch(() => null))?.ok === true, { what: 'API ready' });
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: tenant.adminEmail, password: tenant.adminPassword }),
    }).then((r) => r.json());
    for (const [who, token] of [['user (JWT)', login.accessToken], ['wall token', tenant.wallToken]]) rows.push({ mode, who, ...(await timed(url, token)) });
    await stopProcess(api);
  }
  console.log(`\n${requests} sequential authenticated requests each (the first tenth not counted), ms\n`);
  console.log('mode      credential      p50     p90     p99    mean');
  const f = (v) => v.toFixed(3).padStart(7);
  for (const r of rows) console.log(`${r.mode.padEnd(9)} ${r.who.padEnd(12)} ${f(r.p50)} ${f(r.p90)} ${f(r.p99)} ${f(r.mean)}`);
  for (const who of ['user (JWT)', 'wall token']) {
    const [a, b] = [rows.find((r) => r.mode === 'cached' && r.who === who), rows.find((r) => r.mode === 'no cache' && r.who === who)];
    console.log(`RESULT ${who}: median ${a.p50.toFixed(3)} ms cached, ${b.p50.toFixed(3)} ms reading PostgreSQL each time (+${(b.p50 - a.p50).toFixed(3)} ms)`);
  }
}

main()
  .catch((err) => {
    console.error(err.message);
    process.exitCode = 1;
  })
  .finally(async () => {
    await dropDatabase(env.DATABASE_URL).catch(() => undefined);
    await deleteRedisKeys(env.REDIS_URL, env.QUEUE_PREFIX).catch(() => undefined);
  });
