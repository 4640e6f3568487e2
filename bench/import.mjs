#!/usr/bin/env node
// CSV import benchmark: generates a list file on disk (streamed, 1,000,000 rows by default),
// uploads it to the built API (streamed), lets the built worker import it, and prints:
//   - rows/s read + parsed + validated by the import job (its own figure: queueing and checkpoints excluded),
//     and rows/s of the whole import (upload end → import done);
//   - the baseline in the same run: csv-parse alone over the same file, in this process;
//   - the time from the upload's start until the campaign's funnel shows every row (GET /metrics → funnel.new);
//   - the peak RSS of the API, the worker and this bench, and Redis' peak used_memory.
// Ends with one line:
//   RESULT rows=<n> parse_rows_per_s=<n> import_rows_per_s=<n> baseline_rows_per_s=<n> funnel_s=<n> rss_api_mb=<n> rss_worker_mb=<n> rss_bench_mb=<n>
// A benchmark, not a test: it exits 0 whatever the figures (1 only when it could not run).
//
//   npm run bench:import -- [--rows 1000000] [--worker-heap-mb 192] [--keep] [--log FILE]
//
// The worker runs with --max-old-space-size=<worker-heap-mb> (0: Node's default), as deployed.
//
// Its own database (leadboard_bench_<random>) and Redis prefix (lbbench-<random>), removed at the
// end with the generated file, also on Ctrl-C or a failure (--keep leaves the database and keys).
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import IORedis from 'ioredis';
import { ROOT, freePort, killAllSync, logAppsTo, rssMb, sleep, startApp, stopAll, waitFor } from './lib/procs.mjs';
import { createDatabase, createTenant, databaseUrlFor, deleteRedisKeys, dropDatabase, redisInfo } from './lib/setup.mjs';

const { values: opt } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    keep: { type: 'boolean', default: false },
    log: { type: 'string' },
    // As docker-compose and `npm run start:worker` run it: without a cap V8 lets garbage pile up to ~330 MB.
    'worker-heap-mb': { type: 'string', default: '192' },
  },
});
const ROWS = Number(opt.rows);
if (!Number.isInteger(ROWS) || ROWS < 1 || ROWS > 99_999_999) {
  console.error('--rows must be an integer from 1 to 99,999,999');
  process.exit(2);
}
const CAMPAIGN = 'c-bench-import';
const log = (...a) => console.error(`[bench-import ${new Date().toISOString().slice(11, 19)}]`, ...a);

const runId = randomBytes(4).toString('hex');
const dbName = `leadboard_bench_${runId}`;
const prefix = `lbbench-${runId}`;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const databaseUrl = databaseUrlFor(serverUrl, dbName);
const file = join(tmpdir(), `leadboard-bench-import-${runId}.csv`);
const appLog = [];
let dbCreated = false;

let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    await stopAll().catch(() => undefined);
    if (existsSync(file)) unlinkSync(file);
    if (opt.keep) return log(`kept database ${dbName} and Redis keys ${prefix}*`);
    if (dbCreated) await dropDatabase(databaseUrl).catch((e) => log(`could not drop ${dbName}: ${e.message}`));
    await deleteRedisKeys(redisUrl, prefix).catch((e) => log(`could not delete Redis keys ${prefix}*: ${e.message}`));
    log(`removed database ${dbName}, Redis keys ${prefix}* and the generated file`);
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => void cleanup().finally(() => process.exit(130)));
}
process.on('exit', killAllSync);

const FIRST = ['Niccolò', 'Renée', 'Mario', 'Anna', 'José', 'Chloé', 'Luca', 'Giulia', 'François', 'Sofia'];
const LAST = ['Rossi', 'Dupont', 'Bianchi', 'García', 'Müller', 'Ferrari', 'Lefèvre', 'Romano', 'Colombo', 'Moreau'];

