/**
 * Where an ingest set's time goes, in-process, against the real PostgreSQL: applies the bench's
 * friendly load (half new leads, half first calls) and the mixed one (late calls, operator states,
 * several campaigns) as sets of 1, 8 and 32 jobs of 100 events, and prints, per set size, events/s
 * of the engine alone and the share of each statement and of the JavaScript between them.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/engine-profile.ts [--sets N]
 *
 * A measurement, not a test: it prints figures and asserts nothing. It creates its own database
 * (dropped at the end).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { IngestEvent } from '@leadboard/contracts';
import type { IngestBatchJob } from '@leadboard/server';
import { createTestDatabase } from '@leadboard/server/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { AccountStep } from '../apps/worker/src/accounts/account-step';
import { KnownCustomerStep } from '../apps/worker/src/classification/known-customer-flagger';
import { EventApplier, type AfterLeadsWritten } from '../apps/worker/src/events/event-applier';

const { values: opt } = parseArgs({
  options: { sets: { type: 'string', default: '12' }, bare: { type: 'boolean', default: false }, only: { type: 'string', default: '' } },
});
const SETS = Number(opt.sets);
/** The worker's steps after the leads are written (known customers, accounts), unless --bare. */
const STEPS: AfterLeadsWritten[] = opt.bare ? [] : [new KnownCustomerStep(), new AccountStep()];

/** utime + stime of a process in ms (clock ticks of 10 ms), from /proc: CPU spent whatever the machine's load. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU of this process and of the PostgreSQL backends serving the database, in ms. */
async function cpuNow(ds: DataSource): Promise<{ node: number; pg: number }> {
  const pids = (await ds.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)) as { pid: number }[];
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1000, pg: pids.reduce((sum, r) => sum + cpuMsOf(r.pid), 0) };
}

interface Timing {
  ms: number;
  n: number;
}

/**
 * The statement's kind and table, e.g. "INSERT events", "UPDATE leads (stage…)": an UPDATE names its first
 * column set (the fold's write and the priority's are both `UPDATE leads`), a WITH names what it writes.
 */
export function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const head = s.split(' ')[0].toUpperCase();
  const write = /\b(INSERT INTO|DELETE FROM) (\w+)|\bUPDATE (\w+)(?: AS)? (?:\w+ )?SET (\w+)/i.exec(s);
  if (write) return `${head} ${write[2] ?? write[3]}${write[4] ? ` (${write[4]}…)` : ''}`;
  const read = /\bFROM (\w+)/i.exec(s);
  return read ? `${head} ${read[1]}${/FOR (NO KEY )?UPDATE/i.test(s) ? ' (lock)' : ''}` : s.slice(0, 40);
}

function timed(m: EntityManager, timings: Map<string, Timing>): EntityManager {
  const query = m.query.bind(m);
  return new Proxy(m, {
    get(target, prop, receiver) {
      if (prop !== 'query') return Reflect.get(target, prop, receiver);
      return async (sql: string, params?: unknown[]) => {
        const t0 = performance.now();
        try {
          return await query(sql, params);
        } finally {
          const t = timings.get(label(sql)) ?? { ms: 0, n: 0 };
          t.ms += performance.now() - t0;
          t.n++;
          timings.set(label(sql), t);
        }
      };
    },
  });
}

const OPS = Array.from({ length: 40 }, (_, i) => `op-${i + 1}`);

