// The soak: Leadboard as it is scaled out (`--apis` API nodes, `--workers` workers) under the paced
// load for a long time (`npm run bench -- --soak 1800`: 30 minutes at 1,000 events/s, 2 APIs,
// 2 workers, 200 open sockets). Every minute it prints the RSS of every process, Redis memory,
// the largest PostgreSQL tables' and indexes' sizes, the rate and the latency percentiles of that
// minute; at the end the slope of each (per minute, whole run and second half). A benchmark: it
// reports, it never fails on the figures. Started by run.mjs when --soak is given.
//
// The load: two load generators (half the rate each, one per API node, phases 1 and 2 so their
// event ids never collide) on one campaign; socket-client.mjs measures latency on one socket, and
// socket-fleet.mjs holds the other open sockets (spread over the APIs).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import IORedis from 'ioredis';
import pg from 'pg';
import { checkServices } from '../scripts/lib.mjs';
import { connectionsByPid } from './lib/connections.mjs';
import { freePort, isRunning, killAllSync, nextMessage, rssMb, sleep, startApp, startHelper, stopAll, waitFor } from './lib/procs.mjs';
import { createDatabase, createTenant, databaseUrlFor, deleteRedisKeys, dropDatabase, redisInfo } from './lib/setup.mjs';
import { fmt, percentile, slope, table } from './lib/stats.mjs';

const { values: opt } = parseArgs({
  strict: false,
  options: {
    soak: { type: 'string', default: '1800' },
    rate: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '100' },
    apis: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '4' },
    sockets: { type: 'string', default: '200' },
    campaigns: { type: 'string', default: '20' },
    'sample-every': { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
  },
});
const cfg = {
  soakMs: Number(opt.soak) * 1000,
  rate: Number(opt.rate),
  batch: Number(opt.batch),
  apis: Number(opt.apis),
  workers: Number(opt.workers),
  concurrency: Number(opt.concurrency),
  sockets: Number(opt.sockets),
  campaigns: Math.max(1, Number(opt.campaigns)),
  everyMs: Number(opt['sample-every']) * 1000,
};
const log = (...a) => console.error(`[soak ${new Date().toISOString().slice(11, 19)}]`, ...a);

const runId = randomBytes(4).toString('hex');
const dbName = `leadboard_bench_${runId}`;
const prefix = `lbbench-${runId}`;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const databaseUrl = databaseUrlFor(serverUrl, dbName);
const appLog = [];
const procs = { apis: [], workers: [], gens: [], sock: null, fleet: null };
let redis = null;
let db = null;
let dbCreated = false;
let cleaning = null;
const workerMetricsPorts = new Map();

/** A worker's V8 heap in use and its memory outside the heap (Buffers), in MB, from its Prometheus metrics. */
async function workerHeap(port) {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).catch(() => '');
  const read = (name) => {
    const m = new RegExp(`^${name} (\\S+)`, 'm').exec(text);
    return m ? Number(m[1]) / 1024 / 1024 : null;
  };
  return { heap: read('nodejs_heap_size_used_bytes'), external: read('nodejs_external_memory_bytes') };
}

