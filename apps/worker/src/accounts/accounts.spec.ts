/**
 * Accounts and the what-if against the real PostgreSQL, through the event applier: several leads of
 * one company whose events arrive shuffled, duplicated, in concurrent batches end with the account the
 * domain derives from their folds; a what-if under the current rules equals the stored funnel; saving
 * other rules and folding the campaign again gives the funnel the what-if promised, counters exact.
 */
import { AccountStep } from './account-step';
import type { IngestEvent, LeadCreatedEvent } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES, accountFigures, foldLeadEvents, type LeadEvent } from '@leadboard/domain';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '@leadboard/domain/testing';
import { AccountReader, CampaignMetricsReader, CampaignWhatIf } from '@leadboard/server';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { EventApplier, type ApplyResult } from '../events/event-applier';
import { retryConflicts } from '../events/retry-conflicts.testing';

const T0 = Date.parse('2026-11-23T08:00:00Z');
// Real database work on a shared 2-core machine: a few seconds per test is normal.
jest.setTimeout(60_000);
const COMPANIES = ['Acqua Pura S.r.l.', 'ACQUA PURA SRL', 'Énergie Verte SAS', 'Energie verte S.A.S.', 'Rossi & Figli'];

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('accounts');
});
afterAll(async () => {
  await db?.drop();
});

const newTenant = () => db.newTenant();

const applyWithRetry = (applier: EventApplier, tenantId: string, events: IngestEvent[]): Promise<ApplyResult> =>
  retryConflicts(() => applier.apply({ tenantId, receivedAt: new Date().toISOString(), events }));

/** Leads of a few companies (spelled several ways) across two campaigns, plus leads without a company. */
function b2bHistories(seed: number, leads: number): Map<string, LeadEvent[]> {
  const rand = seededRandom(seed);
  const byLead = new Map<string, LeadEvent[]>();
  for (let i = 0; i < leads; i++) {
    const leadId = `L-${i}`;
    const events = randomLeadHistory(rand, { campaignId: i % 3 === 0 ? 'c-b' : 'c-a', leadId, t0: T0 });
    const created = events[0] as LeadCreatedEvent;
    if (i % 7 !== 6) created.lead = { ...created.lead, company: { name: COMPANIES[i % COMPANIES.length] } };
    byLead.set(leadId, events);
  }
  return byLead;
}

async function expectAccountsMatchFolds(tenantId: string, byLead: Map<string, LeadEvent[]>): Promise<void> {
  const expected = new Map<string, number[]>();
  for (const [, events] of byLead) {
    const company = (events[0] as LeadCreatedEvent).lead.company;
    if (!company) continue;
    const id = company.name.toLowerCase().startsWith('acqua') ? 'name:acqua-pura' : company.name.startsWith('Rossi') ? 'name:rossi-figli' : 'name:energie-verte';
    expected.set(id, [...(expected.get(id) ?? []), foldLeadEvents(events, DEFAULT_CAMPAIGN_RULES).state.maxRank]);
  }
  const page = await new AccountReader(db.ds).list(tenantId, { visibleCampaigns: null });
  expect(page.items.map((a) => a.accountId)).toEqual([...expected.keys()].sort());
  for (const a of page.items) {
    const { stage, leads, contacts, opportunities, customers } = accountFigures(expected.get(a.accountId)!.map((maxRank) => ({ maxRank })));
    expect({ id: a.accountId, stage: a.stage, leads: a.leads, contacts: a.contacts, opportunities: a.opportunities, customers: a.customers }).toEqual({
      id: a.accountId,
      stage,
      leads,
      contacts,
      opportunities,
      customers,
    });
  }
}

it.each([1, 2])('accounts and their stages after shuffled, duplicated batches of several leads of each company (seed %i)', async (seed) => {
  const rand = seededRandom(100 + seed);
  const tenantId = await newTenant();
  const byLead = b2bHistories(seed, 35);
  const all = [...byLead.values()].flat();
  const applier = new EventApplier(db.ds, { afterLeadsWritten: [new AccountStep()] });
  const pushed: ApplyResult[] = [];
  for (const batch of randomChunks(rand, shuffled(rand, [...all, ...all.filter(() => rand() < 0.2)]), 20)) pushed.push(await applyWithRetry(applier, tenantId, batch));
  await expectAccountsMatchFolds(tenantId, byLead);
  // Every account was announced, first from nothing; its last message names its stored stage.
  const changes = pushed.flatMap((r) => r.accounts);
  const accounts = (await new AccountReader(db.ds).list(tenantId, { visibleCampaigns: null })).items;
  for (const a of accounts) {
    const own = changes.filter((c) => c.accountId === a.accountId);
    expect(own[0].from).toBeNull();
    expect(own[own.length - 1].to).toBe(a.stage);
  }
});

