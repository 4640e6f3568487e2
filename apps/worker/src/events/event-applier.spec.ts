/**
 * The event applier against the real PostgreSQL: whatever the arrival order, batch split,
 * duplicates and concurrency, each lead ends as the domain's fold of its sorted events says.
 */
import { randomUUID } from 'node:crypto';
import type { CallOutcomeEvent, IngestEvent } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES, foldLeadEvents, type LeadEvent } from '@leadboard/domain';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '@leadboard/domain/testing';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { EventApplier } from './event-applier';

const T0 = Date.parse('2026-11-23T08:00:00Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('applier');
});
afterAll(async () => {
  await db?.drop();
});

async function newTenant(): Promise<string> {
  const id = randomUUID();
  await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [id, 'it']);
  return id;
}

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
}

async function applyWithRetry(applier: EventApplier, tenantId: string, events: IngestEvent[]) {
  // What BullMQ does for a failed job: try again (a deadlock between two transactions is one such failure).
  for (let attempt = 1; ; attempt++) {
    try {
      return await applier.apply({ tenantId, receivedAt: new Date().toISOString(), events });
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

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
