/**
 * The event applier against the real PostgreSQL: whatever the arrival order, batch split,
 * duplicates and concurrency, each lead ends as the domain's fold of its sorted events says.
 */
import type { CallOutcomeEvent, IngestEvent } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES, foldLeadEvents, type LeadEvent } from '@leadboard/domain';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '@leadboard/domain/testing';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { EventApplier } from './event-applier';
import { retryConflicts } from './retry-conflicts.testing';

const T0 = Date.parse('2026-11-23T08:00:00Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('applier');
});
afterAll(async () => {
  await db?.drop();
});

const newTenant = () => db.newTenant();

async function expectMatchesFold(tenantId: string, byLead: Map<string, LeadEvent[]>): Promise<void> {
  const rows = (await db.ds.query('SELECT id, stage, max_rank, contacted, attempts, owner_operator_id, unmapped FROM leads WHERE tenant_id = $1 ORDER BY id', [tenantId])) as {
    id: string;
    stage: string;
    max_rank: number;
    contacted: boolean;
    attempts: number;
    owner_operator_id: string | null;
    unmapped: number;
  }[];
  expect(rows.map((r) => r.id)).toEqual([...byLead.keys()].sort());
  for (const r of rows) {
    const fold = foldLeadEvents(byLead.get(r.id)!, DEFAULT_CAMPAIGN_RULES);
    expect({ id: r.id, stage: r.stage, maxRank: r.max_rank, contacted: r.contacted, attempts: r.attempts, owner: r.owner_operator_id, unmapped: r.unmapped }).toEqual({
      id: r.id,
      stage: fold.state.stage,
      maxRank: fold.state.maxRank,
      contacted: fold.state.contacted,
      attempts: fold.state.attempts,
      owner: fold.state.ownerOperatorId,
      unmapped: fold.state.unmapped,
    });
    const history = (await db.ds.query('SELECT from_stage, to_stage, event_id FROM stage_transitions WHERE tenant_id = $1 AND lead_id = $2 ORDER BY at, id', [tenantId, r.id])) as {
      from_stage: string | null;
      to_stage: string;
      event_id: string;
    }[];
    expect(history.map((h) => [h.from_stage, h.to_stage, h.event_id])).toEqual(fold.changes.map((c) => [c.from, c.to, c.eventId]));
  }
  const [{ n }] = (await db.ds.query('SELECT count(*)::int AS n FROM events WHERE tenant_id = $1', [tenantId])) as { n: number }[];
  expect(n).toBe([...byLead.values()].reduce((sum, l) => sum + l.length, 0));
  await expectCountersMatchSource(tenantId);
}

