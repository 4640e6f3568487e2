/** A batch that fails every retry is kept as a dead letter and counted — never silently dropped. */
import { DataSource } from 'typeorm';
import { leadCreated } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

let stack: Stack;
let db: DataSource;
let tenant: TenantCredentials;

beforeAll(async () => {
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 1 } });
  await db.initialize();
  // A real failure inside PostgreSQL for one poisoned lead id (the run's own database).
  await db.query(`
    CREATE OR REPLACE FUNCTION reject_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.id LIKE 'POISON%' THEN RAISE EXCEPTION 'poisoned lead %', NEW.id; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER reject_poison BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION reject_poison();`);
  stack = await startStack({ env: { JOB_ATTEMPTS: '2' } });
  tenant = await createTenant(stack);
});

afterAll(async () => {
  await stack?.stop();
  await db?.query('DROP TRIGGER IF EXISTS reject_poison ON leads; DROP FUNCTION IF EXISTS reject_poison();');
  await db?.destroy();
});

it('keeps a batch that failed all its attempts and counts it for the admin', async () => {
  const token = await login(stack, tenant.adminEmail, tenant.adminPassword);
  expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-dl', 'POISON-1'), leadCreated('c-dl', 'OK-with-poison')])).status).toBe(202);
  expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-dl', 'OK-1')])).status).toBe(202);

  await waitFor(async () => (await getJson<{ count: number }>(stack, '/api/v1/admin/dead-letters', token)).body.count === 1, {
    timeoutMs: 30_000,
    what: 'one dead letter',
  });
  const { body } = await getJson<{ count: number; queueFailed: number; latest: { events: number; error: string }[] }>(stack, '/api/v1/admin/dead-letters', token);
  expect(body.latest[0]).toMatchObject({ events: 2, error: expect.stringContaining('poisoned lead POISON-1') });
  expect(body.queueFailed).toBe(1);
  const stored = (await db.query(`SELECT events FROM dead_letters WHERE tenant_id = $1`, [tenant.tenantId])) as { events: { leadId: string }[] }[];
  expect(stored[0].events.map((e) => e.leadId).sort()).toEqual(['OK-with-poison', 'POISON-1']);
  // The other batch was applied; the failed one left nothing half-done.
  expect((await getJson(stack, '/api/v1/leads/OK-1', token)).status).toBe(200);
  expect((await getJson(stack, '/api/v1/leads/OK-with-poison', token)).status).toBe(404);
  // Only admins may look.
  expect((await getJson(stack, '/api/v1/admin/dead-letters', tenant.wallToken)).status).toBe(403);
});
