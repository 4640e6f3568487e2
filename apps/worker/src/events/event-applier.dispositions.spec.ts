/**
 * The applier with a tenant's disposition table, against the real PostgreSQL: calls are mapped with
 * the table as it is when they are applied, a refold keeps the stored mapping, a re-apply re-maps a
 * campaign and corrects its counters; unmapped codes are counted; details from calls fill only gaps.
 */
import type { CallOutcomeEvent, IngestEvent, LeadCreatedEvent } from '@leadboard/contracts';
import { DispositionTableRepository } from '@leadboard/server';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { EventApplier, type ApplyResult } from './event-applier';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('applier_dispo');
});
afterAll(async () => {
  await db?.drop();
});

const newTenant = () => db.newTenant();

const call = (eventId: string, leadId: string, disposition: string, occurredAt: string, campaignId = 'c-solar', extra: Partial<CallOutcomeEvent> = {}): CallOutcomeEvent => ({
  eventId,
  type: 'call.outcome',
  occurredAt,
  campaignId,
  leadId,
  operatorId: 'op-1',
  disposition,
  talkSeconds: 60,
  wrapSeconds: 0,
  ...extra,
});

const apply = (applier: EventApplier, tenantId: string, events: IngestEvent[]) => applier.apply({ tenantId, receivedAt: new Date().toISOString(), events });

async function lead(tenantId: string, id: string) {
  const [row] = (await db.ds.query(`SELECT stage, unmapped, name, phone, email, attributes, source FROM leads WHERE tenant_id = $1 AND id = $2`, [tenantId, id])) as {
    stage: string;
    unmapped: number;
    name: string | null;
    phone: string | null;
    email: string | null;
    attributes: Record<string, unknown> | null;
    source: string | null;
  }[];
  return row;
}

async function unmapped(tenantId: string) {
  return (await db.ds.query(`SELECT campaign_id, code, count::int AS count FROM unmapped_dispositions WHERE tenant_id = $1 ORDER BY campaign_id, code`, [tenantId])) as {
    campaign_id: string;
    code: string;
    count: number;
  }[];
}

/** Counters equal a recount of what they summarise (stages, unmapped calls, contacts). */
async function expectCountersMatch(tenantId: string): Promise<void> {
  const [kept] = (await db.ds.query(
    `SELECT (SELECT sum(stage_opportunity) FROM campaign_stats WHERE tenant_id = $1) AS opportunity,
            (SELECT sum(unmapped) FROM campaign_stats WHERE tenant_id = $1) AS unmapped,
            (SELECT sum(contacts) FROM campaign_minute_stats WHERE tenant_id = $1) AS minute_contacts,
            (SELECT sum(contacts) FROM campaign_hour_stats WHERE tenant_id = $1) AS hour_contacts`,
    [tenantId],
  )) as Record<string, string>[];
  const [recount] = (await db.ds.query(
    `SELECT (SELECT count(*) FROM leads WHERE tenant_id = $1 AND stage = 'opportunity') AS opportunity,
            (SELECT count(*) FROM events WHERE tenant_id = $1 AND disposition = 'OTHER') AS unmapped,
            (SELECT count(*) FROM events WHERE tenant_id = $1 AND disposition IN
               ('NOT_INTERESTED','NOT_NOW','CALLBACK','INTERESTED','QUALIFIED','TRANSFERRED','APPOINTMENT_SET','SALE','DO_NOT_CALL')) AS contacts`,
    [tenantId],
  )) as Record<string, string>[];
  expect({ opportunity: Number(kept.opportunity), unmapped: Number(kept.unmapped), minute: Number(kept.minute_contacts), hour: Number(kept.hour_contacts) }).toEqual({
    opportunity: Number(recount.opportunity),
    unmapped: Number(recount.unmapped),
    minute: Number(recount.contacts),
    hour: Number(recount.contacts),
  });
}

