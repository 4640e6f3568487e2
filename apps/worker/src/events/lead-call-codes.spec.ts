/**
 * The call codes the engine keeps on each lead's row (`leads.call_codes`, `leads.event_count`), against
 * the real PostgreSQL: whatever the arrival order, set split, duplicates and late events — and after a
 * re-mapping or a refold — they equal the codes of the lead's stored calls sorted as the fold sorts
 * them. Two oracles: the domain's `callCodesOf` over the stored events with their stored dispositions,
 * and the SQL that coded the leads before the engine kept them (migration LeadCallCodes).
 */
import type { CallOutcomeEvent, Disposition, IngestEvent } from '@leadboard/contracts';
import { CALL_CODE_BASE, callCode, callCodesOf, storedMapping, type LeadEvent } from '@leadboard/domain';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '@leadboard/domain/testing';
import { CampaignWhatIf, DispositionTableRepository, RECODE_LEADS_PARAMS, RECODE_LEADS_SQL, recodeNonAsciiLeads } from '@leadboard/server';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { EventApplier } from './event-applier';

const T0 = Date.parse('2026-11-23T08:00:00Z');

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('call_codes');
});
afterAll(async () => {
  await db?.drop();
});

const newTenant = () => db.newTenant();

type Kept = Record<string, { events: number; calls: string }>;

async function kept(tenantId: string): Promise<Kept> {
  const rows = (await db.ds.query('SELECT id, event_count, call_codes FROM leads WHERE tenant_id = $1 ORDER BY id', [tenantId])) as {
    id: string;
    event_count: number;
    call_codes: string;
  }[];
  return Object.fromEntries(rows.map((r) => [r.id, { events: r.event_count, calls: r.call_codes }]));
}

/** The domain's codes of each lead's stored events, each call with the disposition stored for it. */
async function domainCodes(tenantId: string, byLead: ReadonlyMap<string, LeadEvent[]>): Promise<Kept> {
  const stored = (await db.ds.query(`SELECT event_id, disposition FROM events WHERE tenant_id = $1 AND type = 'call.outcome'`, [tenantId])) as {
    event_id: string;
    disposition: Disposition;
  }[];
  const disposition = new Map(stored.map((r) => [r.event_id, r.disposition]));
  return Object.fromEntries([...byLead].map(([id, events]) => [id, callCodesOf(events, (e) => storedMapping(disposition.get(e.eventId)!))]));
}

/** What the migration's coding gives from the stored events (in a transaction rolled back: the rows stay as kept). */
async function sqlCodes(tenantId: string): Promise<Kept> {
  const qr = db.ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    await qr.query(`UPDATE leads SET call_codes = '', event_count = 0 WHERE tenant_id = $1`, [tenantId]);
    await qr.query(RECODE_LEADS_SQL, [...RECODE_LEADS_PARAMS]);
    await recodeNonAsciiLeads(qr);
    const rows = (await qr.query('SELECT id, event_count, call_codes FROM leads WHERE tenant_id = $1', [tenantId])) as { id: string; event_count: number; call_codes: string }[];
    return Object.fromEntries(rows.map((r) => [r.id, { events: r.event_count, calls: r.call_codes }]));
  } finally {
    await qr.rollbackTransaction();
    await qr.release();
  }
}

const call = (eventId: string, leadId: string, disposition: string, occurredAt: string): CallOutcomeEvent => ({
  eventId,
  type: 'call.outcome',
  occurredAt,
  campaignId: 'c-codes',
  leadId,
  operatorId: 'op-1',
  disposition,
  talkSeconds: 30,
  wrapSeconds: 0,
  qualification: { need: true, budget: null, authority: false, timeline: null },
});