/** A UTF-8 `;` list as Italian call centers get them; every row valid, every phone distinct (or, 1 %, only an e-mail). */
async function generate() {
  const out = createWriteStream(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('Nome;Cognome;Telefono;Email;Azienda;Provincia;Note\n');
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    const phone = i % 100 === 42 ? '' : `34${String(i).padStart(8, '0')}`;
    const email = i % 3 === 0 || phone === '' ? `lead${i}@example.it` : '';
    buf += `${FIRST[i % 10]};${LAST[(i / 10) % 10 | 0]};${phone};${email};Azienda ${i % 5000} S.r.l.;${['RM', 'MI', 'TO', 'NA'][i % 4]};"nota ${i}; richiamare"\n`;
    if (buf.length > 256 * 1024) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  out.end();
  await once(out, 'finish');
}

/** The baseline: csv-parse alone, streamed from disk, nothing built from the rows. */
async function baseline() {
  const started = performance.now();
  let records = 0;
  const parser = createReadStream(file).pipe(parse({ delimiter: ';', relax_column_count: true, relax_quotes: true, skip_empty_lines: true }));
  for await (const record of parser) if (record.length) records++;
  return { records: records - 1, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  for (const f of ['dist/apps/api/main.js', 'dist/apps/api/cli.js', 'dist/apps/worker/main.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run "npm run build" first`);
  }
  if (opt.log) logAppsTo(opt.log);
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix };
  log(`database ${dbName}, Redis prefix ${prefix}, file ${file}`);

  let t = performance.now();
  await generate();
  const bytes = statSync(file).size;
  log(`generated ${ROWS} rows, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const base = await baseline();
  log(`baseline csv-parse alone: ${base.records} records in ${base.seconds.toFixed(1)} s`);

  await createDatabase(env);
  dbCreated = true;
  const tenant = await createTenant(env);
  const port = await freePort();
  const appEnv = { ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: randomBytes(32).toString('base64url') };
  const api = startApp('api', 'dist/apps/api/main.js', appEnv, appLog);
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${apiUrl}/health/ready`).catch(() => null))?.ok === true, { what: 'API ready' }).catch((e) => {
    throw new Error(`${e.message}\n${appLog.join('').slice(-3000)}`);
  });
  const heapMb = Number(opt['worker-heap-mb']);
  const workerEnv = heapMb > 0 ? { ...appEnv, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapMb}`.trim() } : appEnv;
  const worker = startApp('worker', 'dist/apps/worker/main.js', workerEnv, appLog);
  await waitFor(() => appLog.some((l) => l.includes(`worker started (pid ${worker.pid})`)), { what: 'worker start' });
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: tenant.adminEmail, password: tenant.adminPassword }),
  });
  const { accessToken: token } = await login.json();
  const get = async (path) => (await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();

  // Peak memory, sampled while the import runs.
  const peak = { api: 0, worker: 0, bench: 0, redis: 0 };
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 });
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak.api = Math.max(peak.api, rssMb(api.pid) ?? 0);
      peak.worker = Math.max(peak.worker, rssMb(worker.pid) ?? 0);
      peak.bench = Math.max(peak.bench, rssMb(process.pid) ?? 0);
      peak.redis = Math.max(peak.redis, (await redisInfo(redis).catch(() => ({ usedMb: 0 }))).usedMb || 0);
      await sleep(250);
    }
  })();

  t = performance.now();
  const res = await fetch(`${apiUrl}/api/v1/imports?campaignId=${CAMPAIGN}&fileName=bench.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(bytes) },
    body: Readable.toWeb(createReadStream(file)),
    duplex: 'half',
  });
  const uploaded = await res.json();
  const uploadS = (performance.now() - t) / 1000;
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${JSON.stringify(uploaded)}`);
  log(`uploaded ${(bytes / 1e6).toFixed(1)} MB in ${uploadS.toFixed(1)} s → import ${uploaded.importId}`);

  let view;
  let lastLog = 0;
  await waitFor(
    async () => {
      view = await get(`/api/v1/imports/${uploaded.importId}`);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`import ${view.state}: ${view.rowsRead} rows read`);
      }
      return view.state === 'done' || view.state === 'failed';
    },
    { timeoutMs: 3_600_000, intervalMs: 500, what: 'the import to end' },
  );
  const importDoneS = (performance.now() - t) / 1000;
  if (view.state !== 'done') throw new Error(`the import failed: ${view.failure}`);
  log(`import done at ${importDoneS.toFixed(1)} s: ${view.rowsAccepted} accepted, ${view.rowsRejected} rejected, ${view.duplicates} duplicates`);

  let funnelNew = 0;
  await waitFor(
    async () => {
      funnelNew = (await get(`/api/v1/campaigns/${CAMPAIGN}/metrics`)).funnel?.new ?? 0;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`funnel.new = ${funnelNew}`);
      }
      return funnelNew >= view.rowsAccepted;
    },
    { timeoutMs: 3_600_000, intervalMs: 500, what: 'the funnel to show every row' },
  );
  const funnelS = (performance.now() - t) / 1000;
  sampling = false;
  await sampler;
  redis.disconnect();

  const line = appLog.join('').match(/import \S+ done: (\d+) rows in ([\d.]+) s, read\+parsed\+validated at (\d+) rows\/s/);
  const parseRate = line ? Number(line[3]) : NaN;
  const importRate = Math.round(view.rowsRead / (importDoneS - uploadS));
  const baseRate = Math.round(base.records / base.seconds);
  const rows = [
    ['rows in the file', ROWS.toLocaleString('en')],
    ['file size', `${(bytes / 1e6).toFixed(1)} MB`],
    ['baseline: csv-parse alone (this process)', `${baseRate.toLocaleString('en')} rows/s`],
    ['import job: read + parsed + validated', `${parseRate.toLocaleString('en')} rows/s  (target ≥ 20,000)`],
    ['import job: whole (queued + checkpointed, paced by the event workers)', `${importRate.toLocaleString('en')} rows/s`],
    ['upload (streamed into PostgreSQL)', `${uploadS.toFixed(1)} s`],
    ['import done after upload start', `${importDoneS.toFixed(1)} s`],
    ['funnel.new shows every row after upload start', `${funnelS.toFixed(1)} s  (${funnelNew.toLocaleString('en')} leads)`],
    ['peak RSS api / worker / bench', `${peak.api.toFixed(0)} / ${peak.worker.toFixed(0)} / ${peak.bench.toFixed(0)} MB  (target < 300 each)`],
    ['worker heap cap', heapMb > 0 ? `--max-old-space-size=${heapMb}` : 'none (Node default)'],
    ['peak Redis used_memory', `${peak.redis.toFixed(0)} MB`],
    ['accepted / rejected / duplicates', `${view.rowsAccepted} / ${view.rowsRejected} / ${view.duplicates}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(
    `RESULT rows=${view.rowsRead} parse_rows_per_s=${parseRate} import_rows_per_s=${importRate} baseline_rows_per_s=${baseRate} funnel_s=${funnelS.toFixed(1)} ` +
      `rss_api_mb=${peak.api.toFixed(0)} rss_worker_mb=${peak.worker.toFixed(0)} rss_bench_mb=${peak.bench.toFixed(0)}`,
  );
}

main()
  .then(() => cleanup())
  .catch(async (err) => {
    console.error(err.stack ?? err);
    console.error(appLog.join('').slice(-3000));
    await cleanup();
    process.exit(1);
  });