it("maps with the tenant's table at apply time, keeps the stored mapping on a refold, re-maps on reapply", async () => {
  const tenantId = await newTenant();
  const applier = new EventApplier(db.ds);
  const table = new DispositionTableRepository(db.ds);

  await apply(applier, tenantId, [call('e-1', 'L1', 'appt', '2026-11-23T10:00:00Z')]);
  expect(await lead(tenantId, 'L1')).toMatchObject({ stage: 'new', unmapped: 1 });
  expect(await unmapped(tenantId)).toEqual([{ campaign_id: 'c-solar', code: 'APPT', count: 1 }]);

  await table.upsert(tenantId, [{ code: 'APPT', disposition: 'APPOINTMENT_SET', campaignId: null }]);
  // A late call folds L1's history again: its APPT call keeps the mapping it was applied with.
  await apply(applier, tenantId, [call('e-0', 'L1', 'INTERESTED', '2026-11-23T09:00:00Z')]);
  expect(await lead(tenantId, 'L1')).toMatchObject({ stage: 'contacted', unmapped: 1 });
  // A new call is mapped with the table as it is now.
  await apply(applier, tenantId, [call('e-2', 'L2', 'APPT', '2026-11-23T10:05:00Z')]);
  expect(await lead(tenantId, 'L2')).toMatchObject({ stage: 'opportunity', unmapped: 0 });
  expect(await unmapped(tenantId)).toEqual([{ campaign_id: 'c-solar', code: 'APPT', count: 1 }]);
  await expectCountersMatch(tenantId);

  const published: ApplyResult[] = [];
  const done = await applier.reapplyDispositions(tenantId, 'c-solar', (r) => published.push(r));
  expect(done).toEqual({ remapped: 1, leads: 1 });
  expect(await lead(tenantId, 'L1')).toMatchObject({ stage: 'opportunity', unmapped: 0 });
  expect(published.flatMap((r) => r.transitions).map((t) => [t.leadId, t.from, t.to, t.correction])).toEqual([
    ['L1', null, 'new', true],
    ['L1', 'new', 'contacted', true],
    ['L1', 'contacted', 'opportunity', true],
  ]);
  expect(await unmapped(tenantId)).toEqual([]);
  await expectCountersMatch(tenantId);
  // Nothing left to re-map: a second re-apply changes nothing.
  expect(await applier.reapplyDispositions(tenantId, 'c-solar', () => undefined)).toEqual({ remapped: 0, leads: 0 });
});

it("a campaign's row wins over the tenant's row, which wins over the canonical and built-in names", async () => {
  const tenantId = await newTenant();
  const applier = new EventApplier(db.ds);
  await new DispositionTableRepository(db.ds).upsert(tenantId, [
    { code: 'HOT', disposition: 'QUALIFIED', campaignId: null },
    { code: 'HOT', disposition: 'SALE', campaignId: 'c-water' },
    { code: 'NI', disposition: 'NOT_NOW', campaignId: null },
  ]);
  await apply(applier, tenantId, [
    call('a', 'S1', 'HOT', '2026-11-23T10:00:00Z', 'c-solar'),
    call('b', 'W1', 'hot', '2026-11-23T10:00:00Z', 'c-water'),
    call('c', 'S2', 'NI', '2026-11-23T10:00:00Z', 'c-solar'),
    call('d', 'S3', 'B', '2026-11-23T10:00:00Z', 'c-solar'),
  ]);
  const stored = (await db.ds.query(`SELECT event_id, disposition FROM events WHERE tenant_id = $1 ORDER BY event_id`, [tenantId])) as { event_id: string; disposition: string }[];
  expect(stored.map((r) => [r.event_id, r.disposition])).toEqual([
    ['a', 'QUALIFIED'],
    ['b', 'SALE'],
    ['c', 'NOT_NOW'],
    ['d', 'BUSY'],
  ]);
  expect((await lead(tenantId, 'S2')).stage).toBe('nurturing');
});

it("details from a call fill only what the lead is missing; a lead.created's empty fields never erase, its source stays", async () => {
  const tenantId = await newTenant();
  const applier = new EventApplier(db.ds);
  const created = (eventId: string, occurredAt: string, lead: LeadCreatedEvent['lead']): LeadCreatedEvent => ({ eventId, type: 'lead.created', occurredAt, campaignId: 'c-solar', leadId: 'P1', lead });

  await apply(applier, tenantId, [created('lc-1', '2026-11-23T09:00:00Z', { source: 'meta_ads', name: 'Maria Rossi', phone: null, email: null, attributes: { form: 'ebook' } })]);
  await apply(applier, tenantId, [
    call('co-1', 'P1', 'NI', '2026-11-23T10:00:00Z', 'c-solar', {
      lead: { name: 'M. Rossi', phone: '+39 333 1234567', email: 'maria@example.com', attributes: { form: 'dialer', vicidialListId: '101' } },
    }),
  ]);
  expect(await lead(tenantId, 'P1')).toMatchObject({
    name: 'Maria Rossi',
    phone: '+39 333 1234567',
    email: 'maria@example.com',
    attributes: { form: 'ebook', vicidialListId: '101' },
    source: 'meta_ads',
  });
  // A CRM resends the lead without a phone (later): what it gives wins, what it leaves empty stays.
  await apply(applier, tenantId, [created('lc-2', '2026-11-23T11:00:00Z', { source: 'meta_ads', name: 'Maria Rossi-Bianchi', phone: null, email: null, attributes: null })]);
  expect(await lead(tenantId, 'P1')).toMatchObject({ name: 'Maria Rossi-Bianchi', phone: '+39 333 1234567', email: 'maria@example.com', source: 'meta_ads' });
  // A late call (a refold) with details changes nothing that is known.
  await apply(applier, tenantId, [call('co-0', 'P1', 'NA', '2026-11-23T09:30:00Z', 'c-solar', { lead: { name: 'Someone Else', phone: '000' } })]);
  expect(await lead(tenantId, 'P1')).toMatchObject({ name: 'Maria Rossi-Bianchi', phone: '+39 333 1234567', source: 'meta_ads' });
});
