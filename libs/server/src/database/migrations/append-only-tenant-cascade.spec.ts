/**
 * The append-only tables without a foreign key to `tenants`: deleting tenants still deletes their events
 * and transitions (the trigger) and nothing of another tenant, when the tables' owner deletes them — on a
 * managed PostgreSQL a role with BYPASSRLS and no superuser rights, as the forced walls require.
 */
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';

let db: TestDatabase;
const owner = `lb_owner_it_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  db = await createTestDatabase('tenant_cascade');
  await db.ds.query(`CREATE ROLE ${owner} NOLOGIN NOSUPERUSER BYPASSRLS`);
  for (const table of ['tenants', 'events', 'stage_transitions']) await db.ds.query(`ALTER TABLE ${table} OWNER TO ${owner}`);
}, 60_000);

afterAll(async () => {
  await db?.drop();
  await db?.ds.query(`DROP ROLE IF EXISTS ${owner}`).catch(() => undefined);
});

async function history(tenantId: string): Promise<void> {
  await db.ds.query(
    `INSERT INTO events (tenant_id, event_id, type, occurred_at, payload) VALUES ($1, 'e-1', 'lead.created', now(), '{}'), ($1, 'e-2', 'call.outcome', now(), '{}')`,
    [tenantId],
  );
  await db.ds.query(
    `INSERT INTO stage_transitions (tenant_id, campaign_id, lead_id, to_stage, at, event_id, cause) VALUES ($1, 'c', 'L-1', 'new', now(), 'e-1', 'lead.created')`,
    [tenantId],
  );
}

async function rows(tenantId: string): Promise<{ events: number; transitions: number }> {
  const [r] = (await db.ds.query(
    `SELECT (SELECT count(*) FROM events WHERE tenant_id = $1)::int AS events, (SELECT count(*) FROM stage_transitions WHERE tenant_id = $1)::int AS transitions`,
    [tenantId],
  )) as { events: number; transitions: number }[];
  return r;
}

it('has no foreign key from the append-only tables to tenants (a per-row check and a lock on the tenant row per event)', async () => {
  const keys = (await db.ds.query(
    `SELECT conrelid::regclass::text AS "table" FROM pg_constraint WHERE contype = 'f' AND confrelid = 'tenants'::regclass AND conrelid IN ('events'::regclass, 'stage_transitions'::regclass)`,
  )) as unknown[];
  expect(keys).toEqual([]);
});

it("deletes the deleted tenants' events and transitions as the tables' owner, and leaves the others' alone", async () => {
  const [gone, alsoGone, kept] = [await db.newTenant('a'), await db.newTenant('b'), await db.newTenant('c')];
  for (const t of [gone, alsoGone, kept]) await history(t);

  await db.ds.transaction(async (m) => {
    await m.query(`SET LOCAL ROLE ${owner}`);
    await m.query('DELETE FROM tenants WHERE id = ANY($1::uuid[])', [[gone, alsoGone]]);
  });

  expect(await rows(gone)).toEqual({ events: 0, transitions: 0 });
  expect(await rows(alsoGone)).toEqual({ events: 0, transitions: 0 });
  expect(await rows(kept)).toEqual({ events: 2, transitions: 1 });
});
