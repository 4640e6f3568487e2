#!/usr/bin/env node
// Managers' figures (issue 5): the time to reassign 5,000 leads in one request, and to compute the
// reassignment suggestions of a campaign with 100,000 leads and 200 operators.
//
//   npm run build && node bench/reassignment.mjs [--runs 5] [--leads 100000] [--operators 200] [--keep]
//
// Its own database (leadboard_bench_<random>, created and migrated with the operator CLI) and Redis
// prefix (lbbench-<random>); the campaign is seeded with SQL inserts (no events: the figures are about
// the reads and writes of the managers' endpoints, not ingest); the built API runs as a child process.
// Both are removed at the end, also on Ctrl-C or a failure (--keep leaves them). Prints the timings
// (median and max of --runs) and ends with one line:
//   RESULT reassign_5000_ms=<median> suggestions_ms=<median> suggested_moves=<n>
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ROOT, freePort, killAllSync, startApp, stopAll, waitFor } from './lib/procs.mjs';
import { createDatabase, createTenant, databaseUrlFor, deleteRedisKeys, dropDatabase } from './lib/setup.mjs';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    leads: { type: 'string', default: '100000' },
    operators: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
  },
});
const RUNS = Number(opt.runs);
const LEADS = Number(opt.leads);
const OPERATORS = Number(opt.operators);
const MOVE = 5000;
const CAMPAIGN = 'c-bench';

const log = (...a) => console.error(`[bench-reassignment ${new Date().toISOString().slice(11, 19)}]`, ...a);

const runId = randomBytes(4).toString('hex');
const dbName = `leadboard_bench_${runId}`;
const prefix = `lbbench-${runId}`;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const databaseUrl = databaseUrlFor(serverUrl, dbName);
const appLog = [];
let dbCreated = false;
let client = null;

let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    await stopAll().catch(() => undefined);
    await client?.end().catch(() => undefined);
    if (opt.keep) return log(`kept database ${dbName} and Redis keys ${prefix}*`);
    if (dbCreated) await dropDatabase(databaseUrl).catch((e) => log(`could not drop ${dbName}: ${e.message}`));
    await deleteRedisKeys(redisUrl, prefix).catch((e) => log(`could not delete Redis keys ${prefix}*: ${e.message}`));
    log(`removed database ${dbName} and Redis keys ${prefix}*`);
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => void cleanup().finally(() => process.exit(130)));
}
process.on('exit', killAllSync);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * 200 operators (a quarter senior, 10 % of them offline) and 100,000 leads in realistic proportions:
 * 40 % new, 25 % contacted, 15 % prospect, 5 % opportunity, 5 % nurturing, 5 % lost, 5 % customer,
 * owned round-robin, touched in the last 10 hours; the open-lead counters are built from the rows,
 * as the worker keeps them.
 */