it('concurrent batches on leads of the same companies lose no account update', async () => {
  const rand = seededRandom(7);
  const tenantId = await newTenant();
  const byLead = b2bHistories(7, 30);
  const applier = new EventApplier(db.ds, { afterLeadsWritten: [new AccountStep()] });
  await Promise.all(randomChunks(rand, shuffled(rand, [...byLead.values()].flat()), 15).map((b) => applyWithRetry(applier, tenantId, b)));
  await expectAccountsMatchFolds(tenantId, byLead);
});

it("a campaign's metrics count the accounts having a lead in it, once each", async () => {
  const tenantId = await newTenant();
  const byLead = b2bHistories(3, 35);
  const applier = new EventApplier(db.ds, { afterLeadsWritten: [new AccountStep()] });
  await applyWithRetry(applier, tenantId, [...byLead.values()].flat());
  const reader = new CampaignMetricsReader(db.ds);
  const all = (await new AccountReader(db.ds).list(tenantId, { visibleCampaigns: null })).items;
  for (const campaignId of ['c-a', 'c-b']) {
    const inCampaign = (await new AccountReader(db.ds).list(tenantId, { campaignId, visibleCampaigns: null })).items;
    const counts = { lead: 0, potential: 0, customer: 0 };
    for (const a of inCampaign) counts[a.stage] += 1;
    expect((await reader.metrics(tenantId, campaignId)).accounts).toEqual(counts);
    expect(inCampaign.length).toBeLessThanOrEqual(all.length);
  }
});

it('a lead that names another company later moves to that account, whatever the order', async () => {
  const tenantId = await newTenant();
  const applier = new EventApplier(db.ds, { afterLeadsWritten: [new AccountStep()] });
  const created = (eventId: string, at: string, name: string): LeadCreatedEvent => ({
    eventId,
    type: 'lead.created',
    occurredAt: at,
    campaignId: 'c-a',
    leadId: 'MOVER',
    lead: { source: 'web_form', company: { name } },
  });
  await applyWithRetry(applier, tenantId, [created('later', '2026-11-23T10:00:00Z', 'Beta SpA')]);
  await applyWithRetry(applier, tenantId, [created('earlier', '2026-11-23T09:00:00Z', 'Alfa Srl')]);
  const accounts = (await new AccountReader(db.ds).list(tenantId, { visibleCampaigns: null })).items;
  expect(accounts.map((a) => [a.accountId, a.leads])).toEqual([['name:beta', 1]]);
});

