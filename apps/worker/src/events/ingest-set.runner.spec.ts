/**
 * The set runner with the applier, the database probe and the live pushes replaced: an outage
 * holds the work (no job fails), a poison job fails alone, a deadlock is tried again, and a set that
 * mixes tenants is applied tenant by tenant, each group in its tenant's scope.
 */
import { currentScopeTenant, type AppConfig, type IngestBatchJob } from '@leadboard/server';
import type { DataSource } from 'typeorm';
import type { LivePublisher } from '@leadboard/server';
import type { MetricsCoalescer } from '../live/metrics-coalescer';
import type { WorkerMetrics } from '../observability/worker-metrics';
import type { ApplyResult, EventApplier, SetResult } from './event-applier';
import { IngestSetRunner } from './ingest-set.runner';

const TENANT_A = '00000000-0000-4000-8000-00000000000a';
const TENANT_B = '00000000-0000-4000-8000-00000000000b';
const job = (id: string, tenantId = TENANT_A): IngestBatchJob => ({ tenantId, receivedAt: '2026-11-23T09:00:00Z', events: [{ eventId: id, type: 'lead.created', occurredAt: '2026-11-23T09:00:00Z', campaignId: 'c', leadId: id, lead: { source: 'web_form' } }] });
const result = (jobs: readonly IngestBatchJob[]): SetResult => ({
  results: [{ tenantId: jobs[0].tenantId, received: jobs.length, applied: jobs.length, duplicates: 0, transitions: [], touchedCampaigns: ['c'], dncViolations: [], alerts: [], operatorChanges: [], accounts: [] } satisfies ApplyResult],
  jobs: jobs.map(() => ({ applied: 1, duplicates: 0, transitions: 0 })),
});
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

function runner(applySet: (jobs: readonly IngestBatchJob[]) => Promise<SetResult>, probe: () => Promise<unknown> = async () => [{ '?column?': 1 }]) {
  const sets: string[][] = [];
  /** Per applySet call: the tenants of its jobs, and the tenant scope it ran in. */
  const scopes: { tenants: string[]; scope: string | null }[] = [];
  const applier = {
    applySet: async (jobs: readonly IngestBatchJob[]) => {
      sets.push(jobs.map((j) => j.events[0].eventId));
      scopes.push({ tenants: [...new Set(jobs.map((j) => j.tenantId))], scope: currentScopeTenant() });
      return applySet(jobs);
    },
  } as unknown as EventApplier;
  const marked: string[][] = [];
  const coalescer = { markDirty: (_t: string, c: string[]) => marked.push(c), markOperatorsDirty: () => undefined } as unknown as MetricsCoalescer;
  const publisher = { transition: () => undefined, alert: () => undefined } as unknown as LivePublisher;
  const timer = () => () => 0;
  const metrics = { applyBatchSeconds: { startTimer: timer }, eventsApplied: { inc: () => undefined }, eventsDuplicate: { inc: () => undefined } } as unknown as WorkerMetrics;
  const config = { engineSetJobs: 10, engineSetMaxEvents: 1000, engineSetsInFlight: 1 } as AppConfig;
  const ds = { query: probe } as unknown as DataSource;
  const r = new IngestSetRunner(config, ds, applier, publisher, coalescer, metrics);
  const flow: string[] = [];
  r.attach({ pause: () => flow.push('pause'), resume: () => flow.push('resume') });
  return { r, sets, flow, marked, scopes };
}

describe('IngestSetRunner', () => {
  it('holds the work while PostgreSQL is unreachable, pausing the consumer, then applies the same set', async () => {
    let down = 2;
    let probes = 0;
    const { r, sets, flow, marked } = runner(
      async (jobs) => {
        if (down-- > 0) throw pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432');
        return result(jobs);
      },
      async () => {
        if (probes++ === 0) throw pgError('57P03', 'the database system is starting up');
        return [];
      },
    );
    await expect(r.apply(job('a'))).resolves.toEqual({ applied: 1, duplicates: 0, transitions: 0 });
    expect(sets).toEqual([['a'], ['a'], ['a']]);
    expect(flow[0]).toBe('pause');
    expect(flow.at(-1)).toBe('resume');
    expect(marked).toEqual([['c']]);
  });

  it('applies the jobs of a failing set one by one, so only the poison job fails', async () => {
    const { r, sets } = runner(async (jobs) => {
      if (jobs.some((j) => j.events[0].eventId === 'poison')) throw pgError('22P02', 'invalid input syntax for type timestamp');
      return result(jobs);
    });
    const first = r.apply(job('a'));
    const rest = ['b', 'poison', 'c'].map((id) => r.apply(job(id)));
    await first;
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(sets).toEqual([['a'], ['b', 'poison', 'c'], ['b'], ['poison'], ['c']]);
  });

  it('tries a set again after a deadlock, then gives up on a job that keeps failing', async () => {
    let deadlocks = 1;
    const { r, sets } = runner(async (jobs) => {
      if (deadlocks-- > 0) throw pgError('40P01', 'deadlock detected');
      return result(jobs);
    });
    await expect(r.apply(job('a'))).resolves.toMatchObject({ applied: 1 });
    expect(sets).toEqual([['a'], ['a']]);

    const always = runner(async () => Promise.reject(pgError('40P01', 'deadlock detected')));
    await expect(always.r.apply(job('z'))).rejects.toThrow('deadlock detected');
    expect(always.sets).toHaveLength(4);
  });

  it('stops waiting out an outage once shutdown began: the job goes back to the queue retries', async () => {
    const { r } = runner(async () => Promise.reject(pgError('57P01', 'terminating connection due to administrator command')), async () => Promise.reject(new Error('down')));
    const pending = r.apply(job('a'));
    await new Promise((res) => setTimeout(res, 50));
    r.close();
    await expect(pending).rejects.toThrow('terminating connection');
  });

  it('applies a set that mixes tenants one tenant at a time, each in its own scope, and isolates a poison job within its tenant', async () => {
    const { r, sets, scopes } = runner(async (jobs) => {
      if (jobs.some((j) => j.events[0].eventId === 'b-poison')) throw pgError('22P02', 'invalid input syntax for type timestamp');
      return result(jobs);
    });
    const first = r.apply(job('first'));
    const rest = [job('b1', TENANT_B), job('a1'), job('b-poison', TENANT_B), job('a2')].map((j) => r.apply(j));
    await first;
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // The second set: A's group once (its jobs never re-applied because of B's poison), then B's, then B's one by one.
    expect(sets).toEqual([['first'], ['a1', 'a2'], ['b1', 'b-poison'], ['b1'], ['b-poison']]);
    expect(scopes.every((s) => s.tenants.length === 1 && s.scope === s.tenants[0])).toBe(true);
  });
});
