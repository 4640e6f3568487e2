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
import { parseArgs } from 'node:util';
import type { IngestEvent } from '@leadboard/contracts';
import type { IngestBatchJob } from '@leadboard/server';
import { createTestDatabase } from '@leadboard/server/testing';
import type { EntityManager } from 'typeorm';
import { EventApplier } from '../apps/worker/src/events/event-applier';

const { values: opt } = parseArgs({ options: { sets: { type: 'string', default: '12' } } });
const SETS = Number(opt.sets);

interface Timing {
  ms: number;
  n: number;
}

/** The statement's kind and table, e.g. "INSERT events", "UPDATE leads". */
function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const m = /^(WITH locked AS .*?UPDATE (\w+)|WITH created AS .*?INSERT INTO (\w+)|INSERT INTO (\w+)|UPDATE (\w+)|DELETE FROM (\w+)|SELECT .*? FROM (\w+))/i.exec(s);
  if (!m) return s.slice(0, 40);
  const table = m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7];
  return `${s.split(' ')[0].toUpperCase()} ${table}`;
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
      events.push({ eventId: `e${req}_${i}`, type: 'lead.created', occurredAt: now, campaignId: lead.campaignId, leadId: lead.id, lead: { source: 'website', name: `Lead ${req}-${i}`, phone: `+39 333 000 ${String(i).padStart(4, '0')}`, email: `l${req}-${i}@bench.example`, attributes: { form: 'bench' } } });
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
        const tenantId = randomUUID();
        await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'profile']);
        const timings = new Map<string, Timing>();
        const ds = new Proxy(db.ds, {
          get(target, prop, receiver) {
            if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
            return (work: (m: EntityManager) => Promise<unknown>) => target.transaction((m) => work(timed(m, timings)));
          },
        });
        const applier = new EventApplier(ds);
        const gen = requests(workload, workload === 'mixed' ? 20 : 1);
        const job = (): IngestBatchJob => ({ tenantId, receivedAt: new Date().toISOString(), events: gen.next().value as IngestEvent[] });
        // Warm-up: leads to call, plans cached.
        for (let i = 0; i < 2; i++) await applier.applySet(Array.from({ length: jobsPerSet }, job));
        timings.clear();
        let events = 0;
        const t0 = performance.now();
        const sets = Math.max(2, Math.round((SETS * 8) / jobsPerSet));
        for (let s = 0; s < sets; s++) {
          const jobs = Array.from({ length: jobsPerSet }, job);
          events += jobs.reduce((n, j) => n + j.events.length, 0);
          await applier.applySet(jobs);
        }
        const total = performance.now() - t0;
        const sql = [...timings.values()].reduce((a, b) => a + b.ms, 0);
        console.log(`\n${workload}, ${jobsPerSet} job(s) of 100 events per set: ${sets} sets, ${Math.round(events / (total / 1000))} events/s, ${(total / sets).toFixed(1)} ms per set`);
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