function cleanup() {
  cleaning ??= (async () => {
    await stopAll().catch(() => undefined);
    redis?.disconnect();
    await db?.end().catch(() => undefined);
    if (opt.keep) return log(`kept database ${dbName} and Redis keys ${prefix}*`);
    if (dbCreated) await dropDatabase(databaseUrl).catch((e) => log(`could not drop ${dbName}: ${e.message}`));
    await deleteRedisKeys(redisUrl, prefix).catch(() => undefined);
    log(`removed database ${dbName} and Redis keys ${prefix}*`);
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void cleanup().finally(() => process.exit(130)));
process.on('exit', killAllSync);

// ---------------------------------------------------------------- accounting (as run.mjs: eventId e<phase>_<req>_<i>)
const sent = new Map(); // `${phase}_${req}` → {sentAt, status, n}
// [t, request key] of every transition seen; its latency is read at the minute's reading, when the request's
// report (sent by its generator every 100 ms) has arrived — a transition can reach the socket before it does.
const recv = [];
let received = 0;
const receivedBy = new Map(); // phase → transitions seen (each generator's own backlog)
let acceptedEvents = 0;

function onGen(m) {
  if (m.type !== 'sent') return;
  const it = m.items;
  for (let i = 0; i < it.length; i += 5) {
    sent.set(`${m.phase}_${it[i]}`, { sentAt: it[i + 1], status: it[i + 3], n: it[i + 4] });
    if (it[i + 3] === 202) acceptedEvents += it[i + 4];
  }
}
function onSock(m) {
  if (m.type !== 'recv') return;
  for (let i = 0; i < m.t.length; i++) {
    received++;
    receivedBy.set(m.phase[i], (receivedBy.get(m.phase[i]) ?? 0) + 1);
    recv.push([m.t[i], `${m.phase[i]}_${m.req[i]}`]);
  }
  // Each generator learns the leads whose creation the socket saw (its pool of leads to call).
  for (const [i, g] of procs.gens.entries()) {
    if (isRunning(g)) g.send({ cmd: 'progress', phase: i + 1, received: receivedBy.get(i + 1) ?? 0, leads: m.leads[i + 1] ?? [] });
  }
}

// ---------------------------------------------------------------- readings
async function tableSizes() {
  const { rows } = await db.query(
    `SELECT c.relname AS name, pg_table_size(c.oid) AS table_bytes, pg_indexes_size(c.oid) AS index_bytes
       FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
      ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 6`,
  );
  return rows.map((r) => ({ name: r.name, tableMb: Number(r.table_bytes) / 1048576, indexMb: Number(r.index_bytes) / 1048576 }));
}

function processes() {
  return [
    ...procs.apis.map((p, i) => [`api${i}`, p]),
    ...procs.workers.map((p, i) => [`worker${i}`, p]),
    ...procs.gens.map((p, i) => [`loadgen${i}`, p]),
    ['socket', procs.sock],
    ['fleet', procs.fleet],
  ];
}

async function connectionCounts(pgPort, redisPort) {
  const list = processes().filter(([n]) => n.startsWith('api') || n.startsWith('worker'));
  const byPid = connectionsByPid(list.map(([, p]) => p.pid), { postgres: pgPort, redis: redisPort });
  const { rows } = await db.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [dbName]);
  const clients = (await redis.client('LIST')).split('\n').filter(Boolean).length;
  return { perProcess: list.map(([n, p]) => ({ name: n, ...byPid[p.pid] })), pgStatActivity: rows[0].n, redisClients: clients };
}

// ---------------------------------------------------------------- main
async function main() {
  if (!(await checkServices(databaseUrl, redisUrl))) process.exit(1);
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    HOST: '127.0.0.1',
    JWT_SECRET: randomBytes(32).toString('hex'),
    WORKER_CONCURRENCY: String(cfg.concurrency),
    // The soak's own load comes from two addresses at most: the per-key limit is not what is measured.
    RATE_LIMIT_INGEST: '100000',
  };
  log(`database ${dbName}, Redis prefix ${prefix}; ${cfg.apis} API(s), ${cfg.workers} worker(s) × ${cfg.concurrency}, ${cfg.sockets} sockets over ${cfg.campaigns} campaign(s), ${cfg.rate} events/s for ${cfg.soakMs / 1000} s`);
  dbCreated = true;
  await createDatabase(env);
  const tenant = await createTenant(env);
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  const redisPid = (await redisInfo(redis)).pid;

  const apiUrls = [];
  for (let i = 0; i < cfg.apis; i++) {
    const port = await freePort();
    procs.apis.push(startApp(`api${i}`, 'dist/apps/api/main.js', { ...env, PORT: String(port) }, appLog));
    apiUrls.push(`http://127.0.0.1:${port}`);
  }
  for (const url of apiUrls) await waitFor(async () => (await fetch(`${url}/health/ready`).catch(() => null))?.ok === true, { timeoutMs: 90_000, what: `${url} ready` });
  for (let i = 0; i < cfg.workers; i++) {
    // each worker serves its metrics, so the soak can tell V8's heap from the rest of its RSS
    const metricsPort = await freePort();
    workerMetricsPorts.set(`worker${i}`, metricsPort);
    const w = startApp(`worker${i}`, 'dist/apps/worker/main.js', { ...env, WORKER_METRICS_PORT: String(metricsPort) }, appLog);
    procs.workers.push(w);
    await waitFor(() => appLog.some((l) => l.includes(`worker started (pid ${w.pid})`)), { timeoutMs: 90_000, what: `worker ${i} start` });
  }
  for (const p of [...procs.apis, ...procs.workers]) p.once('exit', (code) => !cleaning && log(`a process exited unexpectedly (code ${code})\n${appLog.join('').slice(-3000)}`));

  // The call center's campaigns: the events are spread over them, and so are the screens (a wall screen
  // shows one campaign). The latency socket follows every campaign, so it sees every event.
  const campaignIds = Array.from({ length: cfg.campaigns }, (_, i) => (cfg.campaigns === 1 ? 'c-bench-soak' : `c-bench-soak-${String(i + 1).padStart(2, '0')}`));
  procs.sock = startHelper('socket-client.mjs', [], { BENCH_API_URL: apiUrls[0], BENCH_LIVE_TOKEN: tenant.wallToken });
  procs.sock.on('message', onSock);
  await nextMessage(procs.sock, (m) => m.type === 'ready');
  for (const campaignId of campaignIds) {
    procs.sock.send({ cmd: 'subscribe', campaignId });
    await nextMessage(procs.sock, (m) => m.type === 'subscribed');
  }
  if (cfg.sockets > 1) {
    procs.fleet = startHelper('socket-fleet.mjs', [], { BENCH_API_URLS: apiUrls.join(','), BENCH_LIVE_TOKEN: tenant.wallToken, BENCH_SOCKETS: String(cfg.sockets - 1), BENCH_CAMPAIGN: campaignIds.join(',') });
    const r = await nextMessage(procs.fleet, (m) => m.type === 'ready', 90_000);
    log(`${r.connected + 1} sockets open`);
  }

  const pgPort = Number(new URL(databaseUrl).port || 5432);
  const redisPort = Number(new URL(redisUrl).port || 6379);
  const idle = await connectionCounts(pgPort, redisPort);
  log(`connections before the load: ${idle.perProcess.map((p) => `${p.name} postgres ${p.postgres} redis ${p.redis}`).join('; ')}; pg_stat_activity ${idle.pgStatActivity}, Redis clients ${idle.redisClients}`);

  const gens = Math.min(2, cfg.apis);
  for (let i = 0; i < gens; i++) {
    const g = startHelper('load-generator.mjs', [], { BENCH_API_URL: apiUrls[i], BENCH_INGEST_KEY: tenant.ingestKey });
    g.on('message', onGen);
    await nextMessage(g, (m) => m.type === 'ready');
    procs.gens.push(g);
  }
  for (const [i, g] of procs.gens.entries()) {
    g.send({ cmd: 'start', phase: i + 1, campaignId: campaignIds[0], ...(campaignIds.length > 1 ? { campaigns: campaignIds } : {}), mode: 'paced', rateEps: cfg.rate / gens, batch: cfg.batch, maxBacklog: (cfg.rate / gens) * 30, inflight: 8 });
  }

  const start = Date.now();
  const samples = [];
  let busy = null;
  let prevT = start;
  const rssHeader = processes().map(([n]) => n);
  console.log(`\nsoak: one line every ${cfg.everyMs / 1000} s (RSS in MB; latency = socket arrival − request sent, of the events that arrived in that interval)\n`);
  const heapHeader = [...workerMetricsPorts.keys()].map((k) => `${k} heap+ext`);
  const header = ['t (min)', 'events/s', 'p50 ms', 'p90 ms', 'p99 ms', 'backlog', ...rssHeader, ...heapHeader, 'Redis MB', 'top tables (table+index MB)'];
  console.log(header.join(' | '));
  while (Date.now() - start < cfg.soakMs) {
    await sleep(Math.min(cfg.everyMs, cfg.soakMs - (Date.now() - start)));
    const now = Date.now();
    const lat = [];
    let n = 0;
    for (; n < recv.length && recv[n][0] <= now; n++) {
      const s = sent.get(recv[n][1]);
      if (s) lat.push(recv[n][0] - s.sentAt);
    }
    recv.splice(0, n); // read: the minute's transitions are not kept
    lat.sort((a, b) => a - b);
    if (!busy) {
      busy = await connectionCounts(pgPort, redisPort);
      log(`connections under load: ${busy.perProcess.map((p) => `${p.name} postgres ${p.postgres} redis ${p.redis}`).join('; ')}; pg_stat_activity ${busy.pgStatActivity}, Redis clients ${busy.redisClients}`);
    }
    const rss = Object.fromEntries(processes().map(([name, p]) => [name, p ? rssMb(p.pid) : null]));
    const heaps = Object.fromEntries(await Promise.all([...workerMetricsPorts].map(async ([name, port]) => [name, await workerHeap(port)])));
    const redisMb = (await redisInfo(redis)).usedMb;
    const tables = await tableSizes();
    const s = { min: (now - start) / 60_000, eps: n / ((now - prevT) / 1000), p50: percentile(lat, 50), p90: percentile(lat, 90), p99: percentile(lat, 99), backlog: acceptedEvents - received, rss, heaps, redisMb, tables };
    samples.push(s);
    prevT = now;
    console.log(
      [
        s.min.toFixed(1),
        fmt.int(s.eps),
        fmt.ms(s.p50),
        fmt.ms(s.p90),
        fmt.ms(s.p99),
        fmt.int(s.backlog),
        ...rssHeader.map((k) => fmt.mb(rss[k])),
        ...Object.values(heaps).map((h) => `${fmt.mb(h.heap)}+${fmt.mb(h.external)}`),
        redisMb.toFixed(1),
        tables.slice(0, 4).map((t) => `${t.name} ${t.tableMb.toFixed(1)}+${t.indexMb.toFixed(1)}`).join(', '),
      ].join(' | '),
    );
  }
  for (const g of procs.gens) g.send({ cmd: 'stop' });
  // A saturated machine may hold requests in flight for long: the report does not wait for them.
  await Promise.all(procs.gens.map((g) => nextMessage(g, (m) => m.type === 'stopped', 60_000).catch(() => log('a load generator did not stop in 60 s'))));
  let fleet = null;
  if (procs.fleet) {
    procs.fleet.send({ cmd: 'stats' });
    fleet = await nextMessage(procs.fleet, (m) => m.type === 'stats', 30_000).catch(() => null);
  }
  report(samples, idle, busy, fleet, redisPid);
}

