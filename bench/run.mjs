#!/usr/bin/env node
// Leadboard benchmark: starts the built API and worker(s) as a user would, drives them from a
// separate load-generator process, watches a socket.io client, and prints a table plus one last line
//   RESULT throughput_eps=<n> p50_ms=<n> p99_ms=<n> baseline_eps=<n> ratio=<n> mixed_eps=<n> mixed_ratio=<n> two_workers_eps=<n> workers_ratio=<n>
// It measures and reports; it never fails on the figures. See bench/README.md.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import IORedis from 'ioredis';
import { checkServices } from '../scripts/lib.mjs';
import {
  ROOT,
  cpuByComm,
  cpuByCommDelta,
  cpuSeconds,
  freePort,
  isRunning,
  killAllSync,
  logAppsTo,
  nextMessage,
  rssMb,
  sleep,
  startApp,
  startHelper,
  stopAll,
  stopProcess,
  waitFor,
} from './lib/procs.mjs';
import { createDatabase, createTenant, databaseUrlFor, deleteRedisKeys, dropDatabase, redisInfo } from './lib/setup.mjs';
import { fmt, machineCpu, percentile, slope, table } from './lib/stats.mjs';

const USAGE = `node bench/run.mjs [options]      (after npm run build)

  --workers N          worker processes (default 1)
  --concurrency N      WORKER_CONCURRENCY of each worker, and of the baseline worker (default 4)
  --inflight N         requests in flight in the saturation phase (default 8)
  --rate N             offered events/s of the latency (and soak) phase (default 1000)
  --batch N            events per request / jobs per addBulk (default 100)
  --warmup S           seconds of warm-up before each measurement window (default 5)
  --duration S         seconds of each measurement window (default 20)
  --max-backlog N      events sent but not yet seen on the socket before the generator waits (default 5000)
  --drain-timeout S    how long to wait for the last transitions after a phase (default 60)
  --soak S             also run the --rate load S seconds, memory sampled every 30 s (e.g. 600)
  --phases LIST        comma list of latency,baseline,mixed,saturation,workers2 (default all five)
                       mixed: saturation over --campaigns campaigns with 10 % late events and 10 % operator states
                       workers2: saturation again after starting one more worker process (1 vs 2 workers)
  --campaigns N        campaigns of the mixed workload (default 20)
  --keep               keep the database and Redis keys (for inspection) instead of removing them
  --log FILE           also write the API's and workers' output to FILE
  --cpu-prof DIR       start the workers with node's --cpu-prof: a .cpuprofile per worker in DIR when it stops
  --node-args=…        extra node flags for the API and the workers, space-separated, to compare runs; they come
                       after NODE_FLAGS (bench/lib/procs.mjs) and win (e.g. --node-args=--max-semi-space-size=16)

Environment: BENCH_DATABASE_URL or DATABASE_URL (server to use; the bench creates its own
database leadboard_bench_<random> on it), REDIS_URL (default redis://127.0.0.1:6379/0).`;