describe('what-if', () => {
  async function campaignOf(seed: number): Promise<{ tenantId: string; applier: EventApplier }> {
    const rand = seededRandom(seed);
    const tenantId = await newTenant();
    const applier = new EventApplier(db.ds, { afterLeadsWritten: [new AccountStep()] });
    const events = Array.from({ length: 60 }, (_, i) => randomLeadHistory(rand, { campaignId: 'c-w', leadId: `W-${i}`, t0: T0, maxCalls: 8 })).flat();
    for (const batch of randomChunks(rand, shuffled(rand, events), 30)) await applyWithRetry(applier, tenantId, batch);
    return { tenantId, applier };
  }

  it('with the current settings equals the stored funnel exactly, streamed a few rows per FETCH', async () => {
    const { tenantId } = await campaignOf(11);
    const result = (await new CampaignWhatIf(db.ds, 7).run(tenantId, 'c-w', {}))!;
    expect(result.proposed).toEqual(result.current);
    expect(result.leads).toBe(60);
    expect(result.rules.proposed).toEqual({ maxAttempts: DEFAULT_CAMPAIGN_RULES.maxAttempts, qualificationThreshold: DEFAULT_CAMPAIGN_RULES.qualificationThreshold });
  });

  it('orders calls of the same millisecond as the domain does, whatever their eventIds hold', async () => {
    const tenantId = await newTenant();
    const applier = new EventApplier(db.ds, { afterLeadsWritten: [new AccountStep()] });
    const created = (leadId: string): IngestEvent => ({
      eventId: `lc-${leadId}`,
      type: 'lead.created',
      occurredAt: new Date(T0).toISOString(),
      campaignId: 'c-tie',
      leadId,
      lead: { source: 'web_form' },
    });
    const call = (leadId: string, eventId: string, occurredAt: string, disposition: string): IngestEvent => ({
      eventId,
      type: 'call.outcome',
      occurredAt,
      campaignId: 'c-tie',
      leadId,
      operatorId: 'op-1',
      disposition,
      talkSeconds: 60,
      wrapSeconds: 10,
    });
    // Each pair decides the lead's end: whichever call applies first (SALE or DO_NOT_CALL) is final.
    await applyWithRetry(applier, tenantId, [
      created('A'),
      // The domain sorts by UTF-16 units: the astral id (a surrogate pair, 0xD83D…) before U+E000; bytes say the opposite.
      call('A', '\u{1F600}', '2026-11-23T08:01:00.000Z', 'SALE'),
      call('A', '\uE000', '2026-11-23T08:01:00.000Z', 'DO_NOT_CALL'),
      created('B'),
      // The same millisecond, microseconds in the other order: the domain goes by the millisecond, then the id.
      call('B', 'b', '2026-11-23T08:01:00.000100Z', 'SALE'),
      call('B', 'a', '2026-11-23T08:01:00.000900Z', 'DO_NOT_CALL'),
      created('C'),
      call('C', 'c-2', '2026-11-23T08:02:00Z', 'SALE'),
      call('C', 'c-1', '2026-11-23T08:01:00Z', 'DO_NOT_CALL'),
    ]);
    const result = (await new CampaignWhatIf(db.ds, 2).run(tenantId, 'c-tie', {}))!;
    expect(result.current.stages).toMatchObject({ customer: 1, dnc: 2 });
    expect(result.proposed).toEqual(result.current);
    expect(result).toMatchObject({ leads: 3, events: 9 });
  });

  it('is null for an unknown campaign', async () => {
    expect(await new CampaignWhatIf(db.ds).run(await newTenant(), 'nope', {})).toBeNull();
  });

  it('saving the proposed settings and folding the campaign again gives the funnel it promised, counters exact', async () => {
    const { tenantId, applier } = await campaignOf(12);
    const whatIf = new CampaignWhatIf(db.ds);
    const proposed = { qualificationThreshold: 1, maxAttempts: 2 };
    const promised = (await whatIf.run(tenantId, 'c-w', proposed))!;
    expect(promised.proposed.funnel.prospect).toBeGreaterThan(promised.current.funnel.prospect);
    await db.ds.query(`UPDATE campaigns SET qualification_threshold = 1, max_attempts = 2 WHERE tenant_id = $1 AND id = 'c-w'`, [tenantId]);
    const published: ApplyResult[] = [];
    const called = (await db.ds.query(`SELECT id FROM leads WHERE tenant_id = $1 AND campaign_id = 'c-w' AND attempts > 0`, [tenantId])) as { id: string }[];
    await applier.refoldLeads(tenantId, 'c-w', called.map((l) => l.id), (r) => published.push(r));
    const after = (await whatIf.run(tenantId, 'c-w', {}))!;
    expect(after.current).toEqual(promised.proposed);
    expect(after.proposed).toEqual(after.current);
    expect(published.flatMap((r) => r.transitions).every((t) => t.correction)).toBe(true);
    const [stats] = (await db.ds.query(
      `SELECT (SELECT reached_prospect FROM campaign_stats WHERE tenant_id = $1 AND campaign_id = 'c-w') AS counted,
              (SELECT count(*) FROM leads WHERE tenant_id = $1 AND campaign_id = 'c-w' AND max_rank >= 2) AS recounted,
              (SELECT sum(into_prospect) FROM campaign_minute_stats WHERE tenant_id = $1 AND campaign_id = 'c-w') AS into_prospect,
              (SELECT count(*) FROM stage_transitions WHERE tenant_id = $1 AND campaign_id = 'c-w' AND to_stage = 'prospect') AS transitions`,
      [tenantId],
    )) as Record<string, string>[];
    expect(String(stats.counted)).toBe(String(stats.recounted));
    expect(String(stats.into_prospect)).toBe(String(stats.transitions));
  });
});