/** The counters kept by deltas equal a recount from the rows they summarise. */
async function expectCountersMatchSource(tenantId: string): Promise<void> {
  const q = async (sql: string) => (await db.ds.query(sql, [tenantId])) as Record<string, string>[];
  const norm = (rows: Record<string, string>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));
  expect(
    norm(await q(`SELECT campaign_id, stage_new, stage_contacted, stage_prospect, stage_opportunity, stage_customer, stage_nurturing, stage_lost, stage_dnc,
                         reached_new, reached_contacted, reached_prospect, reached_opportunity, reached_customer, attempts, unmapped
                    FROM campaign_stats WHERE tenant_id = $1 ORDER BY campaign_id`)),
  ).toEqual(
    norm(await q(`SELECT campaign_id,
                         count(*) FILTER (WHERE stage = 'new') AS stage_new, count(*) FILTER (WHERE stage = 'contacted') AS stage_contacted,
                         count(*) FILTER (WHERE stage = 'prospect') AS stage_prospect, count(*) FILTER (WHERE stage = 'opportunity') AS stage_opportunity,
                         count(*) FILTER (WHERE stage = 'customer') AS stage_customer, count(*) FILTER (WHERE stage = 'nurturing') AS stage_nurturing,
                         count(*) FILTER (WHERE stage = 'lost') AS stage_lost, count(*) FILTER (WHERE stage = 'dnc') AS stage_dnc,
                         count(*) AS reached_new, count(*) FILTER (WHERE contacted OR max_rank >= 1) AS reached_contacted,
                         count(*) FILTER (WHERE max_rank >= 2) AS reached_prospect, count(*) FILTER (WHERE max_rank >= 3) AS reached_opportunity,
                         count(*) FILTER (WHERE max_rank >= 4) AS reached_customer, sum(attempts) AS attempts, sum(unmapped) AS unmapped
                    FROM leads WHERE tenant_id = $1 GROUP BY campaign_id ORDER BY campaign_id`)),
  );
  expect(norm(await q(`SELECT to_stage, n FROM (SELECT 'new' AS to_stage, sum(into_new) AS n FROM campaign_minute_stats WHERE tenant_id = $1
                         UNION ALL SELECT 'prospect', sum(into_prospect) FROM campaign_minute_stats WHERE tenant_id = $1
                         UNION ALL SELECT 'lost', sum(into_lost) FROM campaign_hour_stats WHERE tenant_id = $1) x ORDER BY to_stage`))).toEqual(
    norm(await q(`SELECT s AS to_stage, (SELECT count(*) FROM stage_transitions WHERE tenant_id = $1 AND to_stage = s) AS n
                    FROM unnest(ARRAY['lost', 'new', 'prospect']) AS s ORDER BY s`)),
  );
  expect(norm(await q(`SELECT operator_id, campaign_id, stage, leads FROM operator_lead_counts WHERE tenant_id = $1 AND leads <> 0 ORDER BY 1, 2, 3`))).toEqual(
    norm(await q(`SELECT owner_operator_id AS operator_id, campaign_id, stage, count(*) AS leads FROM leads
                   WHERE tenant_id = $1 AND owner_operator_id IS NOT NULL AND stage IN ('new', 'contacted', 'prospect', 'opportunity', 'nurturing')
                   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)),
  );
  const [calls] = await q(`SELECT (SELECT sum(calls) FROM campaign_minute_stats WHERE tenant_id = $1) AS counted,
                                  (SELECT count(*) FROM events WHERE tenant_id = $1 AND type = 'call.outcome') AS stored`);
  expect(String(calls.counted)).toBe(String(calls.stored));
}

// What the set runner does for a set that met a concurrent one (a deadlock, a lead created first): try again.
const applyWithRetry = (applier: EventApplier, tenantId: string, events: IngestEvent[]) =>
  retryConflicts(() => applier.apply({ tenantId, receivedAt: new Date().toISOString(), events }));

it.each([1, 2, 3])('shuffled batches with duplicates fold to the sorted result (seed %i)', async (seed) => {
  const rand = seededRandom(seed);
  const tenantId = await newTenant();
  const byLead = new Map<string, LeadEvent[]>();
  for (let i = 0; i < 40; i++) byLead.set(`L-${i}`, randomLeadHistory(rand, { campaignId: 'c-it', leadId: `L-${i}`, t0: T0 }));
  const all = [...byLead.values()].flat();
  const withDuplicates = shuffled(rand, [...all, ...all.filter(() => rand() < 0.2)]);
  const applier = new EventApplier(db.ds);
  let duplicates = 0;
  for (const batch of randomChunks(rand, withDuplicates, 25)) duplicates += (await applyWithRetry(applier, tenantId, batch)).duplicates;
  expect(duplicates).toBe(withDuplicates.length - all.length);
  await expectMatchesFold(tenantId, byLead);
});

it('concurrent batches touching the same leads lose no update', async () => {
  const rand = seededRandom(42);
  const tenantId = await newTenant();
  const byLead = new Map<string, LeadEvent[]>();
  for (let i = 0; i < 15; i++) byLead.set(`C-${i}`, randomLeadHistory(rand, { campaignId: 'c-it', leadId: `C-${i}`, t0: T0 }));
  const all = shuffled(rand, [...byLead.values()].flat());
  const applier = new EventApplier(db.ds);
  const parts = randomChunks(rand, all, 25);
  await Promise.all(parts.map((b) => applyWithRetry(applier, tenantId, b)));
  await expectMatchesFold(tenantId, byLead);
});

it('a late event rewrites the lead history and flags the transitions as corrections', async () => {
  const tenantId = await newTenant();
  const applier = new EventApplier(db.ds);
  const base = { campaignId: 'c-it', leadId: 'LATE', operatorId: 'op-1', talkSeconds: 30, wrapSeconds: 5 } as const;
  await applier.apply({
    tenantId,
    receivedAt: new Date().toISOString(),
    events: [{ ...base, eventId: 'b', type: 'call.outcome', occurredAt: '2026-11-23T10:00:00Z', disposition: 'INTERESTED' } as CallOutcomeEvent],
  });
  const late = await applier.apply({
    tenantId,
    receivedAt: new Date().toISOString(),
    events: [{ ...base, eventId: 'a', type: 'call.outcome', occurredAt: '2026-11-23T09:00:00+00:00', disposition: 'SALE' } as CallOutcomeEvent],
  });
  // SALE happened first: customer is absorbing, so the later INTERESTED changes nothing.
  expect(late.transitions.map((t) => [t.from, t.to, t.correction])).toEqual([
    [null, 'new', true],
    ['new', 'customer', true],
  ]);
  const [lead] = (await db.ds.query(`SELECT stage FROM leads WHERE tenant_id = $1 AND id = 'LATE'`, [tenantId])) as { stage: string }[];
  expect(lead.stage).toBe('customer');
});

it('shuffled jobs applied as multi-job sets, two sets at once, with duplicates across jobs, fold to the sorted result', async () => {
  const rand = seededRandom(7);
  const tenantId = await newTenant();
  const byLead = new Map<string, LeadEvent[]>();
  for (let i = 0; i < 40; i++) byLead.set(`S-${i}`, randomLeadHistory(rand, { campaignId: i % 3 ? 'c-it' : 'c-other', leadId: `S-${i}`, t0: T0 }));
  const all = [...byLead.values()].flat();
  const withDuplicates = shuffled(rand, [...all, ...all.filter(() => rand() < 0.2)]);
  const jobs = randomChunks(rand, withDuplicates, 10).map((events) => ({ tenantId, receivedAt: new Date().toISOString(), events }));
  const sets = randomChunks(rand, jobs, 6);
  const applier = new EventApplier(db.ds);
  const applySetWithRetry = (set: typeof jobs) => retryConflicts(() => applier.applySet(set));
  const applied: number[] = [];
  for (let i = 0; i < sets.length; i += 2) {
    const done = await Promise.all(sets.slice(i, i + 2).map(applySetWithRetry));
    for (const s of done) applied.push(...s.jobs.map((j) => j.applied));
  }
  expect(applied.reduce((a, b) => a + b, 0)).toBe(all.length);
  await expectMatchesFold(tenantId, byLead);
});

it('names an operator first seen without a name once a state event names it, and never renames it', async () => {
  const tenantId = await newTenant();
  const applier = new EventApplier(db.ds);
  const at = (m: number) => new Date(T0 + m * 60_000).toISOString();
  const state = (eventId: string, m: number, name: string | null): IngestEvent => ({ eventId, type: 'operator.state', occurredAt: at(m), operatorId: 'op-n', state: 'available', operator: { name } });
  await applier.apply({ tenantId, receivedAt: at(0), events: [{ eventId: 'c1', type: 'call.outcome', occurredAt: at(0), campaignId: 'c-it', leadId: 'N-1', operatorId: 'op-n', disposition: 'NO_ANSWER', talkSeconds: 0, wrapSeconds: 0 }] });
  const name = async () => ((await db.ds.query(`SELECT name FROM operators WHERE tenant_id = $1 AND id = 'op-n'`, [tenantId])) as { name: string | null }[])[0].name;
  expect(await name()).toBeNull();
  await applier.apply({ tenantId, receivedAt: at(1), events: [state('s1', 1, 'Marta')] });
  expect(await name()).toBe('Marta');
  await applier.apply({ tenantId, receivedAt: at(2), events: [state('s2', 2, 'Someone else')] });
  expect(await name()).toBe('Marta');
});