function* requests(workload: 'friendly' | 'mixed', campaigns: number): Generator<IngestEvent[]> {
  const contacted: { id: string; campaignId: string; createdMs: number }[] = [];
  const fresh: { id: string; campaignId: string; createdMs: number }[] = [];
  let t = Date.parse('2026-11-23T08:00:00Z');
  for (let req = 0; ; req++) {
    t += 50;
    const now = new Date(t).toISOString();
    const events: IngestEvent[] = [];
    if (workload === 'mixed') {
      for (let k = 0; k < 10 && contacted.length; k++) {
        const l = contacted.shift()!;
        events.push({ eventId: `e${req}_${events.length}`, type: 'call.outcome', occurredAt: new Date(l.createdMs + 1).toISOString(), campaignId: l.campaignId, leadId: l.id, operatorId: OPS[k], disposition: 'INTERESTED', talkSeconds: 40, wrapSeconds: 5 });
      }
      for (let k = 0; k < 10; k++) {
        events.push({ eventId: `e${req}_${events.length}`, type: 'operator.state', occurredAt: now, operatorId: OPS[(req * 10 + k) % OPS.length], state: (['available', 'on_call', 'wrap_up'] as const)[req % 3], campaignId: `c-${k % campaigns}` });
      }
    }
    while (events.length < 50 && fresh.length) {
      const l = fresh.shift()!;
      events.push({ eventId: `e${req}_${events.length}`, type: 'call.outcome', occurredAt: now, campaignId: l.campaignId, leadId: l.id, operatorId: OPS[events.length % OPS.length], disposition: 'INTERESTED', talkSeconds: 60, wrapSeconds: 15, notes: 'bench' });
      contacted.push(l);
    }
    for (let i = events.length; i < 100; i++) {
      const lead = { id: `L${req}_${i}`, campaignId: `c-${i % campaigns}`, createdMs: t };
      events.push({ eventId: `e${req}_${i}`, type: 'lead.created', occurredAt: now, campaignId: lead.campaignId, leadId: lead.id, lead: { source: 'website', name: `Lead ${req}-${i}`, phone: `+39 333 ${String(req % 1000).padStart(3, '0')} ${String(i).padStart(4, '0')}`, email: `l${req}-${i}@bench.example`, attributes: { form: 'bench' } } });
      fresh.push(lead);
    }
    yield events;
  }
}

async function main(): Promise<void> {
  const db = await createTestDatabase('engine_profile');
  try {
    for (const workload of ['friendly', 'mixed'] as const) {
      for (const jobsPerSet of [1, 8, 32]) {
        if (opt.only && opt.only !== `${workload}${jobsPerSet}`) continue;
        const tenantId = randomUUID();
        await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'profile']);
        const timings = new Map<string, Timing>();
        const ds = new Proxy(db.ds, {
          get(target, prop, receiver) {
            if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
            return (work: (m: EntityManager) => Promise<unknown>) => target.transaction((m) => work(timed(m, timings)));
          },
        });
        const applier = new EventApplier(ds, { afterLeadsWritten: STEPS });
        const gen = requests(workload, workload === 'mixed' ? 20 : 1);
        const job = (): IngestBatchJob => ({ tenantId, receivedAt: new Date().toISOString(), events: gen.next().value as IngestEvent[] });
        // Warm-up: leads to call, plans cached.
        for (let i = 0; i < 2; i++) await applier.applySet(Array.from({ length: jobsPerSet }, job));
        timings.clear();
        let events = 0;
        const cpu0 = await cpuNow(db.ds);
        const t0 = performance.now();
        const sets = Math.max(2, Math.round((SETS * 8) / jobsPerSet));
        for (let s = 0; s < sets; s++) {
          const jobs = Array.from({ length: jobsPerSet }, job);
          events += jobs.reduce((n, j) => n + j.events.length, 0);
          await applier.applySet(jobs);
        }
        const total = performance.now() - t0;
        const cpu1 = await cpuNow(db.ds);
        const sql = [...timings.values()].reduce((a, b) => a + b.ms, 0);
        const statements = [...timings.values()].reduce((a, b) => a + b.n, 0);
        const perK = (ms: number) => ((ms / events) * 1000).toFixed(0);
        console.log(`\n${workload}, ${jobsPerSet} job(s) of 100 events per set: ${sets} sets, ${Math.round(events / (total / 1000))} events/s, ${(total / sets).toFixed(1)} ms per set, ${(statements / sets).toFixed(1)} statements per set`);
        console.log(`  CPU per 1,000 events: node ${perK(cpu1.node - cpu0.node)} ms, PostgreSQL backends ${perK(cpu1.pg - cpu0.pg)} ms; load average ${loadavg()[0].toFixed(1)}`);
        const rows = [...timings.entries()].sort((a, b) => b[1].ms - a[1].ms);
        for (const [name, t] of rows) console.log(`  ${name.padEnd(34)} ${(t.ms / sets).toFixed(2).padStart(7)} ms/set  ${((t.ms / total) * 100).toFixed(0).padStart(3)} %  (${(t.n / sets).toFixed(1)} per set)`);
        console.log(`  ${'JavaScript (fold, params, commit wait)'.padEnd(34)} ${((total - sql) / sets).toFixed(2).padStart(7)} ms/set  ${(((total - sql) / total) * 100).toFixed(0).padStart(3)} %`);
      }
    }
  } finally {
    await db.drop();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
