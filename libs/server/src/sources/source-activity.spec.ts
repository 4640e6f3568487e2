/** Source activity in the real PostgreSQL: counts per source and day, latest errors kept bounded. */
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { SOURCE_ERRORS_KEPT, SourceActivity } from './source-activity';

let db: TestDatabase;
let activity: SourceActivity;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase('source_activity');
  activity = new SourceActivity(db.ds);
  tenantId = randomUUID();
  await db.ds.query(`INSERT INTO tenants (id, name) VALUES ($1, 't')`, [tenantId]);
});

afterAll(async () => db.drop());

it('adds accepted events per source and UTC day, keeping the latest time', async () => {
  await activity.recordAccepted(tenantId, { kind: 'vicidial' }, 3, new Date('2026-11-30T23:59:00Z'));
  await activity.recordAccepted(tenantId, { kind: 'vicidial' }, 2, new Date('2026-11-30T10:00:00Z'));
  await activity.recordAccepted(tenantId, { kind: 'vicidial' }, 1, new Date('2026-12-01T00:01:00Z'));
  await activity.recordAccepted(tenantId, { kind: 'meta', id: 'src-1' }, 4, new Date('2026-11-30T12:00:00Z'));
  const rows = (await db.ds.query(
    `SELECT source, source_id, day::text AS day, events::int AS events, last_event_at FROM source_activity WHERE tenant_id = $1 ORDER BY source, day`,
    [tenantId],
  )) as { source: string; source_id: string; day: string; events: number; last_event_at: Date }[];
  expect(rows.map((r) => [r.source, r.source_id, r.day, r.events])).toEqual([
    ['meta', 'src-1', '2026-11-30', 4],
    ['vicidial', '', '2026-11-30', 5],
    ['vicidial', '', '2026-12-01', 1],
  ]);
  expect(new Date(rows[1].last_event_at).toISOString()).toBe('2026-11-30T23:59:00.000Z');
});

it(`keeps only the latest ${SOURCE_ERRORS_KEPT} errors of a source`, async () => {
  const base = Date.parse('2026-11-30T08:00:00Z');
  for (let i = 0; i < SOURCE_ERRORS_KEPT + 5; i++) {
    await activity.recordError(tenantId, { kind: 'csv' }, `error ${i}`, new Date(base + i * 1000));
  }
  await activity.recordError(tenantId, { kind: 'api' }, 'other source', new Date(base));
  const rows = (await db.ds.query(
    `SELECT message FROM source_errors WHERE tenant_id = $1 AND source = 'csv' ORDER BY at DESC`,
    [tenantId],
  )) as { message: string }[];
  expect(rows).toHaveLength(SOURCE_ERRORS_KEPT);
  expect(rows[0].message).toBe(`error ${SOURCE_ERRORS_KEPT + 4}`);
  expect(rows[rows.length - 1].message).toBe('error 5');
});

it('never throws: a failure is logged, the caller goes on', async () => {
  await expect(activity.recordAccepted('not-a-uuid', { kind: 'api' }, 1)).resolves.toBeUndefined();
});

it('coalesces the counts that arrive while a row is being written: one write at a time, nothing lost', async () => {
  const other = randomUUID();
  await db.ds.query(`INSERT INTO tenants (id, name) VALUES ($1, 't2')`, [other]);
  const writes: number[] = [];
  const counting = new SourceActivity(
    new Proxy(db.ds, {
      get: (target, prop) =>
        prop === 'query'
          ? (sql: string, params: unknown[]) => {
              if (sql.includes('INSERT INTO source_activity')) writes.push(params[3] as number);
              return target.query(sql, params);
            }
          : Reflect.get(target, prop),
    }),
  );
  const at = new Date('2026-11-30T09:00:00Z');
  // 20 requests at once: the first is written alone, the 19 that arrive during its write go together.
  await Promise.all(Array.from({ length: 20 }, (_, i) => counting.recordAccepted(other, { kind: 'api' }, i + 1, new Date(at.getTime() + i))));
  expect(writes).toEqual([1, 209]);
  const [row] = (await db.ds.query(`SELECT events::int AS events, last_event_at FROM source_activity WHERE tenant_id = $1`, [other])) as { events: number; last_event_at: Date }[];
  expect(row.events).toBe(210);
  expect(new Date(row.last_event_at).getTime()).toBe(at.getTime() + 19);
  // Once resolved, the count is stored: a request answered 202 is already on the Sources page.
  await counting.recordAccepted(other, { kind: 'api' }, 5, at);
  expect(writes).toEqual([1, 209, 5]);
});
