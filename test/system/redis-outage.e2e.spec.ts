/** With Redis away, ingest answers 503 with Retry-After (never 202), and recovers when it is back. */
import { callOutcome, leadCreated } from '../support/events';
import { ownRedis, type OwnRedis } from '../support/own-redis';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { waitFor } from '../support/wait';

let redis: OwnRedis;
let stack: Stack;
let tenant: TenantCredentials;

beforeAll(async () => {
  redis = await ownRedis();
  await redis.start();
  stack = await startStack({ redisUrl: redis.url });
  tenant = await createTenant(stack);
});

afterAll(async () => {
  await stack?.stop();
  await redis?.stop();
});

it('answers 503 while Redis is down and 202 again once it is back, losing nothing accepted', async () => {
  const token = await login(stack, tenant.adminEmail, tenant.adminPassword);
  expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-out', 'R-1')])).status).toBe(202);
  // This test's Redis keeps nothing on disk (like the machine's): let R-1 be applied before pulling the plug.
  await waitFor(async () => (await getJson(stack, '/api/v1/leads/R-1', token)).status === 200, { what: 'R-1 applied' });

  await redis.stop();
  const down = await postEvents(stack, tenant.ingestKey, [leadCreated('c-out', 'R-lost'), callOutcome('c-out', 'R-lost', 'SALE')]);
  expect(down.status).toBe(503);
  expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await down.json()) as { message: string }).message).toMatch(/queue/);
  const ready = await fetch(`${stack.apiUrl}/health/ready`);
  expect(ready.status).toBe(503);
  // which dependency is down, and no error text
  expect(await ready.json()).toEqual({ status: 'error', postgres: 'up', redis: 'down' });
  expect((await fetch(`${stack.apiUrl}/health/live`)).status).toBe(200);

  await redis.start();
  await waitFor(async () => (await postEvents(stack, tenant.ingestKey, [leadCreated('c-out', 'R-2')])).status === 202, {
    timeoutMs: 30_000,
    intervalMs: 500,
    what: 'ingest to accept again',
  });
  // R-1 was accepted before the outage and applied; R-2 after it; R-lost was refused (the client must resend).
  await waitFor(async () => (await getJson<{ funnel: { new: number } }>(stack, '/api/v1/campaigns/c-out/metrics', token)).body.funnel.new === 2, {
    timeoutMs: 30_000,
    what: 'both accepted leads applied by the reconnected worker',
  });
  expect((await getJson(stack, '/api/v1/leads/R-lost', token)).status).toBe(404);
});