function report(samples, idle, busy, fleet, redisPid) {
  const line = (label, pick) => {
    const pts = samples.map((s) => ({ x: s.min, y: pick(s) })).filter((p) => p.y !== null && p.y !== undefined && !Number.isNaN(p.y));
    const half = pts.filter((p) => p.x >= (samples[samples.length - 1]?.min ?? 0) / 2);
    const f = (v) => (v === null ? '-' : v.toFixed(3));
    return [label, f(slope(pts)), f(slope(half)), pts.length ? String(Math.round(pts[0].y * 10) / 10) : '-', pts.length ? String(Math.round(pts[pts.length - 1].y * 10) / 10) : '-'];
  };
  const rows = [
    ...Object.keys(samples[0]?.rss ?? {}).map((k) => line(`RSS ${k} (MB)`, (s) => s.rss[k])),
    ...Object.keys(samples[0]?.heaps ?? {}).flatMap((k) => [
      line(`V8 heap used ${k} (MB)`, (s) => s.heaps[k]?.heap),
      line(`external memory ${k} (MB)`, (s) => s.heaps[k]?.external),
    ]),
    line('Redis used_memory (MB)', (s) => s.redisMb),
    ...(samples[0]?.tables ?? []).map((t) => line(`${t.name} table+index (MB)`, (s) => {
      const x = s.tables.find((y) => y.name === t.name);
      return x ? x.tableMb + x.indexMb : null;
    })),
    line('p50 latency (ms)', (s) => s.p50),
    line('p99 latency (ms)', (s) => s.p99),
    line('events/s', (s) => s.eps),
    line('backlog (events)', (s) => s.backlog),
  ];
  console.log(`\nslopes per minute (least squares; whole run, and its second half), first and last readings\n`);
  console.log(table(['reading', 'slope/min', '2nd half', 'first', 'last'], rows));
  const conn = (c) => c.perProcess.map((p) => `${p.name}: postgres ${p.postgres}, redis ${p.redis}`).join('; ');
  console.log(`\nconnections (from /proc): idle — ${conn(idle)}`);
  if (busy) console.log(`connections under load — ${conn(busy)}`);
  console.log(`pg_stat_activity for the database: idle ${idle.pgStatActivity}, under load ${busy?.pgStatActivity ?? '-'}; Redis CLIENT LIST (whole server, this bench's processes included): idle ${idle.redisClients}, under load ${busy?.redisClients ?? '-'}`);
  if (fleet) console.log(`socket fleet: ${fleet.connected} connected at the end, ${fleet.messages} messages received, ${fleet.snapshots} snapshots, ${fleet.reconnects} reconnects`);
  const all = samples.map((s) => s.eps);
  console.log(`\nRESULT soak_minutes=${(samples[samples.length - 1]?.min ?? 0).toFixed(1)} mean_eps=${Math.round(all.reduce((a, b) => a + b, 0) / Math.max(1, all.length))} last_p99_ms=${Math.round(samples[samples.length - 1]?.p99 ?? 0)} redis_pid=${redisPid}`);
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (err) {
  log(`failed: ${err.stack ?? err}`);
  if (appLog.length) log(`--- app output ---\n${appLog.join('').slice(-4000)}`);
  await cleanup();
  process.exit(1);
}