async function seed(tenantId) {
  await client.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, $2, 'Bench campaign')`, [tenantId, CAMPAIGN]);
  await client.query(
    `INSERT INTO operators (tenant_id, id, name, seniority, state, state_since, campaign_id)
     SELECT $1, 'op-' || lpad(i::text, 3, '0'), 'Operator ' || i,
            CASE WHEN i % 4 = 0 THEN 'senior' ELSE 'junior' END,
            CASE WHEN i % 10 = 1 THEN 'offline' ELSE 'available' END, now() - interval '1 hour', $2
       FROM generate_series(0, $3 - 1) AS i`,
    [tenantId, CAMPAIGN, OPERATORS],
  );
  await client.query(
    `INSERT INTO leads (tenant_id, id, campaign_id, stage, max_rank, contacted, owner_operator_id, attempts,
                        first_event_at, last_event_at, last_event_id, callback_at)
     SELECT $1, 'L-' || lpad(i::text, 6, '0'), $2, s.stage,
            CASE s.stage WHEN 'contacted' THEN 1 WHEN 'prospect' THEN 2 WHEN 'opportunity' THEN 3 WHEN 'customer' THEN 4 ELSE 0 END,
            s.stage <> 'new', CASE WHEN s.stage = 'new' THEN NULL ELSE 'op-' || lpad((i % $3)::text, 3, '0') END, 1,
            now() - interval '1 day', now() - (i % 600) * interval '1 minute', 'e-' || i,
            CASE WHEN i % 50 = 0 AND s.stage IN ('contacted', 'prospect') THEN now() - interval '5 minutes' END
       FROM generate_series(0, $4 - 1) AS i,
            LATERAL (SELECT CASE
              WHEN i % 20 < 8 THEN 'new' WHEN i % 20 < 13 THEN 'contacted' WHEN i % 20 < 16 THEN 'prospect'
              WHEN i % 20 < 17 THEN 'opportunity' WHEN i % 20 < 18 THEN 'nurturing' WHEN i % 20 < 19 THEN 'lost'
              ELSE 'customer' END AS stage) s`,
    [tenantId, CAMPAIGN, OPERATORS, LEADS],
  );
  await client.query(
    `INSERT INTO operator_lead_counts (tenant_id, operator_id, campaign_id, stage, leads)
     SELECT tenant_id, owner_operator_id, campaign_id, stage, count(*) FROM leads
      WHERE tenant_id = $1 AND owner_operator_id IS NOT NULL AND stage IN ('new', 'contacted', 'prospect', 'opportunity', 'nurturing')
      GROUP BY 1, 2, 3, 4`,
    [tenantId],
  );
  await client.query('ANALYZE leads; ANALYZE operators; ANALYZE operator_lead_counts');
}

async function request(apiUrl, method, path, token, body) {
  const started = performance.now();
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return { ms, json };
}

async function main() {
  for (const f of ['dist/apps/api/main.js', 'dist/apps/api/cli.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run "npm run build" first`);
  }
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix };
  log(`database ${dbName}, Redis prefix ${prefix}`);
  await createDatabase(env);
  dbCreated = true;
  const tenant = await createTenant(env);
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();

  let t = performance.now();
  await seed(tenant.tenantId);
  log(`seeded ${LEADS} leads and ${OPERATORS} operators in ${Math.round(performance.now() - t)} ms`);

  const port = await freePort();
  const api = startApp('api', 'dist/apps/api/main.js', {
    ...env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET: randomBytes(32).toString('hex'),
  }, appLog);
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${apiUrl}/health/ready`).catch(() => null))?.ok === true, { what: 'API ready' }).catch((e) => {
    throw new Error(`${e.message}\n${appLog.join('').slice(-3000)}`);
  });
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: tenant.adminEmail, password: tenant.adminPassword }),
  });
  const { accessToken: token } = await login.json();

  // Suggestions: the whole endpoint (bounded reads of the campaign's prospects/opportunities and the
  // operators with their load, then the domain's policy), first run included.
  const suggestionMs = [];
  let last = null;
  for (let i = 0; i < RUNS; i++) {
    const { ms, json } = await request(apiUrl, 'GET', `/api/v1/campaigns/${CAMPAIGN}/reassignment-suggestions`, token);
    suggestionMs.push(ms);
    last = json;
  }
  const moves = last.suggestions.reduce((n, s) => n + s.leadIds.length, 0);
  log(`suggestions: ${last.suggestions.length} groups, ${moves} leads to move, ${last.unplaced?.count ?? 0} with no senior room left`);

  // Reassign 5,000 open leads in one request with expectedOwners, back and forth between two available seniors.
  const { rows } = await client.query(
    `SELECT id, owner_operator_id FROM leads WHERE tenant_id = $1 AND campaign_id = $2 AND stage IN ('contacted', 'prospect', 'opportunity')
      ORDER BY id LIMIT $3`,
    [tenant.tenantId, CAMPAIGN, MOVE],
  );
  const ids = rows.map((r) => r.id);
  let owners = Object.fromEntries(rows.map((r) => [r.id, r.owner_operator_id]));
  const targets = ['op-000', 'op-004'];
  const reassignMs = [];
  for (let i = 0; i < RUNS; i++) {
    const to = targets[i % 2];
    const { ms, json } = await request(apiUrl, 'POST', '/api/v1/leads/reassign', token, {
      leadIds: ids,
      toOperatorId: to,
      reason: `bench run ${i}`,
      expectedOwners: owners,
    });
    if (json.moved + json.alreadyOwned !== MOVE) throw new Error(`moved ${json.moved} + ${json.alreadyOwned}, expected ${MOVE}`);
    reassignMs.push(ms);
    owners = Object.fromEntries(ids.map((id) => [id, to]));
  }
  const [{ n: audited }] = (await client.query('SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1', [tenant.tenantId])).rows;

  const fmt = (xs) => `median ${Math.round(median(xs))} ms, max ${Math.round(Math.max(...xs))} ms (${xs.map((x) => Math.round(x)).join(', ')})`;
  console.log(`suggestions, campaign of ${LEADS} leads and ${OPERATORS} operators: ${fmt(suggestionMs)}`);
  console.log(`reassign ${MOVE} leads in one request (with expectedOwners, audited, counters, push): ${fmt(reassignMs)}; ${audited} audit rows`);
  console.log(`RESULT reassign_5000_ms=${Math.round(median(reassignMs))} suggestions_ms=${Math.round(median(suggestionMs))} suggested_moves=${moves}`);
}

main()
  .catch((err) => {
    log(`failed: ${err.stack ?? err.message}`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