it('equal the codes of the sorted stored calls after shuffled, duplicate and late events, a re-mapping and a refold', async () => {
  const tenantId = await newTenant();
  const applier = new EventApplier(db.ds);
  const rand = seededRandom(13);
  const byLead = new Map<string, LeadEvent[]>();
  for (let i = 0; i < 30; i++) {
    const leadId = `L-${String(i).padStart(2, '0')}`;
    byLead.set(leadId, randomLeadHistory(rand, { campaignId: 'c-codes', leadId, t0: T0 + i * 60_000, maxCalls: 6 }));
  }
  // Calls at the same millisecond whose ids sort one way in UTF-16 (the domain's order) and the other
  // way byte by byte in UTF-8: U+1F600 is a surrogate pair (0xD83D…) below U+FF5A, but above it as a code point.
  const tie = new Date(T0 + 5_000).toISOString();
  byLead.get('L-00')!.push(call('tie-\u{1F600}', 'L-00', 'NOT_INTERESTED', tie), call('tie-\uFF5A', 'L-00', 'SALE', tie), call('tie-a', 'L-00', 'XYZ', tie));

  const all = [...byLead.values()].flat();
  const withDuplicates = shuffled(rand, [...all, ...shuffled(rand, all).slice(0, 40)]);
  for (const events of randomChunks(rand, withDuplicates, 12)) await applier.apply({ tenantId, receivedAt: new Date().toISOString(), events: events as IngestEvent[] });
  // Late events for leads applied already (each folds its lead again), then in-order ones (appended).
  const late = [call('late-1', 'L-02', 'INTERESTED', new Date(T0).toISOString()), call('late-2', 'L-03', 'QUALIFIED', new Date(T0).toISOString())];
  const after = [call('next-1', 'L-02', 'B', new Date(T0 + 86_400_000).toISOString()), call('next-2', 'L-04', 'SALE', new Date(T0 + 86_400_000).toISOString())];
  await applier.apply({ tenantId, receivedAt: new Date().toISOString(), events: late });
  await applier.apply({ tenantId, receivedAt: new Date().toISOString(), events: after });
  for (const e of [...late, ...after]) byLead.get(e.leadId)!.push(e);

  const first = await kept(tenantId);
  expect(Object.keys(first).sort()).toEqual([...byLead.keys()].sort());
  expect(first).toEqual(await domainCodes(tenantId, byLead));
  expect(first).toEqual(await sqlCodes(tenantId));
  // The tie above in the domain's order (PostgreSQL's byte order alone would put SALE before NOT_INTERESTED).
  const bant = 2 + 16 * 1;
  const tied = ['OTHER', 'NOT_INTERESTED', 'SALE'].map((d) => String.fromCharCode(CALL_CODE_BASE + callCode(d as Disposition, bant))).join('');
  expect(first['L-00'].calls).toContain(tied);

  // A disposition table that maps XYZ now: the re-apply re-maps those calls and refolds their leads.
  await new DispositionTableRepository(db.ds).upsert(tenantId, [{ code: 'XYZ', disposition: 'SALE', campaignId: null }]);
  const { remapped } = await applier.reapplyDispositions(tenantId, 'c-codes', () => undefined);
  expect(remapped).toBeGreaterThan(0);
  const remappedCodes = await kept(tenantId);
  expect(remappedCodes).not.toEqual(first);
  expect(remappedCodes).toEqual(await domainCodes(tenantId, byLead));
  expect(remappedCodes).toEqual(await sqlCodes(tenantId));

  // A refold of leads whose codes were cleared writes them whole again.
  await db.ds.query(`UPDATE leads SET call_codes = '', event_count = 0 WHERE tenant_id = $1 AND id IN ('L-05', 'L-06')`, [tenantId]);
  await applier.refoldLeads(tenantId, 'c-codes', ['L-05', 'L-06'], () => undefined);
  expect(await kept(tenantId)).toEqual(remappedCodes);

  // What the what-if reads: with the current rules it gives the stored funnel, and it counts every event.
  const whatIf = (await new CampaignWhatIf(db.ds, 7).run(tenantId, 'c-codes', {}))!;
  expect(whatIf.proposed).toEqual(whatIf.current);
  expect(whatIf.leads).toBe(byLead.size);
  expect(whatIf.events).toBe(all.length + late.length + after.length);
});
