/** The prospects_waiting thresholds migration, down and up again on a migrated database. */
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { ProspectHandoff1764835200000 } from './1764835200000-prospect-handoff';

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase('prospect_handoff');
  tenantId = randomUUID();
  await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'it']);
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const thresholds = async () =>
  Object.fromEntries(
    ((await db.ds.query(`SELECT id, alert_thresholds FROM campaigns WHERE tenant_id = $1 ORDER BY id`, [tenantId])) as { id: string; alert_thresholds: unknown }[]).map(
      (r) => [r.id, r.alert_thresholds],
    ),
  );

it('renames a stored prospectWaitSlaSeconds to prospectFollowUpSlaSeconds, and back on the way down', async () => {
  const migration = new ProspectHandoff1764835200000();
  const runner = db.ds.createQueryRunner();
  try {
    await migration.down(runner);
    await db.ds.query(
      `INSERT INTO campaigns (tenant_id, id, name, alert_thresholds) VALUES
         ($1, 'a', 'a', '{"prospectWaitSlaSeconds": 1800, "dropRateMax": 0.05}'),
         ($1, 'b', 'b', '{"dropRateMax": 0.05}'),
         ($1, 'c', 'c', NULL)`,
      [tenantId],
    );
    await migration.up(runner);
    expect(await thresholds()).toEqual({
      a: { prospectFollowUpSlaSeconds: 1800, dropRateMax: 0.05 },
      b: { dropRateMax: 0.05 },
      c: null,
    });
    await db.ds.query(
      `UPDATE campaigns SET alert_thresholds = '{"prospectHandoffSlaSeconds": 60, "prospectsWaitingMin": 2}' WHERE tenant_id = $1 AND id = 'c'`,
      [tenantId],
    );
    await migration.down(runner);
    expect(await thresholds()).toEqual({ a: { prospectWaitSlaSeconds: 1800, dropRateMax: 0.05 }, b: { dropRateMax: 0.05 }, c: null });
    await migration.up(runner);
  } finally {
    await runner.release();
  }
});
