/**
 * The callback store against the real PostgreSQL, fed by the real event applier: when a callback comes
 * due it is pushed once; it is released to the pool when its owner is offline or when it is overdue,
 * once per callback, with the counters, the audit trail and the campaign's seq kept exact.
 */
import type { IngestEvent } from '@leadboard/contracts';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { EventApplier } from '../events/event-applier';
import { CallbackStore } from './callback-store';

const RELEASE_AFTER_MS = 15 * 60_000;
const T0 = Date.parse('2026-11-23T08:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000);

let db: TestDatabase;
let applier: EventApplier;
let store: CallbackStore;
beforeAll(async () => {
  db = await createTestDatabase('callbacks');
  applier = new EventApplier(db.ds);
  store = new CallbackStore(db.ds, RELEASE_AFTER_MS);
}, 60_000);
afterAll(async () => {
  await db?.drop();
}, 60_000);

const newTenant = () => db.newTenant();

let n = 0;
const callback = (leadId: string, operatorId: string, occurredMin: number, callbackMin: number): IngestEvent =>
  ({
    eventId: `cb-${++n}`,
    type: 'call.outcome',
    occurredAt: at(occurredMin).toISOString(),
    campaignId: 'c1',
    leadId,
    operatorId,
    disposition: 'CALLBACK',
    talkSeconds: 30,
    wrapSeconds: 5,
    callbackAt: at(callbackMin).toISOString(),
  }) as IngestEvent;
const call = (leadId: string, operatorId: string, disposition: string, occurredMin: number): IngestEvent =>
  ({ eventId: `call-${++n}`, type: 'call.outcome', occurredAt: at(occurredMin).toISOString(), campaignId: 'c1', leadId, operatorId, disposition, talkSeconds: 10, wrapSeconds: 0 }) as IngestEvent;
const state = (operatorId: string, s: string, occurredMin: number): IngestEvent =>
  ({ eventId: `st-${++n}`, type: 'operator.state', occurredAt: at(occurredMin).toISOString(), operatorId, state: s, campaignId: 'c1' }) as IngestEvent;

const apply = (tenantId: string, events: IngestEvent[]) => applier.apply({ tenantId, receivedAt: new Date().toISOString(), events });

async function settleAll(tenantId: string, now: Date) {
  const found = await store.findDue(tenantId, now, 1000);
  return store.settle(
    tenantId,
    found.map((f) => f.leadId),
    now,
  );
}

async function lead(tenantId: string, id: string) {
  const [row] = (await db.ds.query(
    'SELECT owner_operator_id, owner_assigned, callback_at, callback_released_from FROM leads WHERE tenant_id = $1 AND id = $2',
    [tenantId, id],
  )) as { owner_operator_id: string | null; owner_assigned: boolean; callback_at: Date | null; callback_released_from: string | null }[];
  return row;
}

async function expectOpenLeadCountersExact(tenantId: string) {
  const q = async (sql: string) => ((await db.ds.query(sql, [tenantId])) as Record<string, unknown>[]).map((r) => JSON.stringify(Object.values(r).map(String)));
  expect(await q(`SELECT operator_id, stage, leads FROM operator_lead_counts WHERE tenant_id = $1 AND leads <> 0 ORDER BY 1, 2`)).toEqual(
    await q(`SELECT owner_operator_id, stage, count(*) FROM leads WHERE tenant_id = $1 AND owner_operator_id IS NOT NULL
               AND stage IN ('new', 'contacted', 'prospect', 'opportunity', 'nurturing') GROUP BY 1, 2 ORDER BY 1, 2`),
  );
}

it('pushes a callback once when it comes due, and releases it to the pool once it is overdue', async () => {
  const t = await newTenant();
  await apply(t, [state('op-a', 'available', 0), callback('L1', 'op-a', 1, 30)]);
  expect((await settleAll(t, at(29))).due).toEqual([]);

  const due = await settleAll(t, at(31));
  expect(due.released).toEqual([]);
  expect(due.due).toHaveLength(1);
  expect(due.due[0]).toMatchObject({ operatorId: 'op-a', campaignId: 'c1', load: { callbacksDue: 1 } });
  expect((await settleAll(t, at(32))).due).toEqual([]);

  const released = await settleAll(t, at(30 + 15));
  expect(released.released).toHaveLength(1);
  expect(released.released[0]).toMatchObject({
    action: 'callback_released',
    campaignId: 'c1',
    toOperatorId: null,
    moves: [{ leadId: 'L1', fromOperatorId: 'op-a' }],
    by: { kind: 'system', email: null },
    reason: 'personal callback not made within 15 min of its time: released to the pool',
  });
  expect(released.released[0].seq).toBeGreaterThan(due.due[0].seq);
  expect(released.released[0].operators).toEqual([expect.objectContaining({ operatorId: 'op-a', load: expect.objectContaining({ callbacksDue: 0 }) })]);
  expect(await lead(t, 'L1')).toMatchObject({ owner_operator_id: null, owner_assigned: false, callback_released_from: 'op-a' });
  const audit = (await db.ds.query(`SELECT action, from_operator_id, to_operator_id, actor_kind FROM audit_log WHERE tenant_id = $1`, [t])) as unknown[];
  expect(audit).toEqual([{ action: 'callback_released', from_operator_id: 'op-a', to_operator_id: null, actor_kind: 'system' }]);
  expect((await settleAll(t, at(60))).released).toEqual([]);
  await expectOpenLeadCountersExact(t);

  // Anyone may now call it back: the next contact takes the lead and ends the callback.
  await apply(t, [call('L1', 'op-b', 'INTERESTED', 61)]);
  expect(await lead(t, 'L1')).toMatchObject({ owner_operator_id: 'op-b', callback_at: null });
  await expectOpenLeadCountersExact(t);
});

it('releases a due callback at once when its owner is offline, not before it is due', async () => {
  const t = await newTenant();
  await apply(t, [state('op-a', 'available', 0), callback('L1', 'op-a', 1, 30), state('op-a', 'offline', 5)]);
  expect((await settleAll(t, at(20))).released).toEqual([]);
  const r = await settleAll(t, at(30));
  expect(r.released.map((m) => [m.moves.map((x) => x.leadId), m.reason])).toEqual([[['L1'], 'personal callback due while its owner is offline: released to the pool']]);
  expect(r.due).toEqual([]);
  await expectOpenLeadCountersExact(t);
});

it('leaves a callback cancelled by a later contact or by dnc alone', async () => {
  const t = await newTenant();
  await apply(t, [
    state('op-a', 'offline', 0),
    callback('L1', 'op-a', 1, 30),
    call('L1', 'op-a', 'INTERESTED', 2),
    callback('L2', 'op-a', 1, 30),
    call('L2', 'op-a', 'DO_NOT_CALL', 2),
  ]);
  expect(await settleAll(t, at(120))).toEqual({ released: [], due: [] });
  expect(await lead(t, 'L1')).toMatchObject({ owner_operator_id: 'op-a', callback_at: null });
});

it('keeps a released lead with the operator a manager then gives it to, but releases it again if a refold hands it back', async () => {
  const t = await newTenant();
  await apply(t, [state('op-a', 'available', 0), state('op-b', 'available', 0), callback('L1', 'op-a', 10, 30)]);
  expect((await settleAll(t, at(50))).released).toHaveLength(1);

  // A manager's assignment (what the API writes) sticks although the callback is still overdue.
  await db.ds.query(`UPDATE leads SET owner_operator_id = 'op-b', owner_assigned = true WHERE tenant_id = $1 AND id = 'L1'`, [t]);
  await db.ds.query(`INSERT INTO operator_lead_counts (tenant_id, operator_id, campaign_id, stage, leads) VALUES ($1, 'op-b', 'c1', 'contacted', 1)`, [t]);
  expect(await settleAll(t, at(60))).toEqual({ released: [], due: [] });

  // A late event refolds the lead: without a manager's pin the owner is recomputed from the calls (op-a).
  await db.ds.query(`UPDATE leads SET owner_assigned = false WHERE tenant_id = $1 AND id = 'L1'`, [t]);
  await apply(t, [call('L1', 'op-a', 'NO_ANSWER', 5)]);
  expect(await lead(t, 'L1')).toMatchObject({ owner_operator_id: 'op-a' });
  const again = await settleAll(t, at(61));
  expect(again.released.map((m) => m.moves)).toEqual([[{ leadId: 'L1', fromOperatorId: 'op-a' }]]);
  await expectOpenLeadCountersExact(t);
});
