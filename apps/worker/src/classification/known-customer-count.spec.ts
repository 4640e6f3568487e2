/**
 * The count of open known customers a campaign's metrics show is a counter the engine keeps (migration
 * KnownCustomerCount), against the real PostgreSQL: leads sharing a few phones and e-mails, spread over
 * two campaigns, whose events arrive shuffled, duplicated and late (refolds that move flagged leads in and
 * out of the open stages), end with each campaign's counter equal to a recount of its rows, and the
 * metrics reader answering it. And the flagger's plan: the leads sharing a new customer's contact are
 * locked where the contact index found them, whatever the planner believes about the table.
 */
import type { IngestEvent, LeadCreatedEvent } from '@leadboard/contracts';
import type { LeadEvent } from '@leadboard/domain';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '@leadboard/domain/testing';
import { CampaignMetricsReader, OPEN_STAGES_SQL } from '@leadboard/server';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { EventApplier } from '../events/event-applier';
import { retryConflicts } from '../events/retry-conflicts.testing';
import type { EntityManager } from 'typeorm';
import { KnownCustomerFlagger, KnownCustomerStep } from './known-customer-flagger';

const T0 = Date.parse('2026-11-23T08:00:00Z');
// Real database work on a shared 2-core machine: a few seconds per test is normal.
jest.setTimeout(60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('known_customer_count');
});
afterAll(async () => {
  await db?.drop();
});

/** Leads of few people: each lead's contact is drawn from a small pool, written one of two ways. */
function sharedContactHistories(seed: number, leads: number): LeadEvent[] {
  const rand = seededRandom(seed);
  const all: LeadEvent[] = [];
  for (let i = 0; i < leads; i++) {
    const events = randomLeadHistory(rand, { campaignId: i % 2 ? 'c-a' : 'c-b', leadId: `K-${i}`, t0: T0 + i * 60_000, maxCalls: 4 });
    const person = Math.floor(rand() * 6);
    const created = events[0] as LeadCreatedEvent;
    created.lead = {
      ...created.lead,
      ...(rand() < 0.5 ? { phone: rand() < 0.5 ? `+39 333 000 ${1000 + person}` : `333000${1000 + person}` } : { email: rand() < 0.5 ? `p${person}@example.com` : ` P${person}@Example.com ` }),
    };
    all.push(...events);
  }
  return all;
}

async function expectCounterEqualsRecount(tenantId: string): Promise<number> {
  const rows = (await db.ds.query(
    `SELECT c.id AS campaign_id, coalesce(s.known_customers, 0) AS counted,
            (SELECT count(*) FROM leads l WHERE l.tenant_id = $1 AND l.campaign_id = c.id AND l.known_customer
                AND l.stage IN ${OPEN_STAGES_SQL}) AS recounted
       FROM campaigns c LEFT JOIN campaign_stats s ON s.tenant_id = c.tenant_id AND s.campaign_id = c.id
      WHERE c.tenant_id = $1 ORDER BY c.id`,
    [tenantId],
  )) as { campaign_id: string; counted: number; recounted: string }[];
  expect(rows.map((r) => [r.campaign_id, Number(r.counted)])).toEqual(rows.map((r) => [r.campaign_id, Number(r.recounted)]));
  const reader = new CampaignMetricsReader(db.ds);
  for (const r of rows) expect([r.campaign_id, (await reader.metrics(tenantId, r.campaign_id)).knownCustomers]).toEqual([r.campaign_id, Number(r.recounted)]);
  return rows.reduce((sum, r) => sum + Number(r.recounted), 0);
}

it.each([1, 2, 3])('the open known customers of each campaign, kept as a counter, equal a recount (seed %i)', async (seed) => {
  const rand = seededRandom(500 + seed);
  const tenantId = await db.newTenant();
  const applier = new EventApplier(db.ds, { afterLeadsWritten: [new KnownCustomerStep()] });
  const events = sharedContactHistories(seed, 40);
  // Shuffled with duplicates: late calls fold leads again, moving flagged ones between open and closed stages.
  const batches = randomChunks(rand, shuffled(rand, [...events, ...events.filter(() => rand() < 0.2)]), 12);
  for (const batch of batches) await retryConflicts(() => applier.apply({ tenantId, receivedAt: new Date().toISOString(), events: batch as IngestEvent[] }));
  expect(await expectCounterEqualsRecount(tenantId)).toBeGreaterThan(0);
  // Then flagged open leads close: half by a call after their history (incremental), half by a late one (refold).
  const flaggedOpen = (await db.ds.query(
    `SELECT id, campaign_id FROM leads WHERE tenant_id = $1 AND known_customer AND stage IN ${OPEN_STAGES_SQL} ORDER BY id`,
    [tenantId],
  )) as { id: string; campaign_id: string }[];
  const closing: IngestEvent[] = flaggedOpen.map((l, i) => ({
    eventId: `close-${l.id}`,
    type: 'call.outcome',
    occurredAt: new Date(i % 2 ? T0 + 86_400_000 : T0).toISOString(),
    campaignId: l.campaign_id,
    leadId: l.id,
    operatorId: 'op-1',
    disposition: 'DNC',
    talkSeconds: 5,
    wrapSeconds: 5,
  }));
  for (const batch of randomChunks(rand, closing, 4)) await retryConflicts(() => applier.apply({ tenantId, receivedAt: new Date().toISOString(), events: batch }));
  const open = await expectCounterEqualsRecount(tenantId);
  const [{ flagged }] = (await db.ds.query(`SELECT count(*)::int AS flagged FROM leads WHERE tenant_id = $1 AND known_customer`, [tenantId])) as { flagged: number }[];
  expect(flagged).toBeGreaterThan(open);
});

it("locks the leads sharing a new customer's contact by where the index found them (a TID scan, whatever the statistics)", async () => {
  const tenantId = await db.newTenant();
  await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-p', 'c-p')`, [tenantId]);
  // A table the planner has no statistics for: many open leads, a few sharing a phone with a customer.
  await db.ds.query(
    `INSERT INTO leads (tenant_id, id, campaign_id, stage, phone, priority, waiting_since)
     SELECT $1, 'P-' || i, 'c-p', CASE WHEN i <= 10 THEN 'customer' ELSE 'contacted' END, '+39 333 ' || (i % 2000), i % 100, now() FROM generate_series(1, 4000) AS i`,
    [tenantId],
  );
  const customers = Array.from({ length: 10 }, (_, i) => `P-${i + 1}`);
  let statement: { sql: string; params: unknown[] } | null = null;
  const recording = { query: async (sql: string, params: unknown[]) => ((statement ??= { sql, params }), []) } as unknown as EntityManager;
  await new KnownCustomerFlagger(recording).flag(tenantId, customers, customers);
  const plan = ((await db.ds.query(`EXPLAIN ${statement!.sql}`, statement!.params)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
  // The lock's scan is the line right under LockRows.
  const lines = plan.split('\n');
  const lock = lines.findIndex((l) => l.includes('LockRows'));
  expect(lines[lock + 1]).toMatch(/Tid Scan on leads/);
  // And it flags them: the ten leads sharing a phone with the customers, open, now known customers.
  const flagged = await db.ds.transaction((m) => new KnownCustomerFlagger(m).flag(tenantId, customers, customers));
  expect(flagged.map((f) => f.leadId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `P-${i + 2001}`).sort());
});
