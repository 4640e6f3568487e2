/**
 * The tenant walls in the started processes: the API and the worker work as `leadboard_app` (each says
 * so at start, and would refuse to start as a role that row-level security does not bind), while the
 * test's own login — the tables' owner, a superuser — sees every tenant. Two tenants use the same
 * campaign and lead ids: only the walls (and the filters) keep them apart.
 */
import { DataSource } from 'typeorm';
import { leadCreated } from '../support/events';
import { connectLive } from '../support/live-client';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

let stack: Stack;
let owner: DataSource;
let a: TenantCredentials;
let b: TenantCredentials;

beforeAll(async () => {
  stack = await startStack();
  owner = await new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 1 } }).initialize();
  [a, b] = [await createTenant(stack), await createTenant(stack)];
});

afterAll(async () => {
  await owner?.destroy();
  await stack?.stop();
});

it('the API and the worker work as leadboard_app, a role neither superuser nor BYPASSRLS, and stay ready', async () => {
  // Each process logs the role its connections work as (JSON lines naming the process).
  const said = (proc: string) => stack.logs().split('\n').some((l) => l.includes(`"process":"${proc}"`) && l.includes('working as leadboard_app'));
  expect(said('api')).toBe(true);
  expect(said('worker')).toBe(true);
  expect(await owner.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'leadboard_app'`)).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  // The owner's login is what the processes were given; they switched to the role at connection.
  expect(await owner.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).toEqual([{ rolsuper: true }]);
  const ready = await fetch(`${stack.apiUrl}/health/ready`);
  expect(ready.status).toBe(200);
});

it('ingest, reads, logins and the live channel work behind the walls, each tenant with its own rows under the same ids', async () => {
  for (const [t, name] of [[a, 'Anna A'], [b, 'Bruno B']] as const) {
    expect((await postEvents(stack, t.ingestKey, [leadCreated('c-same', 'L-same', new Date(), { lead: { source: 'web_form', name } })])).status).toBe(202);
  }
  const tokenA = await login(stack, a.adminEmail, a.adminPassword);
  const tokenB = await login(stack, b.adminEmail, b.adminPassword);
  for (const [token, name] of [[tokenA, 'Anna A'], [tokenB, 'Bruno B']] as const) {
    await waitFor(async () => (await getJson<{ contact?: { name?: string | null } }>(stack, '/api/v1/leads/L-same', token)).body.contact?.name === name, { what: `lead of ${name}` });
  }
  const [{ n }] = (await owner.query(`SELECT count(*)::int AS n FROM leads WHERE id = 'L-same' AND tenant_id = ANY($1::uuid[])`, [[a.tenantId, b.tenantId]])) as { n: number }[];
  expect(n).toBe(2);

  const socket = await connectLive(stack.apiUrl, tokenB);
  try {
    expect(await socket.subscribe({ tenant: true })).toEqual({ ok: true, campaignIds: ['c-same'] });
  } finally {
    socket.close();
  }
  // The wall token of one tenant reads its own campaign only.
  expect((await getJson<{ campaignId: string }[]>(stack, '/api/v1/campaigns', a.wallToken)).body.map((c) => c.campaignId)).toEqual(['c-same']);
});

it('security events are written behind the walls: a refusal naming no tenant without one, a tenant\'s in its own scope', async () => {
  const since = new Date();
  expect((await getJson(stack, '/api/v1/campaigns', 'lbk_made-up-key')).status).toBe(401);
  expect((await getJson(stack, '/api/v1/campaigns', a.ingestKey)).status).toBe(403);
  const rows = async () =>
    (await owner.query(`SELECT tenant_id, status FROM security_audit WHERE event = 'request.refused' AND route = '/api/v1/campaigns' AND at >= $1 ORDER BY status`, [since])) as {
      tenant_id: string | null;
      status: number;
    }[];
  await waitFor(async () => (await rows()).length === 2, { what: 'two refusals audited' });
  expect(await rows()).toEqual([
    { tenant_id: null, status: 401 },
    { tenant_id: a.tenantId, status: 403 },
  ]);
});
