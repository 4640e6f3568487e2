/**
 * The engine under real conditions: shuffled events with duplicates, posted concurrently while two
 * worker processes (concurrency 4) apply them, end with exactly what the domain's in-order fold gives;
 * a worker killed with SIGKILL mid-batch leaves every event applied once.
 */
import type { CampaignMetrics } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES, foldLeadEvents, summarizeLeads, type LeadEvent } from '@leadboard/domain';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '@leadboard/domain/testing';
import { DataSource } from 'typeorm';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

let db: DataSource;
beforeAll(async () => {
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 2 } });
  await db.initialize();
});
afterAll(async () => {
  await db?.destroy();
});

function histories(seed: number, campaignId: string, leads: number): Map<string, LeadEvent[]> {
  const rand = seededRandom(seed);
  const t0 = Date.now() - 30 * 60_000;
  const byLead = new Map<string, LeadEvent[]>();
  for (let i = 0; i < leads; i++) {
    const leadId = `${campaignId}-L${i}`;
    byLead.set(leadId, randomLeadHistory(rand, { campaignId, leadId, t0, maxCalls: 12, operators: 8 }));
  }
  return byLead;
}

async function postConcurrently(stack: Stack, key: string, batches: unknown[][], parallel: number): Promise<void> {
  const queue = [...batches];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const res = await postEvents(stack, key, batch);
        if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      }
    }),
  );
}

const storedEvents = async (tenantId: string) =>
  Number(((await db.query('SELECT count(*) AS n FROM events WHERE tenant_id = $1', [tenantId])) as { n: string }[])[0].n);

async function expectFoldResult(stack: Stack, tenant: TenantCredentials, campaignId: string, byLead: Map<string, LeadEvent[]>) {
  const folds = new Map([...byLead].map(([id, events]) => [id, foldLeadEvents(events, DEFAULT_CAMPAIGN_RULES)]));
  const expected = summarizeLeads([...folds.values()].map((f) => f.state));
  const token = await login(stack, tenant.adminEmail, tenant.adminPassword);
  // Metrics pushes are coalesced; the REST figures are read from the committed state.
  const { body } = await getJson<CampaignMetrics>(stack, `/api/v1/campaigns/${campaignId}/metrics`, token);
  expect({ stages: body.stages, funnel: body.funnel, rates: body.rates, attemptsPerLead: body.attemptsPerLead, unmapped: body.unmappedDispositions }).toEqual({
    stages: expected.stages,
    funnel: expected.funnel,
    rates: expected.rates,
    attemptsPerLead: expected.attemptsPerLead,
    unmapped: expected.unmappedDispositions,
  });
  const rows = (await db.query(
    `SELECT l.id, l.stage, (SELECT count(*) FROM stage_transitions t WHERE t.tenant_id = l.tenant_id AND t.lead_id = l.id) AS transitions
       FROM leads l WHERE l.tenant_id = $1`,
    [tenant.tenantId],
  )) as { id: string; stage: string; transitions: string }[];
  expect(rows).toHaveLength(byLead.size);
  const mismatches = rows.filter((r) => {
    const f = folds.get(r.id)!;
    return r.stage !== f.state.stage || Number(r.transitions) !== f.changes.length;
  });
  expect(mismatches).toEqual([]);
}

describe('two workers, shuffled events with duplicates, posted concurrently', () => {
  let stack: Stack;
  afterAll(async () => stack?.stop());

  it('ends with the exact stages, funnel and rates of the in-order rules, and no event lost', async () => {
    stack = await startStack({ workers: 2, env: { WORKER_CONCURRENCY: '4' } });
    const tenant = await createTenant(stack);
    const byLead = histories(7, 'c-engine', 300);
    const all = [...byLead.values()].flat();
    const rand = seededRandom(99);
    const withDuplicates = shuffled(rand, [...all, ...all.filter(() => rand() < 0.15)]);
    await postConcurrently(stack, tenant.ingestKey, randomChunks(rand, withDuplicates, 150), 6);

    await waitFor(async () => (await storedEvents(tenant.tenantId)) === all.length, { timeoutMs: 60_000, what: `${all.length} events stored` });
    await waitFor(async () => Number(((await db.query('SELECT count(*) AS n FROM leads WHERE tenant_id = $1', [tenant.tenantId])) as { n: string }[])[0].n) === byLead.size);
    expect(stack.logs()).not.toMatch(/dead letter/);
    await expectFoldResult(stack, tenant, 'c-engine', byLead);
  });
});

describe('a worker killed with SIGKILL mid-batch', () => {
  let stack: Stack;
  afterAll(async () => stack?.stop());

  it('ends with every event applied exactly once', async () => {
    stack = await startStack({ workers: 1, env: { WORKER_CONCURRENCY: '2', WORKER_LOCK_MS: '2000' } });
    const tenant = await createTenant(stack);
    const byLead = histories(11, 'c-kill', 600);
    const all = [...byLead.values()].flat();
    const rand = seededRandom(5);
    const batches = randomChunks(rand, shuffled(rand, all), 200);
    await postConcurrently(stack, tenant.ingestKey, batches, 4);

    // Kill the worker while it is part-way through (some events stored, not all).
    await waitFor(async () => (await storedEvents(tenant.tenantId)) > 0, { timeoutMs: 30_000, what: 'the worker to start applying' });
    const before = await storedEvents(tenant.tenantId);
    stack.workers[0].kill('SIGKILL');
    expect(before).toBeLessThan(all.length);

    await stack.startWorker();
    await waitFor(async () => (await storedEvents(tenant.tenantId)) === all.length, { timeoutMs: 60_000, what: `${all.length} events after the restart` });
    await expectFoldResult(stack, tenant, 'c-kill', byLead);
  });
});