const { values: opt } = parseArgs({
  options: {
    workers: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    inflight: { type: 'string', default: '8' },
    rate: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '5' },
    duration: { type: 'string', default: '20' },
    'max-backlog': { type: 'string', default: '5000' },
    'drain-timeout': { type: 'string', default: '60' },
    soak: { type: 'string', default: '0' },
    phases: { type: 'string', default: 'latency,baseline,mixed,saturation,workers2' },
    campaigns: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    log: { type: 'string' },
    'cpu-prof': { type: 'string' },
    'node-args': { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}
if (Number(opt.soak) > 0) await import('./soak.mjs'); // the soak is its own scaled-out run (bench/soak.mjs); it exits when done
const num = (name, min = 0) => {
  const v = Number(opt[name]);
  if (!Number.isFinite(v) || v < min) {
    console.error(`--${name} must be a number ≥ ${min}\n\n${USAGE}`);
    process.exit(2);
  }
  return v;
};
const cfg = {
  workers: num('workers', 1),
  concurrency: num('concurrency', 1),
  inflight: num('inflight', 1),
  rate: num('rate', 1),
  batch: num('batch', 2),
  warmupMs: num('warmup') * 1000,
  durationMs: num('duration', 1) * 1000,
  maxBacklog: num('max-backlog', 100),
  drainTimeoutMs: num('drain-timeout') * 1000,
  soakMs: num('soak') * 1000,
  campaigns: num('campaigns', 1),
  phases: new Set(opt.phases.split(',').map((s) => s.trim()).filter(Boolean)),
};

const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------- the run's own database and prefix
const runId = randomBytes(4).toString('hex');
const dbName = `leadboard_bench_${runId}`;
const prefix = `lbbench-${runId}`;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const databaseUrl = databaseUrlFor(serverUrl, dbName);

const appLog = [];
const state = { api: null, workers: [], gen: null, sock: null, baseProd: null, baseWorkers: [], redis: null, redisPid: null, dbCreated: false };

let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    await stopAll().catch(() => undefined);
    state.redis?.disconnect();
    if (opt.keep) {
      log(`kept database ${dbName} and Redis keys ${prefix}*`);
      return;
    }
    if (state.dbCreated) await dropDatabase(databaseUrl).catch((e) => log(`could not drop ${dbName}: ${e.message}`));
    const n = await deleteRedisKeys(redisUrl, prefix).catch((e) => log(`could not delete Redis keys ${prefix}*: ${e.message}`));
    log(`removed database ${dbName} and ${n ?? 0} Redis keys ${prefix}*`);
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`${sig}: stopping and cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}
process.on('exit', killAllSync);

// ---------------------------------------------------------------- readings
function sampleCpu() {
  const m = machineCpu();
  const sum = (children) => children.reduce((s, c) => s + (cpuSeconds(c.pid) ?? 0), 0);
  return {
    t: Date.now(),
    api: state.api ? cpuSeconds(state.api.pid) : null,
    worker: sum(state.workers),
    pg: cpuByComm('postgres'),
    driver: (() => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    })(),
    redis: state.redisPid ? cpuSeconds(state.redisPid) : null,
    gen: state.gen ? cpuSeconds(state.gen.pid) : null,
    sock: state.sock ? cpuSeconds(state.sock.pid) : null,
    baseProd: state.baseProd ? cpuSeconds(state.baseProd.pid) : null,
    baseWorker: sum(state.baseWorkers),
    machineBusy: m.busy,
  };
}

/** % of one core for each process during [a, b]; `machine` is of all cores (2 cores = 200%). */
function cpuDelta(a, b) {
  const secs = (b.t - a.t) / 1000;
  const d = (k) => (a[k] === null || b[k] === null ? null : ((b[k] - a[k]) / secs) * 100);
  const keys = ['api', 'worker', 'redis', 'gen', 'sock', 'baseProd', 'baseWorker', 'driver', 'machineBusy'];
  const out = Object.fromEntries(keys.map((k) => [k, d(k)]));
  out.pg = (cpuByCommDelta(a.pg, b.pg) / secs) * 100;
  // Whatever else ran on the machine meanwhile (other programs, the kernel): a noisy machine shows here.
  out.other = out.machineBusy - keys.slice(0, -1).reduce((s, k) => s + (out[k] ?? 0), 0) - out.pg;
  return out;
}

/** % of all cores busy over one second, before anything starts: a busy machine skews every figure. */
async function idleCheck() {
  const a = machineCpu();
  await sleep(1000);
  const b = machineCpu();
  return ((b.busy - a.busy) / (b.total - a.total)) * 100;
}

async function sampleMem() {
  const info = await redisInfo(state.redis);
  return {
    api: state.api ? rssMb(state.api.pid) : null,
    worker: state.workers.reduce((s, w) => s + (rssMb(w.pid) ?? 0), 0),
    redis: info.usedMb,
  };
}

// ---------------------------------------------------------------- what the socket and the generator report
const phases = new Map(); // phase number -> accounting
let currentApp = null;

function phaseAccount(no) {
  return { no, sent: new Map(), recvReq: [], recvT: [], received: 0 };
}

function onSocketMessage(m) {
  if (m.type === 'recv') {
    for (let i = 0; i < m.t.length; i++) {
      const p = phases.get(m.phase[i]);
      if (!p) continue;
      p.recvReq.push(m.req[i]);
      p.recvT.push(m.t[i]);
      p.received++;
    }
    if (currentApp && state.gen && isRunning(state.gen)) {
      state.gen.send({ cmd: 'progress', phase: currentApp.no, received: currentApp.received, leads: m.leads[currentApp.no] ?? [], contacted: m.contacted?.[currentApp.no] ?? [] });
    }
  } else if (m.type === 'disconnected') {
    log(`socket client disconnected: ${m.reason}`);
  }
}

function onGeneratorMessage(m) {
  if (m.type !== 'sent') return;
  const p = phases.get(m.phase);
  if (!p) return;
  const it = m.items;
  for (let i = 0; i < it.length; i += 5) p.sent.set(it[i], { sentAt: it[i + 1], doneAt: it[i + 2], status: it[i + 3], n: it[i + 4] });
}

/** Latency of every event from requests sent in [from, to]: socket arrival − request send. */
function latencies(p, from, to, drainEnd) {
  const lat = [];
  const got = new Map();
  for (let i = 0; i < p.recvReq.length; i++) {
    const s = p.sent.get(p.recvReq[i]);
    if (!s || s.sentAt < from || s.sentAt > to) continue;
    lat.push(p.recvT[i] - s.sentAt);
    got.set(p.recvReq[i], (got.get(p.recvReq[i]) ?? 0) + 1);
  }
  let missing = 0;
  for (const [req, s] of p.sent) {
    if (s.status !== 202 || s.sentAt < from || s.sentAt > to) continue;
    const lost = s.n - (got.get(req) ?? 0);
    // Never seen by the end of the drain: counted at a lower bound (drain end − send), so they weigh on p99.
    for (let k = 0; k < lost; k++) lat.push(drainEnd - s.sentAt);
    missing += lost;
  }
  lat.sort((a, b) => a - b);
  return { lat, missing };
}

// ---------------------------------------------------------------- phases
const rows = [];
let phaseNo = 0;
let busyBefore = 0;

async function drainApp(p, expected) {
  const start = Date.now();
  let last = p.received;
  let lastChange = Date.now();
  while (p.received < expected && Date.now() - start < cfg.drainTimeoutMs) {
    await sleep(100);
    if (p.received !== last) {
      last = p.received;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 20_000) break; // nothing arrives any more
  }
  return Date.now();
}

async function appPhase({ name, mode, soakMs = 0, workload = 'friendly', label }) {
  const no = ++phaseNo;
  const p = phaseAccount(no);
  phases.set(no, p);
  currentApp = p;
  const campaignId = `c-bench-${name}`;
  const campaigns = workload === 'mixed' ? Array.from({ length: cfg.campaigns }, (_, i) => `${campaignId}-${i}`) : null;
  for (const c of campaigns ?? [campaignId]) {
    state.sock.send({ cmd: 'subscribe', campaignId: c });
    const sub = await nextMessage(state.sock, (m) => m.type === 'subscribed' && m.campaignId === c);
    if (!sub.ack?.ok) throw new Error(`subscribe ${c} refused: ${JSON.stringify(sub.ack)}`);
  }

  const durationMs = soakMs || cfg.durationMs;
  log(`${name}: ${mode === 'paced' ? `${cfg.rate} events/s offered` : `${cfg.inflight} requests in flight`}, ${cfg.warmupMs / 1000} s warm-up + ${durationMs / 1000} s`);
  const memBefore = await sampleMem();
  // Open loop: let a paced phase queue up to 30 s of its load before skipping, so a stall shows in the latency.
  const maxBacklog = mode === 'paced' ? Math.max(cfg.maxBacklog, cfg.rate * 30) : cfg.maxBacklog;
  state.gen.send({ cmd: 'start', phase: no, campaignId, campaigns, workload, mode, inflight: cfg.inflight, rateEps: cfg.rate, batch: cfg.batch, maxBacklog });
  await sleep(cfg.warmupMs);
  const winStart = Date.now();
  const cpuA = sampleCpu();
  const soakSamples = [];
  if (soakMs) await soakLoop(p, winStart, durationMs, soakSamples);
  else await sleep(durationMs);
  const winEnd = Date.now();
  const cpuB = sampleCpu();
  state.gen.send({ cmd: 'stop' });
  const stopped = await nextMessage(state.gen, (m) => m.type === 'stopped', 120_000);
  await sleep(300); // the generator's last `sent` report
  let expected = 0;
  for (const s of p.sent.values()) if (s.status === 202) expected += s.n;
  log(`${name}: stopped after ${stopped.requests} requests; waiting for ${expected - p.received} transitions still on their way`);
  const drainEnd = await drainApp(p, expected);
  currentApp = null;
  const memAfter = await sampleMem();

  const winSecs = (winEnd - winStart) / 1000;
  let inWindow = 0;
  for (const t of p.recvT) if (t >= winStart && t <= winEnd) inWindow++;
  let acceptedInWindow = 0;
  for (const s of p.sent.values()) if (s.status === 202 && s.doneAt >= winStart && s.doneAt <= winEnd) acceptedInWindow += s.n;
  const { lat, missing } = latencies(p, winStart, winEnd, drainEnd);
  const row = {
    phase: label ?? (soakMs ? `soak @${cfg.rate}/s` : mode === 'paced' ? `latency @${cfg.rate}/s` : `saturation x${cfg.inflight}`),
    events: inWindow,
    seconds: winSecs,
    eps: inWindow / winSecs,
    acceptedEps: acceptedInWindow / winSecs,
    p50: percentile(lat, 50),
    p90: percentile(lat, 90),
    p99: percentile(lat, 99),
    max: lat.length ? lat[lat.length - 1] : null,
    missing,
    totalMissing: expected - p.received,
    errors: stopped.errors,
    skipped: stopped.skipped,
    memBefore,
    memAfter,
    cpu: cpuDelta(cpuA, cpuB),
    soakSamples,
  };
  rows.push(row);
  state.sock.send({ cmd: 'forget', phase: no });
  p.recvReq = [];
  p.recvT = [];
  p.sent.clear();
  log(`${name}: ${fmt.int(row.eps)} events/s end to end, p50 ${fmt.ms(row.p50)} ms, p99 ${fmt.ms(row.p99)} ms${row.missing ? `, ${row.missing} never seen` : ''}`);
  return row;
}

/** Every 30 s of the soak: memory, and the last 30 s' end-to-end rate and latency. */
async function soakLoop(p, winStart, durationMs, samples) {
  const every = 30_000;
  let idx = 0;
  let prevT = winStart;
  const header = ['t (s)', 'events/s', 'p50 ms', 'p99 ms', 'backlog', 'api MB', 'worker MB', 'Redis MB'];
  const printed = [];
  const first = await sampleMem();
  samples.push({ min: 0, ...first });
  console.log(`\nsoak samples (every ${every / 1000} s)`);
  console.log(table(header, [['0', '-', '-', '-', '-', fmt.mb(first.api), fmt.mb(first.worker), first.redis.toFixed(1)]]).split('\n').slice(0, 3).join('\n'));
  while (Date.now() - winStart < durationMs) {
    await sleep(Math.min(every, durationMs - (Date.now() - winStart)));
    const now = Date.now();
    const lat = [];
    let n = 0;
    for (; idx < p.recvT.length; idx++) {
      const t = p.recvT[idx];
      if (t > now) break;
      n++;
      const s = p.sent.get(p.recvReq[idx]);
      if (s) lat.push(t - s.sentAt);
    }
    lat.sort((a, b) => a - b);
    let sentOk = 0;
    for (const s of p.sent.values()) if (s.status === 202) sentOk += s.n;
    const mem = await sampleMem();
    const min = (now - winStart) / 60_000;
    samples.push({ min, ...mem });
    const r = [String(Math.round((now - winStart) / 1000)), fmt.int(n / ((now - prevT) / 1000)), fmt.ms(percentile(lat, 50)), fmt.ms(percentile(lat, 99)), fmt.int(sentOk - p.received), fmt.mb(mem.api), fmt.mb(mem.worker), mem.redis.toFixed(1)];
    printed.push(r);
    console.log(table(header, [r]).split('\n')[2]);
    prevT = now;
  }
}

async function baselinePhase() {
  const env = {
    BENCH_REDIS_URL: redisUrl,
    BENCH_BASE_PREFIX: `${prefix}-baseline`,
    BENCH_BASE_QUEUE: 'noop',
    BENCH_CONCURRENCY: String(cfg.concurrency),
  };
  const totals = new Map();
  const completed = () => [...totals.values()].reduce((a, b) => a + b, 0);
  for (let i = 0; i < cfg.workers; i++) {
    const w = startHelper('baseline-worker.mjs', [], env);
    state.baseWorkers.push(w);
    w.on('message', (m) => {
      if (m.type !== 'completed') return;
      totals.set(w.pid, m.total);
      if (state.baseProd && isRunning(state.baseProd)) state.baseProd.send({ cmd: 'progress', completed: completed() });
    });
    await nextMessage(w, (m) => m.type === 'ready');
  }
  state.baseProd = startHelper('baseline-producer.mjs', [], env);
  await nextMessage(state.baseProd, (m) => m.type === 'ready');

  log(`baseline: bare BullMQ, addBulk of ${cfg.batch} no-op jobs, ${cfg.inflight} in flight, ${cfg.workers} worker(s) × concurrency ${cfg.concurrency}`);
  const memBefore = await sampleMem();
  state.baseProd.send({ cmd: 'start', inflight: cfg.inflight, batch: cfg.batch, maxBacklog: cfg.maxBacklog });
  await sleep(cfg.warmupMs);
  const winStart = Date.now();
  const c0 = completed();
  const cpuA = sampleCpu();
  await sleep(cfg.durationMs);
  const winEnd = Date.now();
  const c1 = completed();
  const cpuB = sampleCpu();
  state.baseProd.send({ cmd: 'stop' });
  const { added } = await nextMessage(state.baseProd, (m) => m.type === 'stopped');
  const drainStart = Date.now();
  while (completed() < added && Date.now() - drainStart < cfg.drainTimeoutMs) await sleep(100);
  const memAfter = await sampleMem();
  await stopProcess(state.baseProd);
  await Promise.all(state.baseWorkers.map((w) => stopProcess(w)));
  const winSecs = (winEnd - winStart) / 1000;
  const row = {
    phase: `baseline bullmq x${cfg.inflight}`,
    events: c1 - c0,
    seconds: winSecs,
    eps: (c1 - c0) / winSecs,
    acceptedEps: null,
    p50: null,
    p90: null,
    p99: null,
    max: null,
    missing: added - completed(),
    memBefore,
    memAfter,
    cpu: cpuDelta(cpuA, cpuB),
  };
  rows.push(row);
  log(`baseline: ${fmt.int(row.eps)} jobs/s`);
  return row;
}

// ---------------------------------------------------------------- main
async function main() {
  for (const f of ['dist/apps/api/main.js', 'dist/apps/api/cli.js', 'dist/apps/worker/main.js']) {
    if (!existsSync(join(ROOT, f))) {
      console.error(`${f} is missing: run \`npm run build\` first.`);
      process.exit(1);
    }
  }
  if (!(await checkServices(databaseUrl, redisUrl))) process.exit(1);
  busyBefore = await idleCheck();
  if (busyBefore > 15) log(`warning: the machine is already ${busyBefore.toFixed(0)}% busy before the bench starts; figures will be skewed`);

  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET: randomBytes(32).toString('hex'),
    WORKER_CONCURRENCY: String(cfg.concurrency),
  };
  const apiUrl = `http://127.0.0.1:${port}`;
  if (opt.log) logAppsTo(opt.log);

  log(`database ${dbName}, Redis prefix ${prefix}`);
  state.dbCreated = true; // from here on, cleanup drops it (IF EXISTS)
  await createDatabase(env);
  const tenant = await createTenant(env);

  state.redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  state.redisPid = (await redisInfo(state.redis)).pid;

  const nodeArgs = opt['node-args'].split(' ').filter(Boolean);
  state.api = startApp('api', 'dist/apps/api/main.js', env, appLog, nodeArgs);
  await waitFor(async () => (await fetch(`${apiUrl}/health/ready`).catch(() => null))?.ok === true, { timeoutMs: 60_000, what: 'API /health/ready' });
  const died = (name) => (code) => {
    if (!cleaning) log(`${name} exited unexpectedly (code ${code})\n--- its last output ---\n${appLog.join('').slice(-3000)}`);
  };
  state.api.once('exit', died('API'));
  const startWorker = async () => {
    const i = state.workers.length;
    const w = startApp(`worker${i}`, 'dist/apps/worker/main.js', env, appLog, [...nodeArgs, ...(opt['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${opt['cpu-prof']}`] : [])]);
    state.workers.push(w);
    await waitFor(() => appLog.some((l) => l.includes(`worker started (pid ${w.pid})`)), { timeoutMs: 60_000, what: `worker ${i} start` });
    w.once('exit', died(`worker ${i}`));
  };
  for (let i = 0; i < cfg.workers; i++) await startWorker();
  log(`API on ${apiUrl} (pid ${state.api.pid}), ${cfg.workers} worker(s) (pid ${state.workers.map((w) => w.pid).join(', ')}), concurrency ${cfg.concurrency}`);

  const helperEnv = { BENCH_API_URL: apiUrl, BENCH_INGEST_KEY: tenant.ingestKey, BENCH_LIVE_TOKEN: tenant.wallToken };
  state.sock = startHelper('socket-client.mjs', [], helperEnv);
  state.sock.on('message', onSocketMessage);
  await nextMessage(state.sock, (m) => m.type === 'ready');
  state.gen = startHelper('load-generator.mjs', [], helperEnv);
  state.gen.on('message', onGeneratorMessage);
  await nextMessage(state.gen, (m) => m.type === 'ready');

  let latency = null;
  let saturation = null;
  let baseline = null;
  let soak = null;
  let mixed = null;
  let twoWorkers = null;
  // Saturation last: a backlog it leaves behind (if the system cannot drain it) disturbs nothing else.
  if (cfg.phases.has('latency')) latency = await appPhase({ name: 'latency', mode: 'paced' });
  if (cfg.phases.has('baseline')) baseline = await baselinePhase();
  if (cfg.soakMs) soak = await appPhase({ name: 'soak', mode: 'paced', soakMs: cfg.soakMs });
  if (cfg.phases.has('mixed')) {
    mixed = await appPhase({ name: 'mixed', mode: 'saturate', workload: 'mixed', label: `mixed x${cfg.inflight} (${cfg.campaigns} campaigns)` });
  }
  if (cfg.phases.has('saturation')) saturation = await appPhase({ name: 'saturation', mode: 'saturate', label: `saturation x${cfg.inflight}, ${state.workers.length} worker(s)` });
  if (cfg.phases.has('workers2')) {
    // One more worker process on the same queue: its throughput must not fall (no hidden global serialisation).
    await startWorker();
    log(`started one more worker: ${state.workers.length} worker processes`);
    twoWorkers = await appPhase({ name: 'saturation2', mode: 'saturate', label: `saturation x${cfg.inflight}, ${state.workers.length} worker(s)` });
  }

  state.sock.send({ cmd: 'stats' });
  const sockStats = await nextMessage(state.sock, (m) => m.type === 'stats');
  return report({ latency, saturation, baseline, soak, mixed, twoWorkers, sockStats });
}

function report({ latency, saturation, baseline, soak, mixed, twoWorkers, sockStats }) {
  const mem = (r, k, digits = 0) => `${r.memBefore[k].toFixed(digits)}→${r.memAfter[k].toFixed(digits)}`;
  console.log(`\nLeadboard bench — ${cfg.workers} worker(s) × concurrency ${cfg.concurrency}, ${cfg.batch} events/request, windows of ${cfg.durationMs / 1000} s after ${cfg.warmupMs / 1000} s warm-up\n`);
  console.log(
    table(
      ['phase', 'events', 's', 'events/s', 'accepted/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'unseen', 'RSS api MB', 'RSS worker MB', 'Redis MB'],
      rows.map((r) => [
        r.phase,
        fmt.int(r.events),
        r.seconds.toFixed(1),
        fmt.int(r.eps),
        fmt.int(r.acceptedEps),
        fmt.ms(r.p50),
        fmt.ms(r.p90),
        fmt.ms(r.p99),
        fmt.ms(r.max),
        fmt.int(r.missing),
        mem(r, 'api'),
        mem(r, 'worker'),
        mem(r, 'redis', 1),
      ]),
    ),
  );
  console.log('\nCPU during each measurement window, % of one core (utime+stime from /proc; machine = all cores, 200% on 2 cores)\n');
  console.log(
    table(
      ['phase', 'api', 'worker', 'postgres', 'redis', 'loadgen', 'socket', 'bl-prod', 'bl-worker', 'driver', 'other', 'machine'],
      rows.map((r) => [
        r.phase,
        fmt.pct(r.cpu.api),
        fmt.pct(r.cpu.worker),
        fmt.pct(r.cpu.pg),
        fmt.pct(r.cpu.redis),
        fmt.pct(r.cpu.gen),
        fmt.pct(r.cpu.sock),
        fmt.pct(r.cpu.baseProd),
        fmt.pct(r.cpu.baseWorker),
        fmt.pct(r.cpu.driver),
        fmt.pct(r.cpu.other),
        fmt.pct(r.cpu.machineBusy),
      ]),
    ),
  );
  const notes = [];
  if (busyBefore > 15) notes.push(`the machine was already ${busyBefore.toFixed(0)}% busy (of all cores) before the run: other programs skew these figures (see "other")`);
  for (const r of rows) {
    if (r.skipped) notes.push(`${r.phase}: ${r.skipped} requests not sent (too many events on their way): the offered rate was not sustained`);
    if (r.errors) notes.push(`${r.phase}: ${r.errors} requests not answered 202`);
    if (r.totalMissing) notes.push(`${r.phase}: ${r.totalMissing} accepted events (warm-up and window) never reached the socket within the drain`);
    if (r.missing) notes.push(`${r.phase}: ${r.missing} events of the window never reached the socket within the drain (${cfg.drainTimeoutMs / 1000} s); counted in the percentiles at drain end − send`);
  }
  // CPU time per event compares across machines better than events/s do (a contended VM still inflates it).
  const perEvent = (r, pct) => Math.round(((pct ?? 0) * 1e4) / r.eps);
  const shares = (r, parts) => {
    const total = parts.reduce((sum, [, pct]) => sum + (pct ?? 0), 0);
    return `${perEvent(r, total)} µs (${parts.map(([name, pct]) => `${name} ${perEvent(r, pct)}`).join(', ')})`;
  };
  if (baseline?.eps > 0) notes.push(`${baseline.phase}: CPU per job over its processes ${shares(baseline, [['redis', baseline.cpu.redis], ['producer', baseline.cpu.baseProd], ['worker', baseline.cpu.baseWorker]])}`);
  if (saturation?.eps > 0) {
    const c = saturation.cpu;
    notes.push(`${saturation.phase}: CPU per event over its processes ${shares(saturation, [['api', c.api], ['worker', c.worker], ['postgres', c.pg], ['redis', c.redis], ['load generator', c.gen], ['socket client', c.sock]])}`);
  }
  if (sockStats.duplicates || sockStats.corrections) notes.push(`socket: ${sockStats.duplicates} repeated transitions, ${sockStats.corrections} corrections`);
  notes.push(`socket: ${sockStats.transitions} transitions, ${sockStats.metrics} metrics messages received in all`);
  if (soak?.soakSamples?.length > 2) {
    const s = soak.soakSamples;
    const half = s.filter((x) => x.min >= s[s.length - 1].min / 2);
    const line = (k) => `${k} ${slope(s.map((x) => ({ x: x.min, y: x[k] }))).toFixed(2)} MB/min (second half ${half.length > 1 ? slope(half.map((x) => ({ x: x.min, y: x[k] }))).toFixed(2) : '-'})`;
    notes.push(`soak memory slope: ${['api', 'worker', 'redis'].map(line).join('; ')}`);
  }
  console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}\n`);

  const throughput = saturation?.eps ?? 0;
  const base = baseline?.eps ?? 0;
  const ratio = base ? throughput / base : 0;
  const mixedEps = mixed?.eps ?? 0;
  const twoEps = twoWorkers?.eps ?? 0;
  return (
    `RESULT throughput_eps=${Math.round(throughput)} p50_ms=${Math.round(latency?.p50 ?? 0)} p99_ms=${Math.round(latency?.p99 ?? 0)} baseline_eps=${Math.round(base)} ratio=${ratio.toFixed(2)}` +
    ` mixed_eps=${Math.round(mixedEps)} mixed_ratio=${(base ? mixedEps / base : 0).toFixed(2)} two_workers_eps=${Math.round(twoEps)} workers_ratio=${(throughput ? twoEps / throughput : 0).toFixed(2)}`
  );
}

try {
  const result = await main();
  await cleanup();
  console.log(result); // the last line, after the clean-up's messages
  process.exit(0);
} catch (err) {
  log(`failed: ${err.stack ?? err}`);
  if (appLog.length) log(`--- app output ---\n${appLog.join('').slice(-4000)}`);
  await cleanup();
  process.exit(1);
}
