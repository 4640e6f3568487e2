/**
 * The set's lead write updates each stored lead where `lock` took it (one TID fetch per row), whatever the
 * planner believes about the table. Without statistics (a table never analysed, or a tenant that came after
 * the last analysis) the planner took the tenant's leads for a few dozen rows and read them all for each set,
 * hashed against the set: a cost that grew with the table (the largest statement of `npm run bench` once the
 * table held some 100,000 leads). The new leads of the same set are inserted by their own statement.
 */
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import type { EntityManager } from 'typeorm';
import { leadRecord, newLeadRow, rowToState, stateToRecord, storedCallCodes, type LeadRecord, type LeadRow } from './lead-row';
import { LeadRepository } from './lead.repository';

// Real database work on a shared 2-core machine: a few seconds per test is normal.
jest.setTimeout(60_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('lead_write_plan');
});
afterAll(async () => {
  await db?.drop();
});

const AT = '2026-11-30T09:00:00.000Z';

/** The record writing a stored lead back one attempt further. */
function attempted(row: LeadRow): LeadRecord {
  const state = { ...rowToState(row), attempts: row.attempts + 1 };
  return leadRecord(row, false, stateToRecord(row.id, state, undefined, null), storedCallCodes(row), { priority: 10, hot: false, reasons: [], nextAt: null }, AT);
}

it('updates each stored lead of a set where it was locked (a TID scan, whatever the statistics)', async () => {
  const tenantId = await db.newTenant();
  await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-w', 'c-w')`, [tenantId]);
  // A table the planner has no statistics for: many leads of one tenant, a set touching a few hundred.
  await db.ds.query(
    `INSERT INTO leads (tenant_id, id, campaign_id, stage, phone, priority, waiting_since)
     SELECT $1, 'W-' || i, 'c-w', 'contacted', '+39 333 ' || i, i % 100, now() FROM generate_series(1, 30000) AS i`,
    [tenantId],
  );
  const repo = new LeadRepository();
  const ids = Array.from({ length: 400 }, (_, i) => `W-${i * 70 + 1}`);
  await db.ds.transaction(async (m) => {
    // As the processes work: the app's role, behind the tenant wall.
    await m.query(`SET LOCAL ROLE leadboard_app`);
    await m.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const records = (await repo.lock(m, tenantId, ids)).map(attempted);
    // And a few leads new to the table in the same set: inserted (with their campaign's foreign-key check).
    const fresh = Array.from({ length: 50 }, (_, i) => {
      const row = newLeadRow(`N-${i}`, 'c-w');
      return leadRecord(row, true, stateToRecord(row.id, rowToState(row), undefined, null), storedCallCodes(row), { priority: 5, hot: false, reasons: [], nextAt: null }, AT);
    });
    // What the write sends, recorded (the new leads answered as inserted), then the update EXPLAINed in this
    // transaction under the settings the write gives it.
    const sent: { sql: string; params?: unknown[] }[] = [];
    const recording = {
      query: async (sql: string, params?: unknown[]) => (sent.push({ sql, params }), sql.includes('INSERT INTO leads') ? (params![1] as string[]).map((id) => ({ id })) : []),
    } as unknown as EntityManager;
    await expect(repo.write(recording, tenantId, [...fresh, ...records])).rejects.toThrow(/400 locked lead\(s\) not found where they were locked/);
    const update = sent.findIndex((q) => q.sql.includes('UPDATE leads l'));
    for (const q of sent.slice(0, update)) if (!q.sql.includes('INSERT INTO leads')) await m.query(q.sql, q.params);
    const plan = ((await m.query(`EXPLAIN ${sent[update].sql}`, sent[update].params)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']);
    for (const q of sent.slice(update + 1)) await m.query(q.sql, q.params);
    // The only read of the leads under the update is the TID fetch per row of the set (no scan of the tenant's leads).
    const reads = plan.slice(plan.findIndex((l) => l.includes('Update on leads')) + 1).filter((l) => /Scan\b.* on leads\b|Scan using \w+ on leads\b/.test(l));
    expect(reads.map((l) => l.trim().replace(/\s+\(cost.*/, ''))).toEqual(['->  Tid Scan on leads l']);
    expect(plan[plan.findIndex((l) => l.includes('Tid Scan on leads l')) + 1]).toMatch(/TID Cond: \(ctid = x_?\d*\.row_tid\)/);

    // And the write itself: every lead of the set one attempt further, no other lead touched.
    await repo.write(m, tenantId, [...fresh, ...records]);
    // The planner's settings are the transaction's own again for whatever the set runs next.
    const [settings] = (await m.query(`SELECT current_setting('enable_seqscan') AS seq, current_setting('enable_bitmapscan') AS bitmap, current_setting('enable_indexscan') AS idx`)) as Record<string, string>[];
    expect(settings).toEqual({ seq: 'on', bitmap: 'on', idx: 'on' });
  });
  const [counts] = (await db.ds.query(
    `SELECT count(*) FILTER (WHERE id = ANY($2::text[]) AND attempts = 1 AND priority = 10)::int AS moved,
            count(*) FILTER (WHERE id LIKE 'W-%' AND NOT id = ANY($2::text[]) AND attempts = 0)::int AS others,
            count(*) FILTER (WHERE id LIKE 'N-%' AND priority = 5)::int AS inserted
       FROM leads WHERE tenant_id = $1`,
    [tenantId, ids],
  )) as { moved: number; others: number; inserted: number }[];
  expect(counts).toEqual({ moved: 400, others: 29_600, inserted: 50 });
});
